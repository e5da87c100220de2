"""Operation numbers in es-CO (issue 11.1), typed indicator periods with audited correction and deletion
(issue 11.3) and out-of-range values (issue 9.11)."""

import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mipg.core.models import DomainEvent
from mipg.operation import services
from mipg.operation.models import ActionPlan, Activity, Indicator, IndicatorMeasurement, IndicatorTarget
from mipg.operation.periods import parse_period

from .test_plan_editing import activity_post

pytestmark = pytest.mark.django_db


def make_indicator(world, frequency="trimestral", **extra):
    return services.indicator_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        name=extra.pop("name", "Ejecución"),
        numerator="Comprometido",
        denominator="Apropiado",
        unit=extra.pop("unit", "%"),
        frequency=frequency,
        **extra,
    )


def detail(indicator):
    return reverse("operation:indicator_detail", args=[indicator.pk])


# --- 11.1 numbers typed in es-CO


def test_measurement_page_reads_es_co_and_shows_it_back(ops, login):
    world = ops.world
    indicator = make_indicator(world, unit="personas")
    client = login(world.head_planner)
    page = client.get(detail(indicator)).content.decode()
    assert 'inputmode="decimal"' in page and 'type="number"' not in page and "Ejemplo: 1.250,5" in page
    client.post(detail(indicator), {"m-period": "2026-T1", "m-value": "70,5"})
    client.post(detail(indicator), {"m-period": "2026-T2", "m-value": "1.250,5"})
    client.post(detail(indicator), {"target-period": "2026-T2", "target-value": "1.200"})
    values = dict(indicator.measurements.values_list("period", "value"))
    assert values == {"2026-T1": Decimal("70.5"), "2026-T2": Decimal("1250.5")}
    assert indicator.targets.get().value == Decimal("1200")
    body = client.get(detail(indicator)).content.decode()
    assert '<td class="num">1.250,5</td>' in body and '<td class="num">70,5</td>' in body
    assert '<td class="num">1.200</td>' in body and "trimestre 2 de 2026" in body


@pytest.mark.parametrize("typed", ["1,250.5", "12.50,3", "1..2", "setenta", "-3"])
def test_measurement_page_refuses_malformed_and_negative_values(ops, login, typed):
    world = ops.world
    indicator = make_indicator(world)
    response = login(world.head_planner).post(detail(indicator), {"m-period": "2026-T1", "m-value": typed})
    body = response.content.decode()
    assert "no es un número válido" in body or "no puede ser negativo" in body
    assert not indicator.measurements.exists()


def test_negative_baseline_is_refused_on_page_and_service(ops, login):
    world = ops.world
    response = login(world.head_planner).post(
        reverse("operation:indicator_create"),
        {
            "vigencia": "2026",
            "name": "Cobertura",
            "numerator": "a",
            "unit": "%",
            "frequency": "trimestral",
            "direction": "mayor",
            "baseline": "-5",
        },
    )
    assert "no puede ser negativo" in response.content.decode()
    assert not Indicator.objects.exists()
    with pytest.raises(ValidationError):
        make_indicator(world, baseline=Decimal("-5"))
    indicator = make_indicator(world, baseline=Decimal("1250.5"))
    assert indicator.baseline == Decimal("1250.5")


def test_activity_weight_and_plan_vigencia_read_es_co(ops, login):
    world = ops.world
    client = login(world.head_planner)
    client.post(reverse("operation:plan_create"), {"vigencia": "2.027", "name": ""})
    plan = ActionPlan.objects.get(entity=world.head, vigencia=2027)
    goal = services.goal_save(user=world.head_planner, plan=plan, code="M1", name="Meta")
    response = client.post(
        reverse("operation:activity_create", args=[goal.pk]), activity_post(ops, weight="12,5")
    )
    assert response.status_code == 302
    activity = Activity.objects.get(goal=goal)
    assert activity.weight == Decimal("12.5")
    bad = client.post(
        reverse("operation:activity_edit", args=[activity.pk]), activity_post(ops, weight="12.5")
    )
    assert "no es un número válido" in bad.content.decode()
    form = client.get(reverse("operation:activity_edit", args=[activity.pk])).content.decode()
    assert 'value="12,5"' in form


