import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.fixture
def demo(db, monkeypatch):
    """The whole demo (`mipg demo`) loaded; returns its administrator."""
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo", stdout=io.StringIO())
    return get_user_model().objects.get(username="admin")
