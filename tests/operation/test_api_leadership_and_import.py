"""Policy leadership and the action plan import through the API (issue 13 item 2): the same services,
roles and audit as the leadership page and the plan import page; the import is all or nothing and answers
400 with every problem by row and column; another entity 404, control interno 403."""

from django.core.files.uploadedfile import SimpleUploadedFile

from mipg.core.models import DomainEvent
from mipg.operation.models import ActionPlan, Activity, PolicyLeadership

from .conftest import plan_rows, xlsx_upload


def test_policy_leadership_is_set_and_updated_through_the_api(world, api, ops, catalog):
    planner = api(world.head_planner)
    body = {
        "entity": world.head.pk,
        "vigencia": 2026,
        "policy": "pol05",
        "leading_dependencia": ops.planning.pk,
        "leader": ops.leader_person.pk,
        "co_responsible": [ops.treasury.pk],
        "norms": "Decreto 1499 de 2017",
    }
    created = planner.post("/api/v1/policy-leaders/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["policy"] == "POL05" and created.json()["leader"] == "Lina Líder"
    updated = planner.post("/api/v1/policy-leaders/", {**body, "co_responsible": []}, format="json")
    assert updated.status_code == 200 and updated.json()["co_responsible"] == []
    assert PolicyLeadership.objects.count() == 1
    assert DomainEvent.objects.filter(verb="liderazgo asignado", actor=world.head_planner).exists()
    assert api(world.outsider).post("/api/v1/policy-leaders/", body, format="json").status_code == 404
    assert api(world.control).post("/api/v1/policy-leaders/", body, format="json").status_code == 403
    unknown = planner.post("/api/v1/policy-leaders/", {**body, "policy": "POL99"}, format="json")
    assert unknown.status_code == 400 and "No existe una política" in str(unknown.json()["error"]["details"])
    assert PolicyLeadership.objects.get().co_responsible.count() == 0


def test_action_plan_import_through_the_api_is_all_or_nothing(world, api, ops):
    planner = api(world.head_planner)
    url = "/api/v1/action-plans/import/"
    rows = plan_rows(goals=2, activities=2)
    bad_rows = [list(row) for row in rows]
    bad_rows[0][0] = ""  # a goal without its code
    bad = planner.post(
        url, {"entity": world.head.pk, "vigencia": 2026, "file": xlsx_upload(bad_rows)}, format="multipart"
    )
    assert bad.status_code == 400, bad.content
    assert bad.json()["error"]["code"] == "import_rejected" and bad.json()["error"]["details"]["problems"]
    assert not ActionPlan.objects.exists()
    not_xlsx = planner.post(
        url,
        {"entity": world.head.pk, "vigencia": 2026, "file": SimpleUploadedFile("plan.xlsx", b"hola")},
        format="multipart",
    )
    assert not_xlsx.status_code == 400
    upload = {"entity": world.head.pk, "vigencia": 2026, "file": xlsx_upload(rows)}
    assert api(world.outsider).post(url, upload, format="multipart").status_code == 404
    upload = {"entity": world.head.pk, "vigencia": 2026, "file": xlsx_upload(rows)}
    assert api(world.control).post(url, upload, format="multipart").status_code == 403
    assert not ActionPlan.objects.exists()
    upload = {"entity": world.head.pk, "vigencia": 2026, "file": xlsx_upload(rows)}
    imported = planner.post(url, upload, format="multipart")
    assert imported.status_code == 201, imported.content
    assert imported.json()["vigencia"] == 2026 and imported.json()["status"] == "borrador"
    assert Activity.objects.filter(goal__plan_id=imported.json()["id"]).count() == 4
    assert DomainEvent.objects.filter(verb="plan de acción importado", actor=world.head_planner).count() == 1
