"""Questionnaire numbers typed as Colombians type them (issue 11.1) and out-of-range values (issue 9.11)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import build_workbook
from mipg.measurement.questionnaires.importer import ALL_COLUMNS, SHEET, read_workbook
from mipg.measurement.questionnaires.models import Campaign, Question
from mipg.measurement.questionnaires.scoring import looks_count

from .conftest import answer_of, as_file

pytestmark = pytest.mark.django_db


def amount_answer(campaign):
    """DTH130 of the demo counts people; here it stands for a numeric question about an amount, which
    takes decimals (the importer decides from the text; see test_counting_questions_are_detected)."""
    answer = answer_of(campaign, "DTH130")
    Question.objects.filter(pk=answer.question_id).update(whole_number=False)
    return answer_of(campaign, "DTH130")


@pytest.mark.parametrize(
    "typed,stored,shown",
    [
        ("1.250", Decimal("1250"), "1.250"),
        ("3.200", Decimal("3200"), "3.200"),
        ("1.250,5", Decimal("1250.5"), "1.250,5"),
        ("1250,5", Decimal("1250.5"), "1.250,5"),
    ],
)
def test_numeric_answer_page_reads_es_co_and_shows_it_back(world, campaign, login, typed, stored, shown):
    answer = amount_answer(campaign)
    url = reverse("questionnaires:answer_detail", args=[answer.pk])
    response = login(world.head_planner).post(url, {"action": "save", "number": typed}, follow=True)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.number == stored
    body = response.content.decode()
    assert f'value="{shown}"' in body
    assert "Ejemplo: 1.250,5" in body and 'placeholder="1.250,5"' in body


@pytest.mark.parametrize("typed", ["1,250.5", "1.25", "12.50,3", "1..2", "1,2,3", "doce", "-5"])
def test_numeric_answer_page_refuses_ambiguous_malformed_and_negative(world, campaign, login, typed):
    answer = amount_answer(campaign)
    url = reverse("questionnaires:answer_detail", args=[answer.pk])
    response = login(world.head_planner).post(url, {"action": "save", "number": typed})
    assert response.status_code == 400
    body = response.content.decode()
    assert "no es un número válido" in body or "no puede ser negativo" in body
    answer.refresh_from_db()
    assert answer.number is None and not answer.is_answered


def test_counting_questions_are_detected(world, campaign):
    assert answer_of(campaign, "DTH130").question.whole_number  # ¿Cuántos servidores…?
    assert answer_of(campaign, "DTH120").question.whole_number  # Indique el número de servidores…
    assert not looks_count("Porcentaje del presupuesto ejecutado")
    assert not looks_count("¿Cuál es el valor de los contratos?")
    assert looks_count("Cantidad de peticiones recibidas")


def test_head_counts_refuse_decimals(world, campaign, login):
    client = login(world.head_planner)
    answer = answer_of(campaign, "DTH130")  # ¿Cuántos servidores participaron…?
    url = reverse("questionnaires:answer_detail", args=[answer.pk])
    page = client.get(url).content.decode()
    assert 'inputmode="numeric"' in page and "Un número entero, por ejemplo 1.250." in page
    response = client.post(url, {"action": "save", "number": "1250,5"})
    assert response.status_code == 400 and "Escriba un número entero" in response.content.decode()
    response = client.post(url, {"action": "save", "number": "1.250"}, follow=True)
    answer.refresh_from_db()
    assert answer.number == 1250 and 'value="1.250"' in response.content.decode()

    answer = answer_of(campaign, "DTH120")  # numeric multiple choice: how many people per option
    option = answer.question.options.order_by("order").first()
    url = reverse("questionnaires:answer_detail", args=[answer.pk])
    response = client.post(url, {"action": "save", f"value_{option.pk}": "1250,5"})
    assert response.status_code == 400 and "Escriba un número entero" in response.content.decode()
    answer.refresh_from_db()
    assert answer.values == {}
    response = client.post(url, {"action": "save", f"value_{option.pk}": "1.250"}, follow=True)
    answer.refresh_from_db()
    assert answer.values[str(option.pk)] == "1250"
    assert 'value="1.250"' in response.content.decode()


def test_api_keeps_json_numbers_and_parses_text_with_the_same_parser(world, campaign, api):
    client = api(world.head_planner)
    answer = amount_answer(campaign)
    url = f"/api/v1/answers/{answer.pk}/answer/"
    assert client.post(url, {"number": 1250.5}, format="json").status_code == 200
    answer.refresh_from_db()
    assert answer.number == Decimal("1250.5")
    assert client.post(url, {"number": "1.250,5"}, format="json").status_code == 200
    answer.refresh_from_db()
    assert answer.number == Decimal("1250.5")
    refused = client.post(url, {"number": "1,250.5"}, format="json")
    assert refused.status_code == 400 and "no es un número válido" in refused.json()["error"]["message"]
    negative = client.post(url, {"number": -3}, format="json")
    assert negative.status_code == 400 and "negativo" in negative.json()["error"]["message"]
    count = answer_of(campaign, "DTH120")
    option = count.question.options.order_by("order").first()
    url = f"/api/v1/answers/{count.pk}/answer/"
    decimals = client.post(url, {"values": {str(option.pk): 1250.5}}, format="json")
    assert decimals.status_code == 400 and "entero" in decimals.json()["error"]["message"]
    negative = client.post(url, {"values": {str(option.pk): "-2"}}, format="json")
    assert negative.status_code == 400 and "negativo" in negative.json()["error"]["message"]
    assert client.post(url, {"values": {str(option.pk): "1.250"}}, format="json").status_code == 200
    assert api(world.outsider).post(url, {"values": {str(option.pk): 1}}, format="json").status_code == 404


@pytest.mark.parametrize("deadline", ["0001-01-01", "9999-12-31"])
def test_campaign_deadlines_out_of_range_are_refused_on_page_and_api(world, furag, login, api, deadline):
    response = login(world.head_planner).post(
        reverse("questionnaires:campaign_create"),
        {"questionnaire": furag.pk, "entity": world.head.pk, "vigencia": "2026", "deadline": deadline},
    )
    assert response.status_code in (200, 400)
    assert "entre los años 2000 y 2100" in response.content.decode()
    refused = api(world.head_planner).post(
        "/api/v1/campaigns/",
        {"questionnaire": furag.pk, "entity": world.head.pk, "vigencia": 2026, "deadline": deadline},
        format="json",
    )
    assert refused.status_code == 400 and "2000 y 2100" in str(refused.json())
    assert not Campaign.objects.exists()


def test_sector_campaign_deadline_out_of_range_is_refused(world, furag, login):
    response = login(world.sector_planner).post(
        reverse("questionnaires:sector_campaign_create"),
        {"questionnaire": furag.pk, "sector": world.sector.pk, "vigencia": "2026", "deadline": "9999-12-31"},
    )
    assert "entre los años 2000 y 2100" in response.content.decode()
    assert not Campaign.objects.exists()


def _questionnaire_book(points):
    row = {name: "" for name in ALL_COLUMNS}
    row.update(
        {
            "Código": "Q1",
            "Módulo": "Módulo",
            "Pregunta": "¿Cuántos?",
            "Política": "POL01",
            "Tipo": "Selección única",
            "Evidencia": "No",
            "Opciones": "Sí\nNo",
            "Puntos": points,
        }
    )
    return build_workbook([(SHEET, ALL_COLUMNS, [[row[name] for name in ALL_COLUMNS]])])


def test_questionnaire_import_reads_text_points_in_es_co(world):
    specs = read_workbook(as_file(_questionnaire_book("0,5\n1.000")))
    assert [o.points for o in specs[0].options] == [Decimal("0.5"), Decimal("1000")]
    with pytest.raises(ImportRejected) as info:
        read_workbook(as_file(_questionnaire_book("0.5\n1")))
    assert "«0.5» no es un número" in str(info.value.problems[0])
