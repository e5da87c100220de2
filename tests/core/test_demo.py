from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from mipg.organizations.models import Entity


def test_demo_is_idempotent_and_users_see_what_the_issue_promises(
    db, api, client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo")
    call_command("demo")
    assert Entity.objects.filter(is_demo=True).count() >= 13
    for username in ("admin", "sector", "ugg", "hmc", "control"):
        request = RequestFactory().post("/cuenta/ingresar/")  # django-axes throttles by request
        assert authenticate(request, username=username, password="Clave-Demo-Prueba-1") is not None
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    hmc_names = [e["name"] for e in api(users["hmc"]).get("/api/v1/entities/").json()["results"]]
    assert hmc_names == ["Hospital Militar Central"]
    sector_names = [e["name"] for e in api(users["sector"]).get("/api/v1/entities/").json()["results"]]
    assert len(sector_names) == Entity.objects.filter(sector__code="defensa").count()
    ugg = Entity.objects.get(acronym="MDN-UGG")
    assert api(users["hmc"]).get(f"/api/v1/entities/{ugg.pk}/").status_code == 404

    # The home page gathers a panel from every component; with the whole demo loaded it stays bounded.
    client.force_login(users["ugg"])
    with django_assert_max_num_queries(40):
        assert client.get("/").status_code == 200


def test_demo_refuses_a_password_that_breaks_the_policy(db, monkeypatch):
    import pytest
    from django.core.management.base import CommandError

    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "corta")
    with pytest.raises(CommandError, match="política de claves"):
        call_command("demo")
    assert not Entity.objects.filter(is_demo=True).exists()
