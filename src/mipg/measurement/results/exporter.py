"""Bulk export of one vigencia (open data): one row per measured entity, one column per index code.

Half a million scores per vigencia at national scale, so nothing here builds a model instance or a
Decimal per score (issue 14 item 4: the first byte within 200 ms, the whole file within 1.5 s on
PostgreSQL):
- the codes of the vigencia come from a loose index scan (one probe of the index (vigencia, code) per
  code) instead of a DISTINCT over every score, so the header is ready at once;
- the entities' identification is read once (a few thousand rows), not joined to every score;
- the scores are read as text formatted by the database, in the order of the unique index
  (vigencia, subject, code), through a server-side cursor on PostgreSQL (`chunked_cursor`), in chunks.

The API view streams `csv_stream` / `json_stream` over `wide_rows`; a background job may write the same
chunks to a file."""

import csv
import json

from django.db import connections, router

from mipg.core.exports import csv_lines, neutralise

from .codes import code_sort_key
from .models import ResultSubject, Score
from .selectors import catalogue_codes

CHUNK_ROWS = 10_000
IDENTITY = ["sigep_code", "name", "legal_nature", "departamento", "municipio", "peer_group", "form_type"]
CSV_HEADER = [
    "codigo_sigep",
    "entidad",
    "naturaleza_juridica",
    "departamento",
    "municipio",
    "grupo_par",
    "tipo_formulario",
]
MISSING = object()  # the entity has no score for that code in the vigencia (a null score is "no aplica")


def _connection():
    return connections[router.db_for_read(Score)]


def vigencia_codes(vigencia: int) -> list[str]:
    """The index codes with scores in the vigencia, in the catalogue's order (IDI, D1…, POL01…, I01…)."""
    connection = _connection()
    table = connection.ops.quote_name(Score._meta.db_table)
    sql = (
        "WITH RECURSIVE codes(code) AS ("
        f"SELECT MIN(code) FROM {table} WHERE vigencia = %s "
        "UNION ALL "
        f"SELECT (SELECT MIN(code) FROM {table} WHERE vigencia = %s AND code > codes.code) "
        "FROM codes WHERE codes.code IS NOT NULL"
        ") SELECT code FROM codes WHERE code IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [vigencia, vigencia])
        codes = [row[0] for row in cursor.fetchall()]
    return sorted(codes, key=code_sort_key)


def _value_as_text(connection) -> str:
    """The score as the text of the export (one decimal, "80.0"), formatted by the database."""
    if connection.vendor == "postgresql":
        return "value::text"
    return "CASE WHEN value IS NULL THEN NULL ELSE printf('%%.1f', value) END"


def wide_rows(vigencia: int, codes: list[str]):
    """Yield (identity tuple, cells) per measured entity of the vigencia, ordered by subject id; `cells`
    is aligned with `codes`: the score as text, None ("no aplica") or MISSING."""
    connection = _connection()
    identities = {
        row[0]: row[1:]
        for row in ResultSubject.objects.using(connection.alias).values_list("pk", *IDENTITY).iterator()
    }
    column = {code: index for index, code in enumerate(codes)}
    width = len(codes)
    table = connection.ops.quote_name(Score._meta.db_table)
    sql = (
        f"SELECT subject_id, code, {_value_as_text(connection)} FROM {table} "
        "WHERE vigencia = %s ORDER BY subject_id, code"
    )
    current, cells = None, None
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [vigencia])
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            for subject_id, code, text in chunk:
                if subject_id != current:
                    if current is not None:
                        yield identities[current], cells
                    current, cells = subject_id, [MISSING] * width
                index = column.get(code)
                if index is not None:
                    cells[index] = text
    if current is not None:
        yield identities[current], cells


class _Echo:
    def write(self, value):
        return value


def csv_stream(codes: list[str], rows, *, synthetic: bool = False):
    """CSV lines: the header through the one CSV writer of core, the identification cells through its
    `neutralise` (formula-like text gets its quote). Score cells are numbers formatted by the database
    ("85.3"), which `neutralise` leaves as they are: they skip it (it was most of the export's Python
    time)."""
    yield from csv_lines([*CSV_HEADER, *codes, "datos_sinteticos"], [])
    writer = csv.writer(_Echo())
    flag = "si" if synthetic else "no"
    for identity, cells in rows:
        yield writer.writerow(
            [
                *[neutralise(cell) for cell in identity],
                *["" if cell is None or cell is MISSING else cell for cell in cells],
                flag,
            ]
        )


def json_stream(vigencia: int, codes: list[str], rows, *, synthetic: bool = False):
    names = catalogue_codes()["names"]
    yield json.dumps(
        {
            "vigencia": vigencia,
            "synthetic": synthetic,
            "codes": [{"code": c, "name": names.get(c, c)} for c in codes],
        }
    )[:-1]
    yield ', "results": ['
    first = True
    for identity, cells in rows:
        item = dict(zip(IDENTITY, identity, strict=True))
        item["scores"] = {
            code: (None if cell is None else float(cell))
            for code, cell in zip(codes, cells, strict=True)
            if cell is not MISSING
        }
        yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "]}"
