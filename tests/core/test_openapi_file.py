"""The committed schema (docs/openapi.yaml) is the code's schema: a change to the API shows up as a diff of
that file in review (issue 13 item 3). Regenerate it with the command in the failure message."""

from pathlib import Path

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
REGENERATE = "MIPG_SECRET_KEY=x .venv/bin/mipg spectacular --file docs/openapi.yaml"


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="integer bounds in the schema follow the database (PostgreSQL's smallint is 32767); the committed "
    "file is generated and checked on the default SQLite",
)
def test_committed_openapi_schema_matches_the_code(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    current = OpenApiYamlRenderer().render(schema, renderer_context={}).decode("utf-8")
    committed = COMMITTED.read_text(encoding="utf-8")
    if current != committed:
        changed = [
            f"{number}: {line}"
            for number, (line, old) in enumerate(
                zip(current.splitlines(), committed.splitlines(), strict=False), start=1
            )
            if line != old
        ][:10]
        raise AssertionError(
            "docs/openapi.yaml no coincide con el esquema del código (la API cambió). Si el cambio es "
            f"intencional, regenere el archivo con:\n    {REGENERATE}\nrevise el diff y anótelo en "
            "docs/api.md (§ Cambios). Primeras líneas distintas:\n" + "\n".join(changed)
        )
