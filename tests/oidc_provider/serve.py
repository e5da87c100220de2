"""Run the test OpenID Connect provider: `python -m tests.oidc_provider.serve PORT CLIENT_ID SECRET
REDIRECT_URI USERS_JSON`. Sets up its database, an RSA signing key, one confidential client (code flow,
RS256, no consent screen) and the given users, prints "ready", then serves until terminated."""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main() -> None:
    port, client_id, secret, redirect_uri, users = sys.argv[1:6]
    os.environ["OIDC_TEST_PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", verbosity=0)
    client = Client.objects.create(
        name="Gestor MIPG (pruebas)",
        client_type="confidential",
        client_id=client_id,
        client_secret=secret,
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
    )
    client.redirect_uris = [redirect_uri]
    client.scope = ["openid", "email", "profile"]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for user in json.loads(users):
        get_user_model().objects.create_user(**user)
    server = make_server("127.0.0.1", int(port), get_wsgi_application(), ThreadingServer, QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
