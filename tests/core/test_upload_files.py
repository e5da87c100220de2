"""Issue 9, item 12: PDF/HTML hybrids and fake office files are refused on upload (PDFs are parsed with
pypdf, office files must be real zips), and stored uploads are served inline only when they are a known
safe type whose content checks out, as an attachment otherwise, always with nosniff."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from mipg.core.models import Evidence
from mipg.core.services import evidence_create
from mipg.institutional import services as institutional
from mipg.institutional.models import CommitteeAct
from tests.factories import minimal_pdf
from tests.institutional.conftest import cw  # noqa: F401  (fixture)

HYBRID = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
# A real PDF that only carries markup after its header: what a browser would sniff as a page.
HYBRID_PARSING = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + minimal_pdf()[9:]
PNG_HYBRID = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"


def _office(marker="[Content_Types].xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(marker, "<Types/>")
    return buffer.getvalue()


def _evidence(world, name, content):
    return evidence_create(
        user=world.head_planner, entity=world.head, title="x", file=SimpleUploadedFile(name, content)
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("informe.pdf", HYBRID, "no corresponde a un archivo PDF"),
        ("informe.pdf", HYBRID_PARSING, "no corresponde a un archivo PDF"),
        ("informe.pdf", b"%PDF-1.4\nbasura sin estructura\n%%EOF\n", "no es un documento PDF válido"),
        ("foto.png", PNG_HYBRID, "no corresponde a un archivo PNG"),
        ("informe.docx", b"PK\x03\x04 no es un zip", "no corresponde a un archivo DOCX"),
        ("informe.docx", _office("otra-cosa.txt"), "no corresponde a un archivo DOCX"),
        ("hoja.ods", _office(), "no corresponde a un archivo ODS"),
    ],
)
def test_hybrids_and_fake_files_are_refused_as_evidence(world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        _evidence(world, name, content)
    assert not Evidence.objects.exists()


def test_genuine_pdf_and_office_files_are_accepted_as_evidence(world):
    assert _evidence(world, "informe.pdf", minimal_pdf(2)).kind == Evidence.Kind.FILE
    assert _evidence(world, "informe.docx", _office()).kind == Evidence.Kind.FILE
    assert _evidence(world, "hoja.ods", _office("mimetype")).kind == Evidence.Kind.FILE


def _act(cw, content):  # noqa: F811
    return institutional.committee_act_add(
        user=cw.secretary_user,
        committee=cw.committee,
        act_type="resolucion",
        number="864",
        date=date(2021, 3, 1),
        issuer="Ministro",
        file=SimpleUploadedFile("resolucion.pdf", content, content_type="application/pdf"),
    )


def test_a_pdf_html_hybrid_is_refused_as_legal_act(cw):  # noqa: F811
    before = CommitteeAct.objects.count()
    for content in (HYBRID, HYBRID_PARSING):
        with pytest.raises(ValidationError, match="PDF"):
            _act(cw, content)
    assert CommitteeAct.objects.count() == before


def test_the_legal_act_page_refuses_a_hybrid_in_spanish(cw, login):  # noqa: F811
    before = CommitteeAct.objects.count()
    response = login(cw.secretary_user).post(
        f"/institucionalidad/comites/{cw.committee.pk}/actos/",
        {
            "act_type": "resolucion",
            "number": "865",
            "date": "2021-03-01",
            "issuer": "Ministro",
            "effect": CommitteeAct.Effect.CREATES,
            "file": SimpleUploadedFile("resolucion.pdf", HYBRID, content_type="application/pdf"),
        },
        follow=True,
    )
    assert "no corresponde a un archivo PDF" in response.content.decode()
    assert CommitteeAct.objects.count() == before


# ---------------------------------------------------------------- serving


def _stored_evidence(world, name, content):
    """An upload stored before these checks existed (written directly, unvalidated)."""
    return Evidence.objects.create(
        entity=world.head,
        title=name,
        kind=Evidence.Kind.FILE,
        file=ContentFile(content, name=name),
        original_name=name,
        uploaded_by=world.head_planner,
    )


@pytest.mark.parametrize(
    ("name", "content", "inline", "content_type"),
    [
        ("acta.pdf", minimal_pdf(), True, "application/pdf"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + bytes(32), True, "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + bytes(32), True, "image/jpeg"),
        ("viejo.pdf", HYBRID, False, "application/octet-stream"),
        ("viejo.pdf", HYBRID_PARSING, False, "application/octet-stream"),
        ("informe.docx", _office(), False, "application/octet-stream"),
        ("hoja.xlsx", _office(), False, "application/octet-stream"),
    ],
)
def test_evidence_is_served_inline_only_when_known_safe(world, login, name, content, inline, content_type):
    evidence = _stored_evidence(world, name, content)
    response = login(world.head_planner).get(f"/evidencias/{evidence.pk}/archivo/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")
    assert b"".join(response.streaming_content) == content


def test_legal_acts_are_served_inline_when_they_parse_and_as_attachment_otherwise(cw, login):  # noqa: F811
    act = _act(cw, minimal_pdf())
    client = login(cw.secretary_user)
    url = f"/institucionalidad/actos/{act.pk}/pdf/"
    response = client.get(url)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    act.file.save("viejo.pdf", ContentFile(HYBRID))  # stored before PDFs were parsed
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
