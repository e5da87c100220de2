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


def test_history_page_shows_changes_in_words_a_person_reads(world, login):
    world.head_planner.first_name, world.head_planner.last_name = "Ana", "Gómez"
    world.head_planner.save()
    entity = Entity.objects.get(pk=world.head.pk)
    entity.nit = "899999999-1"
    entity.order = Entity.Order.TERRITORIAL
    entity.parent = world.child.__class__.objects.get(pk=world.other.pk)
    entity_save(user=world.head_planner, entity=entity)
    body = login(world.control).get(f"/historial/organizations/entity/{entity.pk}/").content.decode()
    assert "899999999-1" in body and "Ana Gómez" in body
    assert "Modificación" in body and "Creación" in body
    # Spanish labels, choice names and related objects by name; never raw field names or codes
    assert "NIT" in body and "Entidad superior" in body and "Entidad Ajena" in body and "Territorial" in body
    for raw in ("parent_id", ">update<", ">territorial<", "RoleAssignment.None", "None"):
        assert raw not in body, raw


def test_history_page_runs_bounded_queries(world, login, django_assert_max_num_queries):
    entity = Entity.objects.get(pk=world.head.pk)
    for n in range(40):
        entity.nit = f"8000{n}"
        entity_save(user=world.head_planner, entity=entity)
    client = login(world.control)
    with django_assert_max_num_queries(40):
        assert client.get(f"/historial/organizations/entity/{entity.pk}/").status_code == 200


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