def test_progress_api_keeps_json_numbers_and_parses_text(api, ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M2.1")
    client = api(ops.leader)
    base = {"activity": activity.pk, "narrative": "hecho", "evidence_url": "https://example.gov.co/e"}
    response = client.post(
        "/api/v1/progress-reports/", {**base, "period": "T1", "percent": "12,5"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Decimal(str(response.json()["percent"])) == Decimal("12.5")
    response = client.post(
        "/api/v1/progress-reports/", {**base, "period": "T2", "percent": 20.5}, format="json"
    )
    assert response.status_code == 201, response.json()
    refused = client.post(
        "/api/v1/progress-reports/", {**base, "period": "T3", "percent": "30.5"}, format="json"
    )
    assert refused.status_code == 400 and "no es un número válido" in str(refused.json())


def test_plan_import_reads_text_weights_in_es_co(ops):
    from .conftest import plan_rows, xlsx_upload

    rows = plan_rows(goals=1, activities=2)
    rows[0][9], rows[1][9] = "37,5", "62,5"
    plan = services.plan_import(
        user=ops.world.head_planner, entity=ops.world.head, vigencia=2026, upload=xlsx_upload(rows)
    )
    assert sorted(Activity.objects.filter(goal__plan=plan).values_list("weight", flat=True)) == [
        Decimal("37.5"),
        Decimal("62.5"),
    ]


# --- 11.3 typed periods


@pytest.mark.parametrize(
    "frequency,good,bad",
    [
        ("mensual", "2026-03", ["2026-13", "2026-T1", "marzo", "2026-3"]),
        ("trimestral", "2026-T4", ["2026-T5", "2026-S1", "2026-Q1", "T1", "2026 T1 extra"]),
        ("semestral", "2026-S2", ["2026-S3", "2026-T1", "2026"]),
        ("anual", "2026", ["2026-T1", "26", "9999", "0001"]),
    ],
)
def test_periods_match_the_indicator_frequency(ops, frequency, good, bad):
    world = ops.world
    indicator = make_indicator(world, frequency=frequency)
    services.indicator_measurement_record(user=world.head_planner, indicator=indicator, period=good, value=5)
    services.indicator_target_set(user=world.head_planner, indicator=indicator, period=good, value=6)
    for period in bad:
        with pytest.raises(ValidationError) as info:
            services.indicator_measurement_record(
                user=world.head_planner, indicator=indicator, period=period, value=5
            )
        assert "no es un periodo válido" in str(info.value)
        with pytest.raises(ValidationError):
            services.indicator_target_set(
                user=world.head_planner, indicator=indicator, period=period, value=5
            )
    assert indicator.measurements.count() == 1 and indicator.targets.count() == 1


def test_period_page_offers_only_the_frequency_periods_and_refuses_others(ops, login):
    world = ops.world
    indicator = make_indicator(world, frequency="semestral")
    client = login(world.head_planner)
    page = client.get(detail(indicator)).content.decode()
    assert 'value="2026-S1"' in page and 'value="2026-T1"' not in page and "semestre 1 de 2026" in page
    response = client.post(detail(indicator), {"m-period": "2026-T1", "m-value": "5"})
    assert "Escoja una opción válida" in response.content.decode()
    assert not indicator.measurements.exists()


def test_recording_a_period_twice_asks_for_a_correction(ops):
    world = ops.world
    indicator = make_indicator(world)
    services.indicator_measurement_record(
        user=world.head_planner, indicator=indicator, period="2026-T1", value=5
    )
    with pytest.raises(ValidationError, match="Corregir"):
        services.indicator_measurement_record(
            user=world.head_planner, indicator=indicator, period="2026-T1", value=6
        )
    assert indicator.measurements.get().value == 5


def test_measurement_is_corrected_and_deleted_with_a_reason_and_audited(ops, login):
    world = ops.world
    indicator = make_indicator(world)
    measurement = services.indicator_measurement_record(
        user=world.head_planner, indicator=indicator, period="2026-T1", value=Decimal("70")
    )
    client = login(world.head_planner)
    url = reverse("operation:measurement_correct", args=[measurement.pk])
    assert url in client.get(detail(indicator)).content.decode()
    missing = client.post(url, {"value": "70,5", "reason": ""})
    assert "Este campo es requerido" in missing.content.decode()
    assert IndicatorMeasurement.objects.get().value == Decimal("70")
    response = client.post(url, {"value": "70,5", "reason": "Error de digitación"})
    assert response.status_code == 302
    assert IndicatorMeasurement.objects.get().value == Decimal("70.5")
    event = DomainEvent.objects.get(
        verb="medición corregida", object_id=str(indicator.pk), content_type__model="indicator"
    )
    assert event.actor == world.head_planner
    assert event.description == "trimestre 1 de 2026: 70 → 70,5. Motivo: Error de digitación"
    history = client.get(reverse("object_history", args=["operation", "indicator", indicator.pk]))
    assert "Error de digitación" in history.content.decode()

    delete_url = reverse("operation:measurement_delete", args=[measurement.pk])
    assert "Este campo es requerido" in client.post(delete_url, {"reason": ""}).content.decode()
    assert client.post(delete_url, {"reason": "Periodo duplicado"}).status_code == 302
    assert not IndicatorMeasurement.objects.exists()
    event = DomainEvent.objects.get(
        verb="medición eliminada", object_id=str(indicator.pk), content_type__model="indicator"
    )
    assert "Periodo duplicado" in event.description and "70,5" in event.description


def test_correction_pages_are_gated(ops, login):
    world = ops.world
    indicator = make_indicator(world)
    measurement = services.indicator_measurement_record(
        user=world.head_planner, indicator=indicator, period="2026-T1", value=5
    )
    for name in ("measurement_correct", "measurement_delete"):
        url = reverse(f"operation:{name}", args=[measurement.pk])
        assert login(world.outsider).post(url, {"value": "1", "reason": "x"}).status_code == 404
        assert login(world.reader).post(url, {"value": "1", "reason": "x"}).status_code == 403
    assert IndicatorMeasurement.objects.get().value == 5
    with pytest.raises(Exception):  # noqa: B017 - the service refuses another entity's planner
        services.indicator_measurement_delete(user=world.outsider, measurement=measurement, reason="x")
    assert IndicatorMeasurement.objects.exists()


def test_frequency_does_not_change_once_periods_exist(ops):
    world = ops.world
    indicator = make_indicator(world)
    services.indicator_target_set(user=world.head_planner, indicator=indicator, period="2026-T1", value=5)
    with pytest.raises(ValidationError, match="frecuencia"):
        services.indicator_save(
            user=world.head_planner, entity=world.head, indicator=indicator, frequency="mensual"
        )


@pytest.mark.parametrize(
    "text,frequency,code",
    [
        ("2026-T1", "trimestral", "2026-T1"),
        ("2026 t1", "trimestral", "2026-T1"),
        ("T2-2026", "trimestral", "2026-T2"),
        ("I trimestre 2026", "trimestral", "2026-T1"),
        ("Trimestre 3 de 2026", "trimestral", "2026-T3"),
        ("2026-Q4", "trimestral", "2026-T4"),
        ("2026 S2", "semestral", "2026-S2"),
        ("segundo semestre 2026", "semestral", "2026-S2"),
        ("marzo 2026", "mensual", "2026-03"),
        ("2026/11", "mensual", "2026-11"),
        ("Vigencia 2026", "anual", "2026"),
    ],
)
def test_old_free_text_periods_are_read_for_the_migration(text, frequency, code):
    assert parse_period(text, frequency, lenient=True).code == code


def test_data_migration_rewrites_what_it_can_read(ops):
    from django.apps import apps

    world = ops.world
    indicator = make_indicator(world)
    # Rows written before periods were typed (bypassing the model's validation, as the old data was).
    IndicatorMeasurement.objects.bulk_create(
        [
            IndicatorMeasurement(
                indicator=indicator, period="2026 T1", value=1, measured_by=world.head_planner
            ),
            IndicatorMeasurement(indicator=indicator, period="algo", value=2, measured_by=world.head_planner),
        ]
    )
    IndicatorTarget.objects.bulk_create(
        [IndicatorTarget(indicator=indicator, period="II trimestre 2026", value=3)]
    )
    migration = importlib.import_module("mipg.operation.migrations.0003_indicator_periods_typed")
    migration.forwards(apps, None)
    assert sorted(indicator.measurements.values_list("period", flat=True)) == ["2026-T1", "algo"]
    assert indicator.targets.get().period == "2026-T2"


# --- 9.11 out of range


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_years_out_of_range_are_refused_for_plans_and_indicators(ops, login, year):
    world = ops.world
    client = login(world.head_planner)
    response = client.post(reverse("operation:plan_create"), {"vigencia": year, "name": ""})
    assert "El año debe estar entre 2000 y 2100." in response.content.decode()
    assert not ActionPlan.objects.exists()
    with pytest.raises(ValidationError):
        services.indicator_save(
            user=world.head_planner, entity=world.head, vigencia=int(year), name="X", numerator="a"
        )
