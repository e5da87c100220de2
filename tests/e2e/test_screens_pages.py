"""`make screens` (scripts/screens.py) photographs ten key pages of a fresh demo plus a phone view (issue
11.18): every path it names must still be a page of the app in that state, or the screenshots in
docs/screens/ silently become error pages."""

import importlib.util
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

# A fresh demo: the ids the script uses (session 1, plan 1, entity 1, sector 1) are those of a new database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, reset_sequences=True)]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screens.py"


def test_every_page_the_screens_script_photographs_is_an_html_page_of_the_demo(monkeypatch):
    spec = importlib.util.spec_from_file_location("screens", SCRIPT)
    screens = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screens)
    assert len(screens.PAGES) >= 10 and screens.PHONE_PAGES
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo", stdout=io.StringIO())
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username="admin"))
    for name, path, _ in [*screens.PAGES, *screens.PHONE_PAGES]:
        client = Client() if path.startswith("/cuenta/ingresar/") else signed_in
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        assert response["Content-Type"].startswith("text/html"), name
        assert b'class="govco-bar' in response.content, name
