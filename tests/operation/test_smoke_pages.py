import pytest
from django.urls import reverse

from mipg.operation import services
from mipg.operation.models import Activity, Indicator, Instrument


@pytest.fixture
def extras(ops, plan):
    world = ops.world
    indicator = services.indicator_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        name="Cumplimiento",
        numerator="Hechas",
        denominator="Programadas",
        unit="%",
        frequency="trimestral",
        direction="mayor",
    )
    services.indicator_target_set(user=world.head_planner, indicator=indicator, period="2026-T1", value=25)
    services.indicator_measurement_record(
        user=world.head_planner,
        indicator=indicator,
        period="2026-T1",
        numerator_value=2,
        denominator_value=10,
    )
    instrument = services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        kind="plan",
        decree_plan="PAA",
        name="Plan Anual de Adquisiciones",
        status="borrador",
    )
    return indicator, instrument


@pytest.mark.parametrize(
    "name",
    [
        "index",
        "leadership",
        "instrument_list",
        "instrument_create",
        "plan_home",
        "plan_import",
        "report_list",
        "indicator_list",
        "indicator_create",
        "dashboard",
        "sector_dashboard",
    ],
)
def test_every_page_renders_for_planning(login, world, extras, name):
    response = login(world.head_planner).get(reverse(f"operation:{name}"))
    assert response.status_code in (200, 302)


def test_detail_pages_render(login, world, plan, extras):
    client = login(world.head_planner)
    activity = Activity.objects.filter(goal__plan=plan).first()
    for url in (
        reverse("operation:plan_detail", args=[plan.pk]),
        reverse("operation:activity_detail", args=[activity.pk]),
        reverse("operation:indicator_detail", args=[Indicator.objects.get().pk]),
        reverse("operation:instrument_detail", args=[Instrument.objects.get().pk]),
        reverse("operation:instrument_edit", args=[Instrument.objects.get().pk]),
        reverse("operation:leadership_edit", args=[activity.policy_id]),
        reverse("operation:plan_export", args=[plan.pk]),
        reverse("operation:plan_template"),
        "/",
    ):
        assert client.get(url).status_code == 200, url
