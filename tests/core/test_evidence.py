import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mipg.core.models import Evidence
from mipg.core.services import evidence_create, evidence_verify
from tests.factories import minimal_pdf

PDF = minimal_pdf()


def test_pdf_is_stored_with_its_sha256(world):
    evidence = evidence_create(
        user=world.head_planner, entity=world.head, title="Acta", file=SimpleUploadedFile("acta.pdf", PDF)
    )
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF) and evidence.kind == Evidence.Kind.FILE


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("informe.pdf", b"MZ\x90\x00 not a pdf", "no corresponde a un archivo PDF"),
        ("script.exe", b"MZ\x90\x00", "no es de un tipo permitido"),
        ("vacio.pdf", b"", "está vacío"),
    ],
)
def test_bad_files_are_refused_in_spanish_and_nothing_is_stored(world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        evidence_create(
            user=world.head_planner, entity=world.head, title="x", file=SimpleUploadedFile(name, content)
        )
    assert Evidence.objects.count() == 0


@override_settings(MIPG_MAX_UPLOAD_BYTES=10)
def test_too_large_file_is_refused(world):
    with pytest.raises(ValidationError, match="el máximo es"):
        evidence_create(
            user=world.head_planner, entity=world.head, title="x", file=SimpleUploadedFile("a.pdf", PDF)
        )


def test_only_internal_control_verifies_and_a_rejection_needs_a_note(world):
    evidence = evidence_create(
        user=world.head_planner, entity=world.head, title="Enlace", url="https://example.gov.co/a"
    )
    with pytest.raises(PermissionDenied):
        evidence_verify(user=world.head_planner, evidence=evidence, verified=True)
    with pytest.raises(ValidationError):
        evidence_verify(user=world.control, evidence=evidence, verified=False, note=" ")
    evidence_verify(user=world.control, evidence=evidence, verified=False, note="El enlace no abre")
    evidence.refresh_from_db()
    assert evidence.status == Evidence.Status.REJECTED and evidence.verified_by == world.control


def test_read_only_and_control_cannot_upload(world):
    for user in (world.reader, world.control):
        with pytest.raises(PermissionDenied):
            evidence_create(user=user, entity=world.head, title="x", url="https://example.gov.co")


def test_files_are_served_only_to_users_who_see_the_entity(world, login):
    evidence = evidence_create(
        user=world.head_planner, entity=world.head, title="Acta", file=SimpleUploadedFile("acta.pdf", PDF)
    )
    assert login(world.child_planner).get(f"/evidencias/{evidence.pk}/archivo/").status_code == 404
    response = login(world.control).get(f"/evidencias/{evidence.pk}/archivo/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_control_verifies_from_the_evidence_page(world, login):
    evidence = evidence_create(
        user=world.head_planner, entity=world.head, title="Enlace", url="https://example.gov.co/a"
    )
    client = login(world.control)
    response = client.post(f"/evidencias/{evidence.pk}/", {"verified": "1", "note": "Conforme"}, follow=True)
    assert "Verificada por control interno" in response.content.decode()
