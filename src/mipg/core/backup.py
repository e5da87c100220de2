"""Backup and restore of the whole installation: every table row by row and every uploaded file, in one
zip archive whose manifest carries the SHA-256 of each member (docs/decisions/0040-backup-format.md).

- Format: one JSON-lines member per table (`data/<table>.jsonl`), values of the model's own columns as
  Django reads them (foreign keys as raw ids, datetimes with microseconds), plus `media/<name>` for each
  file of the default storage and `manifest.json`.
- Content types and permissions are restored with their original ids (restore first empties every table),
  so every foreign key, generic relation and audit entry keeps pointing at the same row. That is safe
  because restore only runs on a database at exactly the archive's migration state.
- Restore writes rows with plain INSERTs: no model signal fires (no auditlog entry, no side effect), the
  original audit rows and domain events come back as they were, and sequences come back too.
- Uploaded files are listed, read and written back through the storage API (mipg.core.storage): evidence
  kept in an S3-compatible bucket is copied into the archive and put back under the same object names,
  exactly as a local media folder is.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import tempfile
import zipfile
from base64 import b64decode, b64encode
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from uuid import UUID

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext as _

from .storage import stored_names, write_stored

FORMAT = "gestor-mipg-respaldo"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
BATCH = 1000
# Tables that `mipg migrate` fills by itself: their rows do not make a database "non-empty".
MIGRATE_FILLED = {"django_content_type", "auth_permission"}


class BackupError(Exception):
    """A refusal with a Spanish message; nothing was changed."""


@dataclass
class Summary:
    tables: int = 0
    rows: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every concrete table of the project (including many-to-many tables), once, sorted by name."""
    existing = set(connections[using].introspection.table_names())
    chosen: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or not router.allow_migrate_model(using, model):
            continue
        if meta.db_table in existing:
            chosen.setdefault(meta.db_table, model)
    return [chosen[name] for name in sorted(chosen)]


def _columns(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _encode(value):
    if value is None or isinstance(value, (bool, int, float, str, dict, list)):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, (bytes, memoryview)):
        return b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"Valor no soportado en la copia: {type(value).__name__}")


def _decoder(model_field: models.Field):
    if isinstance(model_field, models.JSONField):
        return lambda value: value
    if isinstance(model_field, models.BinaryField):
        return lambda value: None if value is None else b64decode(value)
    return lambda value: None if value is None else model_field.to_python(value)


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _has_sequence(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField) and model._meta.pk in _columns(model)


