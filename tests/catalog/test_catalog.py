import pytest
from django.core.management import call_command

from mipg.catalog.models import Dimension, Policy

# The reference table (shared/reference/mipg.md): which policies each dimension holds.
EXPECTED = {
    "D1": ["POL01", "POL02"],
    "D2": ["POL03", "POL04", "POL05"],
    "D3": ["POL06", "POL07", "POL08", "POL09", "POL10", "POL11", "POL12", "POL13"],
    "D4": ["POL14"],
    "D5": ["POL15", "POL16", "POL17"],
    "D6": ["POL18"],
    "D7": ["POL19"],
}


def test_load_catalog_is_idempotent(db):
    call_command("load-catalog")
    call_command("load-catalog")
    assert Dimension.objects.count() == 7
    assert Policy.objects.count() == 19


def test_api_lists_seven_dimensions_and_nineteen_policies_under_the_right_dimension(world, api):
    client = api(world.child_planner)
    dimensions = client.get("/api/v1/catalog/dimensions/").json()
    policies = client.get("/api/v1/catalog/policies/").json()
    assert [d["code"] for d in dimensions] == list(EXPECTED)
    assert len(policies) == 19
    by_dimension = {}
    for policy in policies:
        by_dimension.setdefault(policy["dimension"], []).append(policy["code"])
    assert by_dimension == EXPECTED
    compras = next(p for p in policies if p["code"] == "POL05")
    assert compras["name"] == "Compras y Contratación Pública"


def test_catalog_requires_authentication(world, api):
    response = api().get("/api/v1/catalog/policies/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_browse_dimension_to_policy(world, login):
    client = login(world.reader)
    page = client.get("/catalogo/")
    assert "Gestión para Resultados con Valores" in page.content.decode()
    dimension = client.get("/catalogo/dimensiones/D5/")
    assert "Gestión Documental" in dimension.content.decode()
    policy = client.get("/catalogo/politicas/POL16/")
    body = policy.content.decode()
    assert "Archivo General de la Nación" in body and "Archivos y Gestión Documental" in body
    assert client.get("/catalogo/politicas/POL99/").status_code == 404


@pytest.mark.django_db
def test_catalog_pages_run_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.reader)
    with django_assert_max_num_queries(12):
        assert client.get("/catalogo/").status_code == 200


@pytest.mark.parametrize("who", ["admin", "sector_planner", "child_planner", "control"])
def test_catalogue_changes_only_by_command_never_by_page_or_api(world, api, client, who):
    """Catalogue versions are shared by every entity: the API is read-only for everyone (even a system
    administrator), and only staff reach the Django admin; `mipg load-catalog` (an operator) loads it."""
    from mipg.catalog.models import ModelVersion

    before = (ModelVersion.objects.count(), Dimension.objects.count(), Policy.objects.count())
    user = getattr(world, who)
    policy = Policy.objects.first()
    calls = [
        api(user).post("/api/v1/catalog/policies/", {"code": "POL99", "name": "X"}, format="json"),
        api(user).patch(f"/api/v1/catalog/policies/{policy.pk}/", {"name": "X"}, format="json"),
        api(user).delete(f"/api/v1/catalog/dimensions/{policy.dimension_id}/"),
    ]
    assert [response.status_code for response in calls] == [405, 405, 405]
    if not user.is_staff:
        client.force_login(user)
        response = client.post("/admin/catalog/policy/add/", {"code": "POL99"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert (ModelVersion.objects.count(), Dimension.objects.count(), Policy.objects.count()) == before
    assert Policy.objects.get(pk=policy.pk).name == policy.name
