"""Schemathesis drives every operation of the OpenAPI schema (/api/schema/) against the app, in-process
through its WSGI handler, as the demo users `hmc` and `sector` with their tokens: 0 server errors and 0
schema violations (status code, content type, headers and body must be the documented ones).

Bounded: MIPG_SCHEMATHESIS_EXAMPLES valid examples per operation and user (default 10, 5 on PostgreSQL)
and half as many invalid ones (negative mode: wrong types, malformed ids, missing fields), no deadline,
derandomized, no example database. Writes (POST/PATCH) run too, each inside a savepoint that is rolled
back, so the demo stays the same for every case. It runs in both passes of `make test` (SQLite and
PostgreSQL), about a minute of CPU each; see docs/security.md § 13."""

import io
import os

import hypothesis
import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, transaction
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mipg.accounts.models import ApiToken

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The PostgreSQL pass looks for database-specific errors: half the examples keep `make test` short.
EXAMPLES = int(
    os.environ.get("MIPG_SCHEMATHESIS_EXAMPLES", "5" if connection.vendor == "postgresql" else "10")
)
USERS = ("hmc", "sector")


@pytest.fixture
def wsgi_app():
    # As Django's test client does: requests must not close the test's connection (and its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run_operation(operation, headers: dict, failures: list, username: str, mode, examples: int) -> None:
    seen = set()

    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        with transaction.atomic():
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as error:
                for failure in getattr(error, "exceptions", [error]):
                    title = getattr(failure, "title", type(failure).__name__)
                    if title not in seen:
                        seen.add(title)
                        failures.append(f"{username} {mode.value} {operation.label}: {error}"[:3000])
            finally:
                transaction.set_rollback(True)

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        pass  # nothing to negate in this operation (no parameters, no body)


def test_every_operation_conforms_to_the_schema_as_demo_users(db, wsgi_app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures: list[str] = []
    for username in USERS:
        user = get_user_model().objects.get(username=username)
        _token, key = ApiToken.objects.create(user=user, name="schemathesis")  # knox, as on main
        headers = {"Authorization": f"Token {key}"}
        for operation in operations:
            _run_operation(operation, headers, failures, username, GenerationMode.POSITIVE, EXAMPLES)
            # Invalid input (wrong types, malformed ids, missing fields): a documented 4xx, never a 500.
            _run_operation(operation, headers, failures, username, GenerationMode.NEGATIVE, EXAMPLES // 2)
    assert not failures, "\n\n".join(failures)
