"""The heat-map, register, queue and risk pages run a fixed number of queries whatever the size of the map."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import add_control, make_risk

PROBABILITIES = ["muy_baja", "baja", "media", "alta", "muy_alta"]
IMPACTS = ["leve", "menor", "moderado", "mayor", "catastrofico"]


def grow(ctl, count):
    for n in range(count):
        risk = make_risk(
            ctl,
            user=ctl.world.head_planner,
            process=ctl.process if n % 2 else ctl.other_process,
            inherent_probability=PROBABILITIES[n % 5],
            inherent_impact=IMPACTS[(n // 5) % 5],
        )
        add_control(ctl, risk, user=ctl.world.head_planner)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name",
    [
        "control:heat_maps",
        "control:risk_register",
        "control:queue",
        "control:index",
        "control:sector",
        "control:process_list",
        "control:controls_without_evidence",
        "control:overdue_treatments",
    ],
)
def test_page_queries_do_not_grow_with_the_map(ctl, login, name):
    client = login(ctl.world.sector_planner)
    url = reverse(name) + "?vigencia=2026"
    grow(ctl, 3)
    small = queries(client, url)
    grow(ctl, 12)
    large = queries(client, url)
    assert large == small, (name, small, large)


def test_risk_detail_queries_do_not_grow_with_controls(ctl, login):
    risk = make_risk(ctl)
    add_control(ctl, risk)
    client = login(ctl.world.control)
    url = reverse("control:risk_detail", args=[risk.pk])
    small = queries(client, url)
    for _n in range(6):
        add_control(ctl, risk, "detectivo", "automatico")
    assert queries(client, url) == small


def test_audit_plan_queries_do_not_grow_with_audits(ctl, login):
    from datetime import date

    from mipg.control import services

    plan = services.audit_plan_create(user=ctl.world.control, entity=ctl.world.head, vigencia=2026)

    def add(count):
        for n in range(count):
            audit = services.audit_save(
                user=ctl.world.control,
                plan=plan,
                process=ctl.process,
                title=f"Auditoría {n}",
                objective="o",
                scope="s",
                start_date=date(2026, 2, 1),
                end_date=date(2026, 3, 1),
                status="programada",
                auditors=[ctl.owner_person, ctl.leader_person],
            )
            services.audit_finding_record(
                user=ctl.world.control, audit=audit, kind="observacion", description="x"
            )

    client = login(ctl.world.control)
    url = reverse("control:audit_plan") + "?vigencia=2026"
    add(2)
    small = queries(client, url)
    add(8)
    assert queries(client, url) == small
