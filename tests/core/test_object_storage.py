"""Evidence in S3-compatible object storage (issue 14 item 7), against a real S3 server on loopback
(moto's server mode): upload through the page, the object's bytes in the bucket, the SHA-256 check, the
gated download (never a redirect to the bucket) and copying every object out and back in through the
storage API, as backups and restores do."""

import hashlib
import io
import socket
import uuid
import zipfile
from types import SimpleNamespace

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from mipg.core.backup import BackupError, restore_backup, verify_archive
from mipg.core.models import Evidence
from mipg.core.storage import read_stored, s3_storage_config, stored_names, stored_sha256, write_stored
from mipg.operation import services as operation_services
from tests.factories import minimal_pdf

PDF = minimal_pdf()
KEYS = {"access_key": "test-key", "secret_key": "test-secret", "region": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    name = f"mipg-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region"],
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_config(bucket=name, endpoint_url=s3_endpoint, **KEYS),
    }
    return SimpleNamespace(name=name, client=client, endpoint=s3_endpoint)


def _object(bucket, key) -> bytes:
    return bucket.client.get_object(Bucket=bucket.name, Key=key)["Body"].read()


def _upload_through_the_page(world, login) -> Evidence:
    instrument = operation_services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2027,
        kind="plan",
        name="Plan X",
        status="borrador",
    )
    response = login(world.head_planner).post(
        reverse("operation:instrument_detail", args=[instrument.pk]),
        {
            "title": "Acta firmada",
            "file": SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Evidence.objects.get(title="Acta firmada")


def test_settings_turn_the_bucket_on_only_when_it_is_named():
    config = s3_storage_config(bucket="mipg", endpoint_url="http://s3.local", **KEYS)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["default_acl"] == "private" and config["OPTIONS"]["querystring_auth"] is True
    assert config["OPTIONS"]["file_overwrite"] is False


def test_uploaded_evidence_is_stored_in_the_bucket_with_its_bytes_and_digest(world, login, bucket):
    evidence = _upload_through_the_page(world, login)
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    stored = _object(bucket, evidence.file.name)
    assert stored == PDF
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest() == stored_sha256(evidence.file)
    acl = bucket.client.get_object_acl(Bucket=bucket.name, Key=evidence.file.name)
    assert not any("AllUsers" in str(grant.get("Grantee", {})) for grant in acl["Grants"])  # private


def test_a_changed_object_no_longer_matches_its_digest(world, login, bucket):
    evidence = _upload_through_the_page(world, login)
    bucket.client.put_object(Bucket=bucket.name, Key=evidence.file.name, Body=PDF + b"% tampered\n")
    assert stored_sha256(evidence.file) != evidence.sha256


def test_download_streams_the_object_to_allowed_users_only_and_never_redirects(world, login, bucket):
    evidence = _upload_through_the_page(world, login)
    url = reverse("evidence_download", args=[evidence.pk])
    response = login(world.control).get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == PDF
    assert "Location" not in response.headers and bucket.endpoint not in str(response.headers)
    other = login(world.outsider).get(url)
    assert other.status_code == 404
    assert login(world.child_planner).get(url).status_code == 404


def test_every_object_is_copied_out_and_back_through_the_storage_api(world, login, bucket, tmp_path):
    evidence = _upload_through_the_page(world, login)
    write_stored("control/evaluaciones/informe.pdf", PDF)
    names = list(stored_names())
    assert evidence.file.name in names and "control/evaluaciones/informe.pdf" in names
    saved = {name: read_stored(name) for name in names}  # what a backup keeps

    for name in names:  # the bucket is lost
        bucket.client.delete_object(Bucket=bucket.name, Key=name)
    assert list(stored_names()) == []

    for name, data in saved.items():  # a restore puts each object back under its name
        write_stored(name, data)
    assert _object(bucket, evidence.file.name) == PDF
    assert stored_sha256(evidence.file) == evidence.sha256
    response = login(world.control).get(reverse("evidence_download", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == PDF


def test_backup_copies_the_bucket_and_restore_puts_every_object_back(world, login, bucket, tmp_path):
    """`mipg backup` / `mipg restore` with evidence in the bucket: each object goes into the archive with
    its SHA-256, and after the bucket is lost the restore writes it back under the same key."""
    evidence = _upload_through_the_page(world, login)
    write_stored("control/evaluaciones/informe.pdf", PDF)
    names = list(stored_names())
    archive = tmp_path / "respaldo.zip"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out, stderr=io.StringIO())
    assert "Copia creada" in out.getvalue()
    manifest = verify_archive(archive)
    assert sorted(m[len("media/") :] for m in manifest["members"] if m.startswith("media/")) == sorted(names)
    assert manifest["members"][f"media/{evidence.file.name}"]["sha256"] == evidence.sha256
    with zipfile.ZipFile(archive) as zf:
        assert zf.read(f"media/{evidence.file.name}") == PDF

    for name in names:  # the bucket is lost
        bucket.client.delete_object(Bucket=bucket.name, Key=name)
    assert list(stored_names()) == []
    with pytest.raises(BackupError):  # the database is not empty: nothing is written without --force
        restore_backup(archive)
    assert list(stored_names()) == []

    summary = restore_backup(archive, force=True)
    assert summary.files == len(names)
    assert _object(bucket, evidence.file.name) == PDF
    assert _object(bucket, "control/evaluaciones/informe.pdf") == PDF
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert stored_sha256(evidence.file) == evidence.sha256
    response = login(world.control).get(reverse("evidence_download", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert login(world.outsider).get(reverse("evidence_download", args=[evidence.pk])).status_code == 404
