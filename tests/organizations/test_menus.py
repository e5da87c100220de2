"""No page of daily work needs Django's /admin/: walking the app's menus and links as each demo user,
no link points there, except for the system administrator (who keeps it for technical work)."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.core.pages import same_site_path, scan

DEMO_USERS = ["admin", "admin-ugg", "sector", "ugg", "hmc", "control", "lider", "presidente", "respondente"]
MAX_PAGES = 30


def walk_links(client) -> tuple[set[str], int]:
    """Follow same-site links (each route at most once) and return every link target seen."""
    queue, seen, routes, targets, pages = ["/"], set(), Counter(), set(), 0
    while queue and pages < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or path.startswith(("/static/", "/media/", "/admin/", "/api/", "/cuenta/salir/")):
            continue
        seen.add(path)
        try:
            route = resolve(path.split("?")[0]).route
        except Resolver404:
            continue
        if routes[route] >= 1 or "format=xlsx" in path:
            continue
        routes[route] += 1
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code != 200:
            continue
        pages += 1
        page = scan(response.content.decode(), path)
        for link in page.links:
            target = same_site_path(link)
            if target:
                targets.add(target)
                queue.append(target)
    return targets, pages


@pytest.fixture
def demo_users(db, monkeypatch):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo")
    return {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERS)}


def test_no_menu_or_link_points_to_django_admin_except_for_the_system_administrator(demo_users, client):
    assert set(demo_users) == set(DEMO_USERS)
    for username in DEMO_USERS:
        client.force_login(demo_users[username])
        targets, pages = walk_links(client)
        to_admin = sorted(t for t in targets if t.startswith("/admin/"))
        assert pages > 10, username
        if username == "admin":
            assert to_admin, "the system administrator keeps a link to the technical administration"
        else:
            assert to_admin == [], (username, to_admin)
        if username == "admin-ugg":
            admin_targets = targets
        client.logout()

    # The entity administrator reaches every administration page from the menu.
    for path in (
        "/entidades/administracion/",
        "/entidades/personas/",
        "/entidades/usuarios/",
        "/entidades/personas/importar/",
        "/entidades/roles/",
        "/entidades/nueva/",
    ):
        assert any(t.split("?")[0] == path for t in admin_targets), path
    # Someone who administers nothing has no "Administración" menu and is refused its pages.
    client.force_login(demo_users["ugg"])
    assert "/entidades/administracion/" not in client.get("/").content.decode()
    assert client.get("/entidades/administracion/").status_code == 403
