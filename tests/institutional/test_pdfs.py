"""Issue 11 item 14: the Comité Sectorial report keeps every policy column on the page, the acta leaves no
orphan last page, PDFs carry their language, and an approved acta prints the SHA-256 of its canonical
data (recomputed here)."""

import hashlib
import io
import json
import re

import pytest
from pypdf import PdfReader

from mipg.core import pdf as core_pdf
from mipg.institutional import selectors, services
from tests.dashboards.test_dashboards import load_results

from .conftest import attend_all

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def captured_html(monkeypatch):
    """The HTML of every PDF rendered (to measure its layout with WeasyPrint)."""
    from django.core.cache import caches

    caches["default"].clear()
    seen = []
    original = core_pdf._write_pdf

    def write(html):
        seen.append(html)
        return original(html)

    monkeypatch.setattr(core_pdf, "_write_pdf", write)
    return seen


def _overflow(html: str) -> list[tuple[int, float, float]]:
    """(page, right edge, page width) of every box drawn beyond the right edge of its page."""
    from weasyprint import HTML

    problems = []
    for number, page in enumerate(HTML(string=html).render().pages, start=1):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            right = box.position_x + box.margin_width()
            if right > page.width + 0.5:
                problems.append((number, right, page.width))
            stack.extend(getattr(box, "children", None) or [])
    return problems


def test_sector_report_keeps_pol19_on_the_page_and_is_tagged_es_co(world, login, captured_html):
    world.head.acronym = "SUPERVIGILANCIA"  # a long name in the heat map's first column
    world.head.save()
    load_results(world, 10, [2023, 2024])
    from tests.jobs.helpers import run_page_job

    _job, pdf = run_page_job(login(world.sector_planner), f"/tableros/sector/{world.sector.pk}/informe.pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "es-CO"
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = "\n".join(page.extract_text() for page in reader.pages)
    header = next(line for line in text.splitlines() if line.startswith("Entidad POL01"))
    assert header.split()[-1] == "POL19" and len(header.split()) == 20
    assert captured_html and _overflow(captured_html[-1]) == []


def _approved_acta(cw, session, notes=""):
    attend_all(cw, session)
    services.decision_record(user=cw.secretary_user, session=session, text="Aprobar el informe", votes_for=3)
    acta = services.acta_generate(user=cw.secretary_user, session=session)
    if notes:
        services.acta_update(user=cw.secretary_user, acta=acta, notes=notes)
    return services.acta_approve(user=cw.president_user, acta=acta)


def test_approved_acta_prints_the_sha256_of_its_canonical_data(cw, past_session, api):
    acta = _approved_acta(cw, past_session)
    session_api = api(cw.secretary_user).get(f"/api/v1/committee-sessions/{past_session.pk}/").json()
    assert session_api["acta"]["content_sha256"] == acta.content_sha256
    assert re.fullmatch(r"[0-9a-f]{64}", acta.content_sha256)
    with acta.pdf.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == acta.pdf_sha256
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == "es-CO"
    last = reader.pages[-1].extract_text().replace("\n", "")
    printed = re.search(r"contenido aprobado \(datos canónicos del acta\):([0-9a-f]{64})", last)
    assert printed, last[-400:]
    # recompute from the data in the database, independently of the stored value
    acta.refresh_from_db()
    canonical = selectors.acta_canonical(acta)
    recomputed = hashlib.sha256(
        json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ).hexdigest()
    assert printed.group(1) == recomputed == acta.content_sha256
    assert canonical["decisions"][0][0] == "Aprobar el informe"
    assert ["Viceministro", "Ana Miembro", "miembro", True, "presente", ""] in canonical["attendance"]
    # any change of what the acta records changes the fingerprint
    canonical["decisions"][0][1] = 2
    altered = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(altered.encode("utf-8")).hexdigest() != acta.content_sha256


def test_a_draft_acta_prints_no_fingerprint(cw, past_session, login):
    attend_all(cw, past_session)
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    text = "".join(_pages(services.render_acta_pdf(acta)))
    assert "BORRADOR" in text and "Huella SHA-256" not in text


@pytest.mark.parametrize("lines", [0, 2, 4, 8, 12, 16, 20, 24, 28, 32])
def test_the_acta_never_ends_on_a_page_with_only_its_closing(cw, past_session, lines):
    notes = "\n".join(
        f"Proposición {n}: texto de la proposición que ocupa casi una línea." for n in range(lines)
    )
    acta = _approved_acta(cw, past_session, notes=notes)
    with acta.pdf.open("rb") as handle:
        pages = _pages(handle.read())
    last = pages[-1].strip()
    # the closing block (formula, signatures, approval, fingerprint) never stands alone on the last page
    assert not last.startswith("Agotado el orden del día") and not last.startswith("Aprobada en el Gestor")
    assert "Agotado el orden del día" in last and "Huella SHA-256" in last
