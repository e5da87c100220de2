"""Writes: the official FURAG results of a vigencia (bulk, all-or-nothing)."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

from mipg.catalog.models import Dimension, Policy, SubIndex
from mipg.catalog.selectors import current_version
from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected
from mipg.organizations.models import Entity

from ..codes import code_kind
from ..importer import ParsedWorkbook, check_vigencia, read_results_workbook
from ..models import ResultImport, ResultSubject, ResultVersion, Score
from ..permissions import can_import_results

BATCH_SIZE = 5000
SUBJECT_FIELDS = ["name", "legal_nature", "departamento", "municipio", "peer_group", "form_type", "entity"]


def known_codes() -> set[str]:
    version = current_version()
    codes = set(Dimension.objects.filter(version=version).values_list("code", flat=True))
    codes |= set(Policy.objects.filter(version=version).values_list("code", flat=True))
    return codes


def _read_bytes(uploaded) -> bytes:
    if isinstance(uploaded, bytes):
        return uploaded
    if isinstance(uploaded, str) or hasattr(uploaded, "__fspath__"):
        with open(uploaded, "rb") as handle:
            return handle.read()
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def results_parse(*, file, vigencia, sheet: str | None = None) -> tuple[int, bytes, ParsedWorkbook]:
    """Check the vigencia and read the whole workbook (every problem reported); changes nothing."""
    year = check_vigencia(vigencia)
    data = _read_bytes(file)
    parsed = read_results_workbook(data, known_codes=known_codes(), sheet=sheet or None)
    return year, data, parsed


def vigencia_in_force(year: int) -> ResultImport | None:
    """The import whose data is in force for the vigencia (the latest one)."""
    return ResultImport.objects.filter(vigencia=year).order_by("-imported_at", "-pk").first()


def vigencia_exists(year: int) -> bool:
    return ResultImport.objects.filter(vigencia=year).exists() or Score.objects.filter(vigencia=year).exists()


@service
def results_import(
    *,
    user,
    file,
    vigencia,
    sheet: str | None = None,
    file_name: str = "",
    is_demo: bool = False,
    replace: bool = False,
    parsed: ParsedWorkbook | None = None,
) -> ResultImport:
    """Import one vigencia of official results. A vigencia already imported is replaced only with
    `replace=True` (after the preview was confirmed); the data replaced is archived as a restorable
    version (services/versions.py). `parsed` skips reading again a workbook already read."""
    if user is not None and not can_import_results(user):
        raise PermissionDenied(
            _("Solo un administrador de resultados oficiales o del sistema importa resultados oficiales.")
        )
    if parsed is None:
        year, data, parsed = results_parse(file=file, vigencia=vigencia, sheet=sheet)
    else:
        year, data = check_vigencia(vigencia), _read_bytes(file)
    codes = [column.code for column in parsed.columns]

    from .versions import archive_vigencia, lock_vigencia

    lock_vigencia(year)
    previous = vigencia_exists(year)
    if previous and not replace:
        raise ImportRejected.single(
            _(
                "La vigencia %(year)s ya tiene resultados: revise la vista previa de los cambios y confirme "
                "el reemplazo (en la línea de comandos, use --replace)."
            )
            % {"year": year}
        )
    if previous:
        archive_vigencia(user=user, vigencia=year, reason=ResultVersion.Reason.IMPORT)

    _sync_subindices(parsed.columns)
    subjects = _upsert_subjects(parsed.rows, year, is_demo)

    Score.objects.filter(vigencia=year).delete()
    count = insert_scores(
        (year, subjects[row.identity["sigep_code"]], code, value)
        for row in parsed.rows
        for code, value in row.values.items()
    )
    from .peer_stats import peer_stats_recompute

    peer_stats_recompute(year)  # dashboards' peer statistics, in this transaction; invalidates caches

    record = ResultImport(
        vigencia=year,
        file_name=(file_name or getattr(file, "name", "") or "resultados.xlsx")[-250:],
        sha256=hashlib.sha256(data).hexdigest(),
        sheet=parsed.sheet,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
        row_count=len(parsed.rows),
        column_count=len(codes),
        score_count=count,
        codes=codes,
        replaced_previous=previous,
        is_demo=is_demo,
        synthetic=parsed.synthetic,
    )
    record.full_clean()
    record.save()
    record_event(
        user=user,
        obj=record,
        verb="vigencia reimportada" if previous else "resultados importados",
        description=_("%(rows)s entidades, %(cols)s índices, vigencia %(year)s")
        % {"rows": record.row_count, "cols": record.column_count, "year": year},
        data={
            "vigencia": year,
            "sha256": record.sha256,
            "rows": record.row_count,
            "columns": len(codes),
            "synthetic": record.synthetic,
        },
    )
    return record


def insert_scores(values, *, batch_size: int = BATCH_SIZE) -> int:
    """Insert (vigencia, subject_id, code, value) tuples in batches with one prepared statement.
    Hundreds of thousands of rows per vigencia: building a model instance per score (bulk_create) costs
    several times more than the database work, so this writes the narrow table directly."""
    table = connection.ops.quote_name(Score._meta.db_table)
    sql = f"INSERT INTO {table} (vigencia, subject_id, code, value) VALUES (%s, %s, %s, %s)"
    count = 0
    batch = []
    if connection.vendor == "postgresql":
        # COPY is the bulk path of PostgreSQL (several times faster than multi-row INSERTs).
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} (vigencia, subject_id, code, value) FROM STDIN") as copy:
                for item in values:
                    copy.write_row(item)
                    count += 1
        return count
    with connection.cursor() as cursor:
        for item in values:
            batch.append(item)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _sync_subindices(columns) -> None:
    """Create each sub-index the first time a header names it; link it to its policy when inferred
    (see importer._infer_subindex_policies) and not yet linked. Names already known are kept."""
    version = current_version()
    if version is None:
        raise ImportRejected.single(_("Cargue primero el catálogo MIPG (mipg load-catalog)."))
    policies = {p.code: p for p in Policy.objects.filter(version=version)}
    existing = {s.code: s for s in SubIndex.objects.filter(version=version)}
    for column in columns:
        if code_kind(column.code) != "subindex":
            continue
        policy = policies.get(column.policy_code or "")
        sub = existing.get(column.code)
        if sub is None:
            SubIndex.objects.create(
                version=version, code=column.code, name=(column.name or column.code)[:300], policy=policy
            )
        elif sub.policy_id is None and policy is not None:
            sub.policy = policy
            sub.save(update_fields=["policy"])


def _upsert_subjects(rows, year: int, is_demo: bool) -> dict[str, int]:
    """sigep_code -> subject id. Identification (name, grupo par…) follows the newest vigencia imported."""
    codes = [row.identity["sigep_code"] for row in rows]
    entities = {}
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        entities.update(Entity.objects.filter(sigep_code__in=chunk).values_list("sigep_code", "pk"))
    existing = {s.sigep_code: s for s in ResultSubject.objects.all()}
    newest = Score.objects.order_by("-vigencia").values_list("vigencia", flat=True).first()
    refresh = newest is None or year >= newest
    to_create, to_update = [], []
    for row in rows:
        identity = row.identity
        values = {
            "name": identity.get("name", "")[:300] or identity["sigep_code"],
            "legal_nature": identity.get("legal_nature", "")[:150],
            "departamento": identity.get("departamento", "")[:120],
            "municipio": identity.get("municipio", "")[:120],
            "peer_group": identity.get("peer_group", "")[:150],
            "form_type": identity.get("form_type", "")[:80],
            "entity_id": entities.get(identity["sigep_code"]),
        }
        subject = existing.get(identity["sigep_code"])
        if subject is None:
            to_create.append(ResultSubject(sigep_code=identity["sigep_code"], is_demo=is_demo, **values))
            continue
        changed = subject.entity_id != values["entity_id"]
        subject.entity_id = values.pop("entity_id")
        if refresh:
            for name, value in values.items():
                if value and getattr(subject, name) != value:
                    setattr(subject, name, value)
                    changed = True
        if changed:
            to_update.append(subject)
    ResultSubject.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        ResultSubject.objects.bulk_update(to_update, SUBJECT_FIELDS, batch_size=500)
    mapping = {}
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        mapping.update(ResultSubject.objects.filter(sigep_code__in=chunk).values_list("sigep_code", "pk"))
    return mapping
