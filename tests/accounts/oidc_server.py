"""A real OpenID Connect provider for the tests: tests/oidc_provider (django-oidc-provider) run in a
subprocess on 127.0.0.1 on a free port, with one client for the app and a few users."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "gestor-mipg-pruebas"
CLIENT_SECRET = "secreto-del-cliente-de-pruebas"
CALLBACK = "http://testserver/cuenta/oidc/callback/"
PASSWORD = "Clave-del-Proveedor-2026"
USERS = [
    # the app's user "control" (tests/conftest.py's world) has this e-mail
    {
        "username": "control.ci",
        "email": "Control@Example.gov.co",
        "first_name": "Carla",
        "last_name": "Control",
    },
    # an e-mail the app does not know
    {
        "username": "nueva",
        "email": "nueva.persona@example.gov.co",
        "first_name": "Nora",
        "last_name": "Nueva",
    },
    # the e-mail of a person (not of a user) in the app
    {
        "username": "lider.p",
        "email": "lider.persona@example.gov.co",
        "first_name": "Lía",
        "last_name": "Líder",
    },
    # the provider says this e-mail is not verified
    {
        "username": "dudosa",
        "email": "reader@example.gov.co",
        "first_name": "Diana",
        "last_name": "Dudosa (sin verificar)",
    },
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="mipg-oidc-"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "Provider":
        users = [dict(user, password=PASSWORD) for user in USERS]
        env = dict(os.environ, OIDC_TEST_PROVIDER_DIR=str(self.dir), PYTHONPATH=str(ROOT))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.oidc_provider.serve",
                str(self.port),
                CLIENT_ID,
                CLIENT_SECRET,
                CALLBACK,
                json.dumps(users),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=open(self.dir / "provider.log", "wb"),  # noqa: SIM115
        )
        lines = []
        while not lines or lines[-1] not in ("ready", ""):
            lines.append(self.process.stdout.readline().decode().strip())
        if lines[-1] != "ready":
            self.process.wait(timeout=10)
            raise RuntimeError(
                f"OIDC provider did not start: {(self.dir / 'provider.log').read_text()[-3000:]}"
            )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("OIDC provider did not listen in 20 s") from None
                time.sleep(0.1)

    def settings_for_app(self) -> dict:
        """What settings.py sets from the MIPG_OIDC_* variables, pointing at this provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/openid/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/openid/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/openid/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/openid/jwks",
            "OIDC_TIMEOUT": 15,
        }

    def sign_in(self, client, username: str, password: str = PASSWORD, next_url: str = ""):
        """The browser's part of the authorization-code flow: our start page, the provider's sign-in
        form, back to our callback. Returns our callback's response."""
        import requests

        start = client.get("/cuenta/oidc/ingresar/" + (f"?next={next_url}" if next_url else ""))
        assert start.status_code == 302 and start.url.startswith(self.url), start
        browser = requests.Session()
        to_login = browser.get(start.url, allow_redirects=False, timeout=15)
        assert to_login.status_code == 302, to_login.text[:500]
        login_url = urljoin(self.url, to_login.headers["Location"])
        form = browser.get(login_url, timeout=15)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        next_field = re.search(r'name="next" value="([^"]*)"', form.text).group(1).replace("&amp;", "&")
        signed = browser.post(
            login_url,
            data={
                "csrfmiddlewaretoken": csrf,
                "username": username,
                "password": password,
                "next": next_field,
            },
            allow_redirects=False,
            timeout=15,
        )
        assert signed.status_code == 302, signed.text[:500]
        back = browser.get(urljoin(self.url, signed.headers["Location"]), allow_redirects=False, timeout=15)
        assert back.status_code == 302, back.text[:500]
        callback = back.headers["Location"]
        assert callback.startswith(CALLBACK), callback
        return client.get(callback[len("http://testserver") :])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def oidc_provider():
    server = Provider()
    try:
        server.start()
        yield server
    finally:
        server.stop()
