"""`mipg backup` / `mipg restore`: the demo goes round trip with every table identical row by row (audit
entries and domain events included), the same uploaded files, no audit noise, and a tampered archive or a
non-empty database is refused in Spanish with nothing changed. Runs on SQLite and on PostgreSQL."""

import hashlib
import io
import json
import shutil
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from mipg.core.backup import read_sequences, storage_files
from mipg.core.models import DomainEvent, Evidence

PDF = b"%PDF-1.4\n% prueba\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot_tables() -> dict:
    """Every row of every table of the database (raw SQL, ordered), plus the sequences."""
    tables = {}
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table == "sqlite_sequence":
                continue
            cursor.execute(f"SELECT * FROM {qn(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
    tables["<sequences>"] = read_sequences()
    return tables


def snapshot_media() -> dict:
    result = {}
    for name in storage_files():
        with default_storage.open(name, "rb") as handle:
            result[name] = hashlib.sha256(handle.read()).hexdigest()
    return result


@pytest.fixture(scope="module")
def demo_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (plus an evidence file), its archive, and a snapshot of every table and file taken before
    the copy. Built once per module in a transaction that is rolled back: each test starts empty."""
    folder = tmp_path_factory.mktemp("demo-copy")
    archive = folder / "respaldo.zip"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        from django.contrib.auth import get_user_model

        from mipg.organizations.models import Entity

        # An evidence file too, so that every kind of upload (acta PDF, legal act, evidence) is copied.
        evidence = Evidence(
            entity=Entity.objects.get(acronym="MDN-UGG"),
            title="Evidencia de prueba",
            kind=Evidence.Kind.FILE,
            uploaded_by=get_user_model().objects.get(username="ugg"),
            original_name="prueba.pdf",
        )
        evidence.file.save("prueba.pdf", ContentFile(PDF), save=True)
        tables, media = snapshot_tables(), snapshot_media()
        audit_entries = LogEntry.objects.count()
        out = io.StringIO()
        call_command("backup", str(archive), stdout=out, stderr=io.StringIO())
        assert "Copia creada" in out.getvalue()
        transaction.set_rollback(True)
    return archive, tables, media, audit_entries


@pytest.fixture
def demo_archive(db, demo_copy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return demo_copy[0]


def test_demo_round_trips_identically_without_audit_noise(demo_archive, demo_copy):
    _archive, before_tables, before_media, audit_entries = demo_copy
    assert before_tables["auditlog_logentry"] and before_tables["core_domainevent"]
    assert any(name.startswith("actas/") for name in before_media)
    assert any(name.startswith("committee_acts/") for name in before_media)
    assert any(name.startswith("evidence/") for name in before_media)

    # A fresh installation: `mipg migrate` done (content types, permissions), no data, no files.
    assert LogEntry.objects.count() == 0 and not snapshot_media()
    out = io.StringIO()
    call_command("restore", str(demo_archive), stdout=out, stderr=io.StringIO())
    assert "Copia restaurada" in out.getvalue()

    after_tables = snapshot_tables()
    assert after_tables.keys() == before_tables.keys()
    for table in before_tables:
        assert after_tables[table] == before_tables[table], table
    assert snapshot_media() == before_media
    # No audit noise: exactly the original entries, none added by the load.
    assert LogEntry.objects.count() == audit_entries
    assert DomainEvent.objects.count() == len(before_tables["core_domainevent"])

    # New rows continue after the restored sequences (never reuse an id).
    largest = max(row[0] for row in before_tables["core_domainevent"])
    event = DomainEvent.objects.create(
        content_type_id=DomainEvent.objects.first().content_type_id, object_id="1", object_repr="x", verb="x"
    )
    assert event.pk > largest


def test_restore_refuses_a_non_empty_database_unless_forced(demo_archive, demo_copy):
    call_command("restore", str(demo_archive), stdout=io.StringIO(), stderr=io.StringIO())
    before_tables, before_media = snapshot_tables(), snapshot_media()
    with pytest.raises(CommandError, match="no está vacía"):
        call_command("restore", str(demo_archive))
    assert snapshot_tables() == before_tables

    # --force replaces everything: the state afterwards is the archive's, whatever changed meanwhile.
    DomainEvent.objects.all().delete()
    default_storage.delete(next(iter(before_media)))
    call_command("restore", str(demo_archive), "--force", stdout=io.StringIO(), stderr=io.StringIO())
    assert snapshot_tables() == before_tables
    assert snapshot_media() == before_media


def test_restore_refuses_files_already_in_the_storage(demo_archive):
    default_storage.save("actas/otra.pdf", ContentFile(PDF))
    with pytest.raises(CommandError, match="almacenamiento de archivos cargados no está vacío"):
        call_command("restore", str(demo_archive))
    assert LogEntry.objects.count() == 0


def _tamper(archive, tmp_path, member_prefix, new_content=b"alterado"):
    tampered = tmp_path / "alterada.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        done = False
        for info in source.infolist():
            data = source.read(info.filename)
            if not done and info.filename.startswith(member_prefix):
                data, done = new_content, True
            target.writestr(info, data)
    assert done
    return tampered


@pytest.mark.parametrize("member", ["data/auditlog_logentry", "media/actas/", "manifest.json"])
def test_a_tampered_archive_is_refused_and_nothing_changes(demo_archive, tmp_path, member):
    tampered = _tamper(demo_archive, tmp_path, member)
    before = snapshot_tables()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(tampered))
    message = str(error.value)
    assert "alterada" in message or "manifiesto" in message
    assert snapshot_tables() == before
    assert not storage_files()


def test_an_added_member_or_a_wrong_archive_hash_is_refused(demo_archive, tmp_path):
    extra = tmp_path / "extra.zip"
    shutil.copy(demo_archive, extra)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("media/intruso.pdf", PDF)
    with pytest.raises(CommandError, match="alterada"):
        call_command("restore", str(extra))
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(demo_archive), "--sha256", "0" * 64)
    with pytest.raises(CommandError, match="no es una copia válida"):
        bogus = tmp_path / "bogus.zip"
        bogus.write_bytes(b"no soy un zip")
        call_command("restore", str(bogus))
    assert LogEntry.objects.count() == 0


def test_a_path_traversal_member_is_refused(demo_archive, tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(demo_archive) as source, zipfile.ZipFile(evil, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        for info in source.infolist():
            if info.filename != "manifest.json":
                target.writestr(info, source.read(info.filename))
        target.writestr("media/../../fuera.txt", b"x")
        manifest["members"]["media/../../fuera.txt"] = {
            "sha256": hashlib.sha256(b"x").hexdigest(),
            "size": 1,
        }
        target.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(CommandError, match="no permitido"):
        call_command("restore", str(evil))
    assert not (tmp_path / "fuera.txt").exists()


def _rewrite(archive, target, change):
    """Copy the archive, letting `change(manifest, members)` edit the manifest and the member bytes, with
    consistent hashes (as someone who knows the format would)."""
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read("manifest.json"))
        members = {name: source.read(name) for name in source.namelist() if name != "manifest.json"}
    change(manifest, members)
    manifest["members"] = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest))
    return target


def test_a_consistent_but_broken_archive_is_refused_and_rolled_back(demo_archive, tmp_path):
    def drop_table(manifest, members):
        manifest["tables"] = [t for t in manifest["tables"] if t["table"] != "core_domainevent"]
        del members["data/core_domainevent.jsonl"]

    def dangling_foreign_key(manifest, members):
        # An event whose content type does not exist: caught by the foreign-key check, all rolled back.
        row = [999999, "2026-01-01T00:00:00+00:00", None, None, 999999, "1", "x", "x", "", {}]
        members["data/core_domainevent.jsonl"] += json.dumps(row).encode() + b"\n"

    before = snapshot_tables()
    with pytest.raises(CommandError, match="faltan 1 tabla"):
        call_command("restore", str(_rewrite(demo_archive, tmp_path / "a.zip", drop_table)))
    with pytest.raises(CommandError, match="no se pudo cargar"):
        call_command("restore", str(_rewrite(demo_archive, tmp_path / "b.zip", dangling_foreign_key)))
    assert snapshot_tables() == before
    assert not storage_files()


def test_restore_refuses_another_schema_version(demo_archive, tmp_path):
    other = tmp_path / "otra.zip"
    with zipfile.ZipFile(demo_archive) as source, zipfile.ZipFile(other, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        for info in source.infolist():
            if info.filename != "manifest.json":
                target.writestr(info, source.read(info.filename))
        manifest["migrations"].append(["core", "9999_future"])
        target.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(CommandError, match="otra versión"):
        call_command("restore", str(other))


def test_backup_refuses_to_overwrite(demo_archive):
    with pytest.raises(CommandError, match="Ya existe"):
        call_command("backup", str(demo_archive))


def test_loaddata_writes_no_audit_entries(db, tmp_path):
    """The old path (dumpdata/loaddata of a fixture) no longer adds audit entries without an actor."""
    from mipg.organizations.models import Sector

    fixture = tmp_path / "sector.json"
    fixture.write_text(
        json.dumps([{"model": "organizations.sector", "pk": 990, "fields": {"code": "x-990", "name": "X"}}])
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Sector.objects.filter(pk=990).exists()
    assert LogEntry.objects.count() == 0
