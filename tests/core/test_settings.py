"""Production refuses to run without MIPG_SECRET_KEY; developer tooling does not need it."""

import os
import subprocess
import sys

from django.test import override_settings

from mipg.core.checks import secret_key_is_set


def _env_without_key(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MIPG_SECRET_KEY", "MIPG_DEBUG")}
    env["MIPG_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "mipg.settings"
    return env


def test_makemigrations_check_runs_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mipg", "makemigrations", "--check", "--dry-run"],
        env=_env_without_key(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_server_refuses_to_start_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import mipg.wsgi"],
        env=_env_without_key(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "MIPG_SECRET_KEY no está definida" in result.stderr


def test_deploy_check_fails_without_a_secret_key():
    with override_settings(MIPG_SECRET_KEY_MISSING=True):
        assert [error.id for error in secret_key_is_set(None)] == ["mipg.E001"]
    assert secret_key_is_set(None) == []