def read_sequences(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The last id each table's sequence handed out (not the largest id present: deleted rows count, so
    that a restored database never reuses the id of a deleted object that the audit trail mentions)."""
    connection = connections[using]
    values: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sqlite_sequence'")
            if cursor.fetchone():
                cursor.execute("SELECT name, seq FROM sqlite_sequence")
                values = {name: int(seq) for name, seq in cursor.fetchall() if seq}
        elif connection.vendor == "postgresql":
            for model in backed_up_models(using):
                if not _has_sequence(model):
                    continue
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
                )
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                    last, called = cursor.fetchone()
                    if called:
                        values[model._meta.db_table] = int(last)
        else:
            raise BackupError(_("Base de datos no soportada para copias: %(v)s.") % {"v": connection.vendor})
    return values


def _write_sequences(using: str, sequences: dict[str, int], tables: list[type[models.Model]]) -> None:
    connection = connections[using]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in tables:
            if not _has_sequence(model):
                continue
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")
            largest = cursor.fetchone()[0] or 0
            value = max(int(sequences.get(table, 0)), int(largest))
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                if value:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, value])
            else:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s, %s)",
                    [table, pk, max(value, 1), value >= 1],
                )


def storage_files(storage=None, path: str = "") -> list[str]:
    """Names of every file in the storage (recursively), sorted: a local folder or an S3-compatible
    bucket alike, through the storage API (mipg.core.storage)."""
    return sorted(stored_names(storage, path))


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> list[tuple[str, str]]:
    """(model label, file name) of every FileField value stored in the database."""
    found = []
    for model in backed_up_models(using):
        for model_field in _columns(model):
            if isinstance(model_field, models.FileField):
                names = (
                    model._base_manager.using(using)
                    .exclude(**{model_field.attname: ""})
                    .exclude(**{f"{model_field.attname}__isnull": True})
                    .values_list(model_field.attname, flat=True)
                )
                found += [(model._meta.label, name) for name in names]
    return found


class _HashingWriter:
    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)


def create_backup(archive: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive (refuses to overwrite one). The tables are read in one transaction, so the copy is
    a consistent snapshot (REPEATABLE READ on PostgreSQL)."""
    archive = Path(archive)
    if archive.exists():
        raise BackupError(_("Ya existe el archivo «%(a)s»; elija otro nombre.") % {"a": archive})
    connection = connections[using]
    summary = Summary()
    members: dict[str, dict] = {}
    tables = []
    handle, temporary = tempfile.mkstemp(dir=archive.parent or ".", prefix=".mipg-respaldo-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            fresh_transaction = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if fresh_transaction and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                sequences = read_sequences(using)
                for model in backed_up_models(using):
                    columns = _columns(model)
                    member = f"data/{model._meta.db_table}.jsonl"
                    rows = (
                        model._base_manager.using(using)
                        .order_by(model._meta.pk.attname)
                        .values_list(*[f.attname for f in columns])
                    )
                    count = 0
                    with zf.open(member, "w", force_zip64=True) as raw:
                        writer = _HashingWriter(raw)
                        for row in rows.iterator(chunk_size=2000):
                            line = json.dumps([_encode(v) for v in row], ensure_ascii=False)
                            writer.write(line.encode("utf-8") + b"\n")
                            count += 1
                    members[member] = {"sha256": writer.digest.hexdigest(), "size": writer.size}
                    tables.append(
                        {
                            "table": model._meta.db_table,
                            "model": model._meta.label,
                            "columns": [f.column for f in columns],
                            "rows": count,
                            "sequence": sequences.get(model._meta.db_table),
                            "member": member,
                        }
                    )
                    summary.tables += 1
                    summary.rows += count
                migrations = applied_migrations(using)
                referenced = referenced_files(using)
                missing = [(label, name) for label, name in referenced if not default_storage.exists(name)]
            for name in storage_files():
                member = f"media/{name}"
                source = default_storage.open(name, "rb")
                with source, zf.open(member, "w", force_zip64=True) as raw:
                    writer = _HashingWriter(raw)
                    for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                        writer.write(chunk)
                members[member] = {"sha256": writer.digest.hexdigest(), "size": writer.size}
                summary.files += 1
            for label, name in missing:
                summary.warnings.append(
                    _("Falta el archivo «%(name)s» de %(model)s: no está en el almacenamiento.")
                    % {"name": name, "model": label}
                )
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "tables": tables,
                "members": members,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(temporary, archive)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    summary.sha256 = file_sha256(archive)
    return summary


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_media_name(member: str) -> str | None:
    name = member[len("media/") :]
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts or "" in name.split("/"):
        return None
    return name


def verify_archive(archive: Path, *, expected_sha256: str = "") -> dict:
    """Check the whole archive before anything is restored; returns the manifest or raises BackupError."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("No existe el archivo de copia «%(a)s».") % {"a": archive})
    if expected_sha256 and file_sha256(archive) != expected_sha256.strip().lower():
        raise BackupError(_("El SHA-256 del archivo no coincide con el esperado: la copia fue alterada."))
    try:
        with zipfile.ZipFile(archive) as zf:
            try:
                manifest = json.loads(zf.read(MANIFEST))
            except (KeyError, ValueError):
                raise BackupError(_("La copia no tiene un manifiesto válido.")) from None
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise BackupError(_("El archivo no es una copia de Gestor MIPG en un formato conocido."))
            members = manifest.get("members") or {}
            present = {info.filename for info in zf.infolist() if not info.is_dir()} - {MANIFEST}
            if present != set(members):
                raise BackupError(
                    _("La copia fue alterada: su contenido no coincide con el manifiesto (%(n)s partes).")
                    % {"n": len(present ^ set(members))}
                )
            for table in manifest.get("tables", []):
                if table.get("member") not in members:
                    message = _("La copia fue alterada: falta la tabla %(t)s.")
                    raise BackupError(message % {"t": table.get("table")})
            for name, expected in sorted(members.items()):
                if not (name.startswith("data/") or (name.startswith("media/") and _safe_media_name(name))):
                    raise BackupError(_("La copia contiene un nombre no permitido: «%(n)s».") % {"n": name})
                digest, size = hashlib.sha256(), 0
                with zf.open(name) as handle:
                    for chunk in iter(lambda handle=handle: handle.read(CHUNK), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        if size > expected.get("size", 0):
                            break
                if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
                    raise BackupError(
                        _("La copia fue alterada o está dañada: «%(n)s» no coincide con su SHA-256.")
                        % {"n": name}
                    )
    except zipfile.BadZipFile:
        raise BackupError(_("El archivo no es una copia válida (zip dañado).")) from None
    return manifest


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    for model in backed_up_models(using):
        if model._meta.db_table not in MIGRATE_FILLED and model._base_manager.using(using).exists():
            return False
    return True


def restore_backup(archive: Path, *, force: bool = False, expected_sha256: str = "", using=DEFAULT_DB_ALIAS):
    """Verify the archive, then replace the database's content and write the uploaded files.
    Without `force` the database must be empty (only what `mipg migrate` creates) and the storage too."""
    manifest = verify_archive(archive, expected_sha256=expected_sha256)
    connection = connections[using]
    if manifest["migrations"] != applied_migrations(using):
        theirs = {tuple(m) for m in manifest["migrations"]}
        ours = {tuple(m) for m in applied_migrations(using)}
        raise BackupError(
            _(
                "La copia se hizo con otra versión del esquema de la base de datos (%(a)s migraciones "
                "solo en la copia, %(b)s solo en esta base). Instale la misma versión de Gestor MIPG, "
                "restaure y luego actualice."
            )
            % {"a": len(theirs - ours), "b": len(ours - theirs)}
        )
    models_by_table = {model._meta.db_table: model for model in backed_up_models(using)}
    for table in manifest["tables"]:
        model = models_by_table.get(table["table"])
        if model is None or [f.column for f in _columns(model)] != table["columns"]:
            message = _("La tabla %(t)s de la copia no corresponde a esta versión.")
            raise BackupError(message % {"t": table["table"]})
    missing_tables = set(models_by_table) - {table["table"] for table in manifest["tables"]}
    if missing_tables:
        message = _("A la copia le faltan %(n)s tabla(s) de esta versión (por ejemplo %(t)s).")
        raise BackupError(message % {"n": len(missing_tables), "t": sorted(missing_tables)[0]})
    media = sorted(name for name in manifest["members"] if name.startswith("media/"))
    if not force:
        if not database_is_empty(using):
            raise BackupError(
                _(
                    "La base de datos no está vacía: no se restauró nada. Restaure sobre una base recién "
                    "creada con «mipg migrate», o use --force para reemplazar todo su contenido."
                )
            )
        if storage_files():
            raise BackupError(
                _(
                    "El almacenamiento de archivos cargados no está vacío: no se restauró nada. Use una "
                    "carpeta de archivos vacía, o --force para reemplazar los archivos de la copia."
                )
            )
    summary = Summary()
    written: list[str] = []
    tables = list(models_by_table.values())
    try:
        with zipfile.ZipFile(archive) as zf, transaction.atomic(using=using), disable_auditlog():
            if connection.vendor == "postgresql":
                # Called inside a transaction that already wrote rows (a caller's, or a test's), PostgreSQL
                # refuses to TRUNCATE tables with deferred foreign-key checks pending: run them now, then
                # defer again so the archive's rows may load in table order.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            connection.ops.execute_sql_flush(
                connection.ops.sql_flush(no_style(), [m._meta.db_table for m in tables], allow_cascade=False)
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            qn = connection.ops.quote_name
            with connection.cursor() as cursor:
                for table in manifest["tables"]:
                    model = models_by_table[table["table"]]
                    columns = _columns(model)
                    decoders = [_decoder(f) for f in columns]
                    sql = "INSERT INTO {} ({}) VALUES ({})".format(
                        qn(table["table"]),
                        ", ".join(qn(f.column) for f in columns),
                        ", ".join(["%s"] * len(columns)),
                    )
                    batch = []
                    with zf.open(table["member"]) as handle:
                        for line in handle:
                            values = json.loads(line)
                            batch.append(
                                [
                                    f.get_db_prep_save(decode(v), connection)
                                    for f, decode, v in zip(columns, decoders, values, strict=True)
                                ]
                            )
                            if len(batch) >= BATCH:
                                cursor.executemany(sql, batch)
                                batch = []
                    if batch:
                        cursor.executemany(sql, batch)
                    summary.tables += 1
                    summary.rows += table["rows"]
            connection.check_constraints(table_names=[m._meta.db_table for m in tables])
            for member in media:
                name = _safe_media_name(member)
                with zf.open(member) as handle:
                    try:  # the object goes back under its exact name (local folder or bucket)
                        write_stored(name, File(handle, name=posixpath.basename(name)))
                    except OSError:
                        message = _("No se pudo escribir el archivo «%(n)s».") % {"n": name}
                        raise BackupError(message) from None
                written.append(name)
                summary.files += 1
            # Last: PostgreSQL's setval is not undone by a rollback, so nothing may fail after it.
            _write_sequences(using, {t["table"]: t["sequence"] or 0 for t in manifest["tables"]}, tables)
    except Exception as error:
        for name in written:
            default_storage.delete(name)
        if isinstance(error, (DatabaseError, ValueError, TypeError, ValidationError)):
            raise BackupError(
                _("La copia no se pudo cargar (%(e)s): no se restauró nada.") % {"e": str(error)[:300]}
            ) from error
        raise
    finally:
        ContentType.objects.clear_cache()
    if force:
        extra = sorted(set(storage_files()) - {_safe_media_name(m) for m in media})
        if extra:
            summary.warnings.append(
                _("%(n)s archivo(s) que no están en la copia se dejaron en el almacenamiento.")
                % {"n": len(extra)}
            )
    return summary
