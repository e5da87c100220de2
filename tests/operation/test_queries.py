"""List and dashboard pages run the same bounded number of queries whatever the plan's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.catalog.selectors import current_policies
from mipg.operation import services
from mipg.operation.models import Activity

from .conftest import plan_rows, xlsx_upload

PAGES = [
    "/operacion/",
    "/operacion/planes/{plan}/",
    "/operacion/tablero/",
    "/operacion/tablero/sector/",
    "/operacion/reportes/?estado=todos",
    "/operacion/liderazgo/",
    "/operacion/instrumentos/",
    "/operacion/indicadores/",
    "/api/v1/activities/",
    "/api/v1/progress-reports/",
    "/api/v1/policy-leaders/",
    "/api/v1/indicators/",
    "/api/v1/instruments/",
    "/api/v1/action-plans/{plan}/",
    "/api/v1/indicator-measurements/",
    "/api/v1/evidence/",
]


def build(ops, goals, activities):
    world = ops.world
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=goals, activities=activities)),
    )
    policies = list(current_policies())
    for policy in policies[: goals * 2]:
        services.leadership_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            policy=policy,
            leading_dependencia=ops.planning,
            leader=ops.leader_person,
            co_responsible=[ops.treasury],
        )
    services.plan_set_status(user=world.head_planner, plan=plan, status="ejecucion")
    for activity in Activity.objects.filter(goal__plan=plan):
        report = services.progress_report_submit(
            user=world.head_planner,
            activity=activity,
            period="T1",
            percent=10,
            narrative="x",
            links=["https://example.gov.co/e"],
        )
        services.progress_report_review(user=world.head_planner, report=report, approve=True)
    for n in range(goals):
        indicator = services.indicator_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            name=f"Indicador {n}",
            numerator="a",
            denominator="b",
        )
        services.indicator_target_set(user=world.head_planner, indicator=indicator, period="2026-T1", value=5)
        services.indicator_measurement_record(
            user=world.head_planner,
            indicator=indicator,
            period="2026-T1",
            value=4,
            links=["https://example.gov.co/m"],
        )
        services.instrument_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            kind="plan",
            name=f"Plan {n}",
            status="borrador",
            policies=policies[:3],
        )
    return plan


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_same_queries_for_small_and_large_plans(ops, client, api, url):
    from mipg.operation.models import ActionPlan

    world = ops.world
    small = build(ops, goals=1, activities=2)
    client.force_login(world.sector_planner)
    web = url.startswith("/operacion/")
    rest = api(world.sector_planner)
    getter = client if web else rest
    small_count = count(getter, url.format(plan=small.pk))
    # grow the data: replace the plan with a larger one (another vigencia keeps URLs comparable)
    ActionPlan.objects.all().delete()
    from mipg.operation.models import Indicator, Instrument, PolicyLeadership

    Indicator.objects.all().delete()
    Instrument.objects.all().delete()
    PolicyLeadership.objects.all().delete()
    large = build(ops, goals=6, activities=6)
    large_count = count(getter, url.format(plan=large.pk))
    assert small_count == large_count, (url, small_count, large_count)
    assert large_count <= 30, (url, large_count)
