"""The one gate: who sees which entity, in pages and API alike."""

from mipg.organizations.models import Entity
from mipg.organizations.roles import Role, can_manage, roles_over
from tests.factories import UserFactory, grant, make_entity


def test_roles_cover_the_subtree_only_when_granted_so(world):
    assert set(Entity.objects.visible_to(world.sector_planner)) == {world.head, world.child}
    assert set(Entity.objects.visible_to(world.head_planner)) == {world.head}
    assert set(Entity.objects.visible_to(world.child_planner)) == {world.child}
    assert set(Entity.objects.visible_to(world.outsider)) == {world.other}
    assert Entity.objects.visible_to(UserFactory(username="nobody")).count() == 0
    assert Entity.objects.visible_to(world.admin).count() == 3


def test_internal_control_reads_but_does_not_manage(world):
    assert roles_over(world.control, world.head) == {Role.INTERNAL_CONTROL}
    assert not can_manage(world.control, world.head)
    assert can_manage(world.head_planner, world.head)
    assert not can_manage(world.head_planner, world.child)
    assert can_manage(world.sector_planner, world.child)


def test_moving_an_entity_moves_its_subtree_paths(world):
    grandchild = make_entity("Unidad nieta", parent=world.child, sigep_code="1003")
    user = UserFactory(username="mover")
    grant(user, world.other, Role.PLANNING, subtree=True)
    assert grandchild not in Entity.objects.visible_to(user)
    from mipg.organizations.services import entity_save

    world.child.parent = world.other
    entity_save(user=world.admin, entity=world.child)
    assert set(Entity.objects.visible_to(user)) == {world.other, world.child, grandchild}


def test_api_entities_lists_only_visible_entities(world, api):
    listed = api(world.child_planner).get("/api/v1/entities/").json()["results"]
    assert [(e["name"], e["sigep_code"]) for e in listed] == [("Hospital de Prueba", "1002")]
    listed = api(world.sector_planner).get("/api/v1/entities/").json()["results"]
    assert {e["sigep_code"] for e in listed} == {"1001", "1002"}
    assert {"id", "name", "sigep_code"} <= set(listed[0])


def test_another_entitys_object_answers_404_in_api_and_pages(world, api, login):
    response = api(world.child_planner).get(f"/api/v1/entities/{world.head.pk}/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "No encontrado.", "details": {}}}
    assert api(world.child_planner).get(f"/api/v1/entities/{world.child.pk}/").status_code == 200
    client = login(world.child_planner)
    assert client.get(f"/entidades/{world.head.pk}/").status_code == 404
    assert client.get(f"/entidades/{world.child.pk}/").status_code == 200
    assert client.get(f"/historial/organizations/entity/{world.head.pk}/").status_code == 404


def test_entity_list_page_and_export(world, login, django_assert_max_num_queries):
    client = login(world.sector_planner)
    with django_assert_max_num_queries(10):
        page = client.get("/entidades/")
    body = page.content.decode()
    assert "Hospital de Prueba" in body and "Entidad Ajena" not in body
    export = client.get("/entidades/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(export.content)).active.values)
    assert rows[0][:2] == ("Código SIGEP", "Entidad")
    assert {r[1] for r in rows[1:]} == {"Ministerio de Prueba", "Hospital de Prueba"}


def test_entity_selector_switches_only_to_visible_entities(world, login):
    client = login(world.sector_planner)
    response = client.post("/entidad-actual/", {"entity": world.child.pk, "next": "/"})
    assert response.status_code == 302
    assert "Hospital de Prueba" in client.get("/").content.decode()
    assert client.post("/entidad-actual/", {"entity": world.other.pk}).status_code == 404
