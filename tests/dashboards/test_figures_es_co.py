"""Figures and dates shown to people follow es-CO (issue 11.2): home, dashboards, history, import errors."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mipg.core.imports import ImportRejected
from mipg.measurement.results import samples
from mipg.measurement.results.models import Score
from mipg.operation import services as operation

from .test_dashboards import load_results

pytestmark = pytest.mark.django_db


def _set_idi(entity, vigencia, value):
    Score.objects.filter(subject__entity=entity, code="IDI", vigencia=vigencia).update(value=Decimal(value))


def test_home_and_entity_dashboard_show_scores_with_a_comma_and_signed_changes(world, login):
    load_results(world, 3, [2023, 2024])
    _set_idi(world.child, 2023, "60.0")
    _set_idi(world.child, 2024, "69.0")
    client = login(world.child_planner)
    home = client.get("/").content.decode()
    assert "IDI 2024: 69,0" in home and "69.0" not in home
    page = client.get(f"/tableros/entidad/{world.child.pk}/").content.decode()
    assert '<p class="big">69,0</p>' in page
    assert "+9,0 frente a 2023" in page


def test_history_shows_numbers_and_dates_as_colombians_read_them(world, login):
    indicator = operation.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2026, name="Ind", numerator="a", baseline=61
    )
    operation.indicator_save(
        user=world.head_planner, entity=world.head, indicator=indicator, baseline=Decimal("1250.5")
    )
    instrument = operation.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        kind="plan",
        name="Plan X",
        status="borrador",
    )
    operation.instrument_save(
        user=world.head_planner, entity=world.head, instrument=instrument, published_on=date(2026, 11, 27)
    )
    client = login(world.head_planner)
    body = client.get(
        reverse("object_history", args=["operation", "indicator", indicator.pk])
    ).content.decode()
    assert "<td>61,00</td><td>1.250,50</td>" in body and "61.00" not in body
    body = client.get(
        reverse("object_history", args=["operation", "instrument", instrument.pk])
    ).content.decode()
    assert "27 de noviembre de 2026" in body and "Noviembre" not in body


def test_import_error_messages_write_numbers_in_es_co(world):
    from mipg.measurement.results.services import results_import
    from tests.results.conftest import make_rows

    rows = make_rows(1)
    rows[0]["values"]["IDI"] = 120.5
    content = samples.build_results_workbook(rows, vigencia=2024)
    with pytest.raises(ImportRejected) as info:
        results_import(user=world.admin, file=content, vigencia=2024)
    messages = " ".join(str(p) for p in info.value.problems)
    assert "El puntaje 120,5 está fuera del rango 0 a 100." in messages


def test_the_sector_pdf_report_prints_es_co_figures_and_signed_changes(world, login):
    import io
    import re

    from django.core.cache import caches
    from pypdf import PdfReader

    caches["default"].clear()
    load_results(world, 4, [2023, 2024])
    _set_idi(world.child, 2023, "60.0")
    _set_idi(world.child, 2024, "69.0")
    from tests.jobs.helpers import run_page_job

    url = f"/tableros/sector/{world.sector.pk}/informe.pdf"
    _job, content = run_page_job(login(world.sector_planner), url)
    assert content is not None  # the report is a background job; its result is the PDF
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert re.search(r"\b69,0\b", text) and "+9,0" in text
    assert re.findall(r"\b\d{1,3}\.\d\b", text) == [], "no score written with a decimal point"
