"""Every write records who, when, and before/after; the trail cannot be edited through the app."""

from auditlog.models import LogEntry

from mipg.organizations.models import Entity
from mipg.organizations.services import entity_save


def test_service_write_records_actor_and_before_after(world):
    entity = Entity.objects.get(pk=world.child.pk)
    entity.acronym = "HMC"
    entity_save(user=world.sector_planner, entity=entity)
    entry = LogEntry.objects.get_for_object(entity).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == world.sector_planner
    assert entry.changes_dict["acronym"] == ["HOSP", "HMC"]


def test_history_page_shows_changes(world, login):
    entity = Entity.objects.get(pk=world.head.pk)
    entity.nit = "899999999-1"
    entity_save(user=world.head_planner, entity=entity)
    body = login(world.control).get(f"/historial/organizations/entity/{entity.pk}/").content.decode()
    assert "899999999-1" in body and "head_planner" in body


def test_audit_records_cannot_be_changed_in_admin(world, login):
    entry = LogEntry.objects.first()
    client = login(world.admin)
    assert client.get(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    assert client.post(f"/admin/auditlog/logentry/{entry.pk}/change/", {}).status_code == 403


def test_admin_is_only_for_system_administrators(world, login):
    world.head_planner.is_staff = True
    world.head_planner.save()
    assert login(world.head_planner).get("/admin/").status_code == 302
    assert login(world.admin).get("/admin/").status_code == 200
