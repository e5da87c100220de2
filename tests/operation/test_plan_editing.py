"""Building the action plan from pages (plan, goals, activities one by one), deleting instruments and
indicators, and the per-row audit of the xlsx import."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mipg.catalog.selectors import policy_by_code
from mipg.core.models import DomainEvent
from mipg.operation import services
from mipg.operation.models import ActionPlan, Activity, Goal, Indicator, Instrument, ProgressReport

from .conftest import plan_rows, xlsx_upload


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def draft(ops):
    """An empty plan 2027 in formulación with one goal and one activity, built through the services."""
    world = ops.world
    plan = services.plan_create(user=world.head_planner, entity=world.head, vigencia=2027)
    goal = services.goal_save(user=world.head_planner, plan=plan, code="M1", name="Meta uno")
    activity = services.activity_save(
        user=world.head_planner,
        goal=goal,
        code="M1.1",
        name="Actividad uno",
        responsible_dependencia=ops.planning,
        start_date=date(2027, 1, 1),
        end_date=date(2027, 6, 30),
        weight=100,
        policy=policy_by_code("POL01"),
    )
    return plan, goal, activity


def activity_post(ops, **overrides):
    data = {
        "code": "M1.2",
        "name": "Actividad dos",
        "responsible_dependencia": ops.treasury.pk,
        "responsible_person": ops.owner_person.pk,
        "start_date": "2027-02-01",
        "end_date": "2027-11-30",
        "weight": "40",
        "deliverable": "Informe",
        "policy": policy_by_code("POL05").pk,
    }
    data.update(overrides)
    return data


# --- creating a plan from a page


def test_planner_creates_a_plan_and_builds_it_one_by_one(ops, login):
    world = ops.world
    client = login(world.head_planner)
    missing = client.get(reverse("operation:plan_home") + "?vigencia=2028")
    assert reverse("operation:plan_create") in missing.content.decode()
    response = client.post(reverse("operation:plan_create"), {"vigencia": "2028", "name": ""})
    plan = ActionPlan.objects.get(entity=world.head, vigencia=2028)
    assert response.status_code == 302 and response.url == reverse("operation:plan_detail", args=[plan.pk])
    assert plan.status == ActionPlan.Status.DRAFT and plan.name == "Plan de Acción 2028"

    indicator = services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2028, name="Cobertura", numerator="a"
    )
    response = client.post(
        reverse("operation:goal_create", args=[plan.pk]),
        {"code": " M1 ", "name": "Gestión documental", "indicator": indicator.pk},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=plan)
    assert (goal.code, goal.indicator, goal.order) == ("M1", indicator, 1)
    page = client.get(reverse("operation:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("operation:activity_create", args=[goal.pk]) in page
    assert "El plan todavía no tiene metas." not in page

    response = client.post(reverse("operation:activity_create", args=[goal.pk]), activity_post(ops))
    assert response.status_code == 302
    activity = Activity.objects.get(goal=goal)
    assert activity.code == "M1.2" and activity.responsible_person == ops.owner_person
    # Weights are only checked at approval: 40 does not add up to 100.
    response = client.post(
        reverse("operation:plan_status", args=[plan.pk]), {"status": "ejecucion"}, follow=True
    )
    assert "suman 40 y deben sumar 100" in messages_of(response)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT

    response = client.post(
        reverse("operation:activity_edit", args=[activity.pk]), activity_post(ops, weight="100")
    )
    assert response.status_code == 302
    client.post(reverse("operation:plan_status", args=[plan.pk]), {"status": "ejecucion"})
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.IN_EXECUTION

    # audit: field-level entries and readable events
    goal_type = ContentType.objects.get_for_model(Goal)
    assert LogEntry.objects.filter(
        content_type=goal_type, object_pk=str(goal.pk), actor=world.head_planner
    ).exists()
    assert DomainEvent.objects.filter(object_id=str(activity.pk), verb="actividad creada").exists()


def test_plan_create_rejects_a_second_plan_for_the_vigencia(ops, login, draft):
    client = login(ops.world.head_planner)
    response = client.post(reverse("operation:plan_create"), {"vigencia": "2027", "name": "Otro"})
    assert response.status_code == 200
    assert "ya tiene un plan de acción para la vigencia 2027" in response.content.decode()
    assert ActionPlan.objects.filter(entity=ops.world.head, vigencia=2027).count() == 1
    response = client.post(reverse("operation:plan_create"), {"vigencia": "año", "name": ""})
    assert response.status_code == 200 and ActionPlan.objects.count() == 1


def test_goal_and_activity_bad_input_changes_nothing(ops, login, draft):
    plan, goal, activity = draft
    client = login(ops.world.head_planner)
    response = client.post(reverse("operation:goal_create", args=[plan.pk]), {"code": "M1", "name": "Otra"})
    assert response.status_code == 200
    assert "Ya hay una meta con el código «M1»" in response.content.decode()
    response = client.post(
        reverse("operation:activity_create", args=[goal.pk]),
        activity_post(ops, code="M1.1"),
    )
    assert "Ya hay una actividad con el código «M1.1» en la meta" in response.content.decode()
    response = client.post(
        reverse("operation:activity_create", args=[goal.pk]),
        activity_post(ops, start_date="2027-05-01", end_date="2027-04-01"),
    )
    assert "La fecha de fin no puede ser anterior a la fecha de inicio." in response.content.decode()
    foreign_dependencia = ops.world.child.dependencias.first()
    response = client.post(
        reverse("operation:activity_create", args=[goal.pk]),
        activity_post(ops, responsible_dependencia=foreign_dependencia.pk),
    )
    assert response.status_code == 200
    assert Goal.objects.filter(plan=plan).count() == 1
    assert Activity.objects.filter(goal__plan=plan).count() == 1


def test_goal_edit_and_delete_with_its_activities(ops, login, draft):
    plan, goal, activity = draft
    client = login(ops.world.head_planner)
    response = client.post(
        reverse("operation:goal_edit", args=[goal.pk]), {"code": "M9", "name": "Renombrada"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.code, goal.name) == ("M9", "Renombrada")
    confirm = client.get(reverse("operation:goal_delete", args=[goal.pk]))
    assert confirm.status_code == 200 and "También se eliminan sus actividades." in confirm.content.decode()
    response = client.post(reverse("operation:goal_delete", args=[goal.pk]), follow=True)
    assert "Se eliminó la meta M9." in messages_of(response)
    assert (
        not Goal.objects.filter(pk=goal.pk).exists() and not Activity.objects.filter(pk=activity.pk).exists()
    )
    event = DomainEvent.objects.get(object_id=str(plan.pk), verb="meta eliminada")
    assert "con 1 actividad" in event.description and event.actor == ops.world.head_planner
    history = client.get(reverse("object_history", args=["operation", "actionplan", plan.pk]))
    assert "meta eliminada" in history.content.decode()


def test_activity_delete_in_formulacion(ops, login, draft):
    plan, goal, activity = draft
    client = login(ops.world.head_planner)
    assert client.get(reverse("operation:activity_delete", args=[activity.pk])).status_code == 200
    response = client.post(reverse("operation:activity_delete", args=[activity.pk]))
    assert response.status_code == 302 and response.url == reverse("operation:plan_detail", args=[plan.pk])
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert DomainEvent.objects.filter(object_id=str(plan.pk), verb="actividad eliminada").exists()
    activity_type = ContentType.objects.get_for_model(Activity)
    assert LogEntry.objects.filter(
        content_type=activity_type, object_pk=str(activity.pk), action=LogEntry.Action.DELETE
    ).exists()


def test_activity_with_reports_is_not_deleted(plan, ops, login):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=10, narrative="Hecho"
    )
    client = login(ops.world.head_planner)
    response = client.post(reverse("operation:activity_delete", args=[activity.pk]), follow=True)
    assert "La actividad tiene reportes de avance; no se puede eliminar" in messages_of(response)
    response = client.post(reverse("operation:goal_delete", args=[activity.goal_id]), follow=True)
    assert "La meta tiene actividades con reportes de avance" in messages_of(response)
    # Even if the plan were back in formulación (it cannot, through the services), reports protect it.
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    with pytest.raises(Exception, match="reportes de avance"):
        services.activity_delete(user=ops.world.head_planner, activity=activity)
    assert Activity.objects.filter(pk=activity.pk).exists() and ProgressReport.objects.count() == 1


def test_plan_in_execution_cannot_change_goals_or_activities(plan, ops, login):
    goal = Goal.objects.filter(plan=plan).first()
    activity = goal.activities.exclude(code="M1.1").first()
    client = login(ops.world.head_planner)
    response = client.get(reverse("operation:goal_create", args=[plan.pk]), follow=True)
    assert "ya no está en formulación" in messages_of(response)
    for url, data in (
        (reverse("operation:goal_create", args=[plan.pk]), {"code": "M7", "name": "x"}),
        (reverse("operation:goal_edit", args=[goal.pk]), {"code": "M7", "name": "x"}),
        (reverse("operation:activity_create", args=[goal.pk]), activity_post(ops, code="M1.9")),
    ):
        client.post(url, data)
    response = client.post(reverse("operation:activity_delete", args=[activity.pk]), follow=True)
    assert "ya no está en formulación" in messages_of(response)
    client.post(reverse("operation:goal_delete", args=[goal.pk]))
    assert Goal.objects.filter(plan=plan).count() == 2 and not Goal.objects.filter(code="M7").exists()
    assert Activity.objects.filter(goal__plan=plan).count() == 6
    page = client.get(reverse("operation:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("operation:goal_create", args=[plan.pk]) not in page


# --- permissions and the entity gate of every new page


def editing_urls(draft, instrument, indicator):
    plan, goal, activity = draft
    return [
        reverse("operation:goal_create", args=[plan.pk]),
        reverse("operation:goal_edit", args=[goal.pk]),
        reverse("operation:goal_delete", args=[goal.pk]),
        reverse("operation:activity_create", args=[goal.pk]),
        reverse("operation:activity_delete", args=[activity.pk]),
        reverse("operation:instrument_delete", args=[instrument.pk]),
        reverse("operation:indicator_delete", args=[indicator.pk]),
    ]


@pytest.fixture
def instrument_and_indicator(ops):
    world = ops.world
    instrument = services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2027,
        kind="plan",
        name="Plan X",
        status="borrador",
    )
    indicator = services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2027, name="Ind", numerator="a"
    )
    return instrument, indicator


def test_readers_control_and_leaders_get_403_and_change_nothing(ops, login, draft, instrument_and_indicator):
    world = ops.world
    urls = editing_urls(draft, *instrument_and_indicator)
    for user in (world.control, world.reader, ops.leader, ops.owner):
        client = login(user)
        assert client.get(reverse("operation:plan_create")).status_code == 403, user
        assert client.post(reverse("operation:plan_create"), {"vigencia": "2030"}).status_code == 403
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, {"code": "Z", "name": "Z"}).status_code == 403, (user, url)
    assert not ActionPlan.objects.filter(vigencia=2030).exists()
    assert Goal.objects.count() == 1 and Activity.objects.count() == 1
    assert Instrument.objects.count() == 1 and Indicator.objects.count() == 1


def test_foreign_entities_get_404_and_change_nothing(ops, login, draft, instrument_and_indicator):
    world = ops.world
    urls = editing_urls(draft, *instrument_and_indicator)
    for user in (world.outsider, world.child_planner):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"code": "Z", "name": "Z"}).status_code == 404, (user, url)
    assert Goal.objects.count() == 1 and Activity.objects.count() == 1
    assert Instrument.objects.count() == 1 and Indicator.objects.count() == 1
    # The sector planner (subtree role over the head) manages it.
    client = login(world.sector_planner)
    assert client.get(urls[0]).status_code == 200


def test_services_refuse_other_users(ops, draft):
    plan, goal, activity = draft
    from django.core.exceptions import PermissionDenied

    for call in (
        lambda: services.goal_delete(user=ops.world.control, goal=goal),
        lambda: services.activity_delete(user=ops.world.outsider, activity=activity),
        lambda: services.plan_create(user=ops.world.reader, entity=ops.world.head, vigencia=2031),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert Goal.objects.count() == 1 and Activity.objects.count() == 1


# --- deleting instruments and indicators


def test_instrument_delete_only_in_formulacion(ops, login, instrument_and_indicator):
    instrument, _indicator = instrument_and_indicator
    world = ops.world
    published = services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2027,
        kind="plan",
        name="PINAR",
        status="publicado",
        published_on=date(2027, 1, 20),
    )
    client = login(world.head_planner)
    detail = client.get(reverse("operation:instrument_detail", args=[published.pk])).content.decode()
    assert reverse("operation:instrument_delete", args=[published.pk]) not in detail
    response = client.post(reverse("operation:instrument_delete", args=[published.pk]), follow=True)
    assert "Solo se puede eliminar un instrumento en formulación" in messages_of(response)
    assert Instrument.objects.filter(pk=published.pk).exists()

    response = client.post(reverse("operation:instrument_delete", args=[instrument.pk]), follow=True)
    assert "Se eliminó el instrumento «Plan X»." in messages_of(response)
    assert not Instrument.objects.filter(pk=instrument.pk).exists()
    content_type = ContentType.objects.get_for_model(Instrument)
    assert DomainEvent.objects.filter(
        content_type=content_type, object_id=str(instrument.pk), verb="instrumento eliminado"
    ).exists()
    assert LogEntry.objects.filter(
        content_type=content_type, object_pk=str(instrument.pk), action=LogEntry.Action.DELETE
    ).exists()


def test_indicator_delete_keeps_measured_or_linked_ones(ops, login, instrument_and_indicator, draft):
    _instrument, indicator = instrument_and_indicator
    plan, goal, _activity = draft
    world = ops.world
    measured = services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2027, name="Medido", numerator="a"
    )
    services.indicator_measurement_record(
        user=world.head_planner, indicator=measured, period="2027-T1", value=5
    )
    services.goal_save(
        user=world.head_planner, plan=plan, goal=goal, code="M1", name="Meta", indicator=indicator
    )
    client = login(world.head_planner)
    response = client.post(reverse("operation:indicator_delete", args=[measured.pk]), follow=True)
    assert "tiene 1 medición registrada" in messages_of(response)
    response = client.post(reverse("operation:indicator_delete", args=[indicator.pk]), follow=True)
    assert "asociado a metas del plan de acción (2027 M1)" in messages_of(response)
    assert Indicator.objects.count() == 2

    services.goal_save(user=world.head_planner, plan=plan, goal=goal, code="M1", name="Meta", indicator=None)
    services.indicator_target_set(user=world.head_planner, indicator=indicator, period="2027-T1", value=10)
    response = client.post(reverse("operation:indicator_delete", args=[indicator.pk]))
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert DomainEvent.objects.filter(object_id=str(indicator.pk), verb="indicador eliminado").exists()


# --- the import writes one audit entry per imported activity, in bulk


def _logentry_inserts(queries) -> int:
    table = LogEntry._meta.db_table
    return sum(1 for q in queries if q["sql"].upper().startswith("INSERT") and table in q["sql"])


def test_import_writes_one_audit_entry_per_activity_in_bulk(ops, login):
    world = ops.world
    counts = {}
    for vigencia, per_goal in ((2026, 3), (2027, 20)):
        with CaptureQueriesContext(connection) as queries:
            plan = services.plan_import(
                user=world.head_planner,
                entity=world.head,
                vigencia=vigencia,
                upload=xlsx_upload(plan_rows(goals=2, activities=per_goal, year=vigencia)),
            )
        counts[per_goal] = _logentry_inserts(queries.captured_queries)
        activities = list(Activity.objects.filter(goal__plan=plan))
        assert len(activities) == 2 * per_goal
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Activity),
            object_pk__in=[str(a.pk) for a in activities],
            action=LogEntry.Action.CREATE,
        )
        assert entries.count() == len(activities)
        assert {e.actor_id for e in entries} == {world.head_planner.pk}
        entry = entries.get(object_pk=str(activities[0].pk))
        assert entry.changes["code"][1] == activities[0].code  # same shape as a signal-made entry
    # 2 goals (their own entries) + 1 plan + 1 bulk insert for the activities, whatever the number of rows
    assert counts[3] == counts[20]

    activity = Activity.objects.filter(goal__plan__vigencia=2027).first()
    page = login(world.head_planner).get(
        reverse("object_history", args=["operation", "activity", activity.pk])
    )
    assert page.status_code == 200 and activity.code in page.content.decode()
    assert "head_planner" in page.content.decode()


def _draft_page_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("operation:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert reverse("operation:goal_create", args=[plan.pk]) in response.content.decode()
    return len(context.captured_queries)


def test_draft_plan_page_runs_the_same_queries_for_small_and_large_plans(ops, login):
    world = ops.world
    client = login(world.head_planner)
    counts = []
    for vigencia, goals, per_goal in ((2026, 1, 2), (2027, 6, 6)):
        plan = services.plan_import(
            user=world.head_planner,
            entity=world.head,
            vigencia=vigencia,
            upload=xlsx_upload(plan_rows(goals=goals, activities=per_goal, year=vigencia)),
        )
        services.goal_save(user=world.head_planner, plan=plan, code="VACIA", name="Meta sin actividades")
        counts.append(_draft_page_queries(client, plan))
    assert counts[0] == counts[1] and counts[1] <= 30, counts


def test_new_pages_render_for_planning(ops, login, draft, instrument_and_indicator):
    plan, goal, activity = draft
    instrument, indicator = instrument_and_indicator
    client = login(ops.world.head_planner)
    for url in [reverse("operation:plan_create"), *editing_urls(draft, instrument, indicator)]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<form method="post"' in response.content, url
