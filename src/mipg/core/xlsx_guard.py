"""The one guarded way to read an uploaded workbook.

Before python-calamine sees a byte, `inspect_workbook` checks, in the web worker and with bounded memory:
the file size; the zip structure (entry count read from the end-of-central-directory record before the
directory is loaded, compression method, declared and *actual* uncompressed size of every entry measured
by inflating it in chunks, compression ratio); and, for every worksheet, its declared `<dimension>` and
its real extent (the cell references it holds), against row, column and cell limits.

Only then does calamine parse, in a forked child process with an address-space limit (RLIMIT_AS) and a
time limit, so that a file that still manages to exhaust memory kills the child, not the worker. The
child sends the rows back pickled through a pipe. Every refusal is an `ImportRejected` in Spanish.
"""

import faulthandler
import functools
import math
import os
import pickle
import posixpath
import re
import resource
import select
import signal
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from .imports import ImportRejected

CHUNK = 1024 * 1024
# Parts read whole in the worker (workbook.xml and its relationships) must be small.
METADATA_LIMIT = 4 * 1024 * 1024
# Largest answer (pickled rows) a child may send back: the worker must stay small (a legitimate
# 2,000,000-cell sheet of numbers pickles to about 20 MB).
RESULT_LIMIT = 64 * 1024 * 1024
# Entries smaller than this are not held to the ratio limit: tiny parts compress well and are harmless.
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_entries: int
    max_uncompressed: int
    max_ratio: int
    max_rows: int
    max_columns: int
    max_cells: int
    memory: int
    timeout: float


def limits() -> Limits:
    return Limits(
        max_bytes=settings.MIPG_MAX_UPLOAD_BYTES,
        max_entries=getattr(settings, "MIPG_XLSX_MAX_ENTRIES", 1000),
        max_uncompressed=getattr(settings, "MIPG_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024),
        max_ratio=getattr(settings, "MIPG_XLSX_MAX_RATIO", 100),
        max_rows=getattr(settings, "MIPG_XLSX_MAX_ROWS", 100_000),
        max_columns=getattr(settings, "MIPG_XLSX_MAX_COLUMNS", 1_000),
        max_cells=getattr(settings, "MIPG_XLSX_MAX_CELLS", 2_000_000),
        memory=getattr(settings, "MIPG_XLSX_PARSE_MEMORY_BYTES", 768 * 1024 * 1024),
        timeout=getattr(settings, "MIPG_XLSX_PARSE_TIMEOUT", 60),
    )


def _mb(size: int, *, up: bool = False) -> str:
    value = size / 1048576
    if up:  # a size just over the limit must not print as the limit itself
        return f"{math.ceil(value * 100) / 100:.2f}".replace(".", ",")
    return f"{value:.1f}".replace(".", ",")


def reject(message: str, **where) -> ImportRejected:
    return ImportRejected.single(message, **where)


def not_a_workbook() -> ImportRejected:
    return reject(_("El archivo no es un libro de Excel (.xlsx) válido."))


def too_large(size: int, limit: int) -> ImportRejected:
    return reject(
        _("El archivo pesa %(size)s MB y el máximo permitido es %(limit)s MB.")
        % {"size": _mb(size, up=True), "limit": _mb(limit)}
    )


# ---------------------------------------------------------------- size without reading


def upload_size(uploaded) -> int:
    """Size of bytes, a path or a file object, without reading it."""
    if isinstance(uploaded, (bytes, bytearray)):
        return len(uploaded)
    if isinstance(uploaded, str) or hasattr(uploaded, "__fspath__"):
        return os.path.getsize(uploaded)
    size = getattr(uploaded, "size", None)
    if isinstance(size, int):
        return size
    position = uploaded.tell()
    uploaded.seek(0, os.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(position)
    return size


def check_size(uploaded, lim: Limits | None = None) -> None:
    """Refuse (without reading it) a file, path or bytes over MIPG_MAX_UPLOAD_BYTES."""
    lim = lim or limits()
    size = upload_size(uploaded)
    if size > lim.max_bytes:
        raise too_large(size, lim.max_bytes)


def read_bounded(uploaded, lim: Limits) -> bytes:
    """The upload's bytes, refusing (before reading) anything over the size limit."""
    check_size(uploaded, lim)
    if isinstance(uploaded, (bytes, bytearray)):
        return bytes(uploaded)
    if isinstance(uploaded, str) or hasattr(uploaded, "__fspath__"):
        with open(uploaded, "rb") as handle:
            data = handle.read(lim.max_bytes + 1)
    else:
        uploaded.seek(0)
        data = uploaded.read(lim.max_bytes + 1)
    if len(data) > lim.max_bytes:  # the object lied about its size
        raise too_large(len(data), lim.max_bytes)
    return data


# ---------------------------------------------------------------- zip structure


def zip_entry_count(data: bytes) -> int:
    """Entries announced by the end-of-central-directory record (read before zipfile builds its list)."""
    tail = data[-(65535 + 22) :]
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or len(tail) - position < 22:
        raise not_a_workbook()
    disk_entries, total_entries = struct.unpack("<HH", tail[position + 8 : position + 12])
    return max(disk_entries, total_entries)


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    offset = info.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise not_a_workbook()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    raw = data[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise not_a_workbook()
    return raw


def _inflate(data: bytes, info: zipfile.ZipInfo, cap: int):
    """Yield the entry's real content in chunks, whatever its header declares; stop past `cap` bytes."""
    raw = _raw_member(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        for start in range(0, min(len(raw), cap + 1), CHUNK):
            yield raw[start : start + CHUNK]
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise reject(_("El libro usa un método de compresión no admitido."))
    inflater = zlib.decompressobj(-15)
    produced = 0
    view = memoryview(raw)
    try:
        for start in range(0, len(view), 64 * 1024):
            pending = view[start : start + 64 * 1024]
            while pending:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                produced += len(out)
                if out:
                    yield out
                if produced > cap or inflater.eof:
                    return
        out = inflater.flush()
        if out:
            yield out
    except zlib.error as error:
        raise not_a_workbook() from error


@dataclass
class SheetExtent:
    rows: int = 0
    columns: int = 0
    declared: tuple[int, int] | None = None


@dataclass
class WorkbookPlan:
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name -> part path
    extents: dict[str, SheetExtent] = field(default_factory=dict)  # part path -> extent


def inspect_workbook(data: bytes, lim: Limits) -> WorkbookPlan:
    if len(data) > lim.max_bytes:
        raise too_large(len(data), lim.max_bytes)
    if not data.startswith(b"PK\x03\x04"):
        raise not_a_workbook()
    count = zip_entry_count(data)
    if count > lim.max_entries or count == 0xFFFF:
        raise reject(
            _("El libro tiene demasiadas partes internas (%(n)s; el máximo es %(max)s).")
            % {"n": count, "max": lim.max_entries}
        )
    try:
        archive = zipfile.ZipFile(_BytesReader(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise not_a_workbook() from error
    if len(infos) > lim.max_entries:
        raise reject(
            _("El libro tiene demasiadas partes internas (%(n)s; el máximo es %(max)s).")
            % {"n": len(infos), "max": lim.max_entries}
        )
    declared_total = sum(info.file_size for info in infos)
    if declared_total > lim.max_uncompressed:
        raise _expands_too_much(lim)
    by_name = {}
    for info in infos:
        if info.flag_bits & 0x1:
            raise reject(_("El libro está cifrado o protegido con contraseña; guárdelo sin contraseña."))
        if info.file_size > RATIO_FLOOR and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            raise _ratio_too_high(lim)
        by_name[info.filename] = info
    plan = WorkbookPlan()
    plan.sheets = _sheet_parts(data, by_name)
    sheet_parts = set(plan.sheets.values())
    actual_total = 0
    for info in infos:
        scanner = _ExtentScanner() if info.filename in sheet_parts else None
        actual = 0
        for chunk in _inflate(data, info, lim.max_uncompressed - actual_total):
            actual += len(chunk)
            if actual_total + actual > lim.max_uncompressed:
                raise _expands_too_much(lim)
            if actual > RATIO_FLOOR and actual > lim.max_ratio * max(info.compress_size, 1):
                raise _ratio_too_high(lim)
            if scanner is not None:
                scanner.feed(chunk)
        if actual != info.file_size:
            raise reject(_("El libro está dañado: el tamaño real de una de sus partes no es el declarado."))
        actual_total += actual
        if scanner is not None:
            replay = functools.partial(_inflate, data, info, lim.max_uncompressed)
            plan.extents[info.filename] = scanner.finish(replay)
    names = {part: name for name, part in plan.sheets.items()}
    for part, extent in plan.extents.items():
        _check_extent(names[part], extent, lim)
    return plan


def _expands_too_much(lim: Limits) -> ImportRejected:
    return reject(
        _("El libro se descomprime en más de %(limit)s MB: no se procesa.")
        % {"limit": _mb(lim.max_uncompressed)}
    )


def _ratio_too_high(lim: Limits) -> ImportRejected:
    return reject(
        _(
            "El libro tiene una parte con una tasa de compresión anormal (más de %(ratio)s a 1), "
            "propia de un archivo malicioso: no se procesa."
        )
        % {"ratio": lim.max_ratio}
    )


class _BytesReader:
    """Minimal seekable reader over bytes for zipfile (no copy)."""

    def __init__(self, data: bytes):
        self._view = memoryview(data)
        self._position = 0

    def seek(self, offset, whence=0):
        base = {0: 0, 1: self._position, 2: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self):
        return self._position

    def read(self, size=-1):
        end = len(self._view) if size is None or size < 0 else self._position + size
        chunk = bytes(self._view[self._position : end])
        self._position += len(chunk)
        return chunk

    def seekable(self):
        return True


def _read_metadata(data: bytes, info: zipfile.ZipInfo | None) -> bytes:
    if info is None:
        raise not_a_workbook()
    content = b"".join(_inflate(data, info, METADATA_LIMIT))
    if len(content) > METADATA_LIMIT or b"<!DOCTYPE" in content.upper():
        raise not_a_workbook()
    return content


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(data: bytes, by_name: dict) -> dict[str, str]:
    """Sheet name -> worksheet part, following xl/workbook.xml and its relationships as calamine does."""
    workbook_path = "xl/workbook.xml"
    rels_path = "xl/_rels/workbook.xml.rels"
    try:
        workbook = ElementTree.fromstring(_read_metadata(data, by_name.get(workbook_path)))
        rels = ElementTree.fromstring(_read_metadata(data, by_name.get(rels_path)))
    except ElementTree.ParseError as error:
        raise not_a_workbook() from error
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    sheets = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        path = targets.get(rel_id)
        if path in by_name:
            sheets[element.get("name") or ""] = path
    return sheets


# ---------------------------------------------------------------- sheet extent


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _ref(ref: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\$?([A-Z]{1,7})\$?([0-9]{1,12})", ref.strip().upper())
    if not match:
        return None
    return int(match.group(2)), column_number(match.group(1))


DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref="([^"]*)"')
ROW_REF = re.compile(rb'<row r="([0-9]+)"')
CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)')
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])[^>]*")
R_ATTR = re.compile(rb'\sr="([A-Z]*)([0-9]*)"')
SAMPLE = 64 * 1024


def _greater_than(number: int) -> bytes:
    """A regex (bytes) matching a decimal integer without leading zeros strictly greater than `number`."""
    digits = str(number)
    parts = [rb"[1-9][0-9]{%d,}" % len(digits)]
    for index, digit in enumerate(digits):
        if digit == "9":
            continue
        rest = len(digits) - index - 1
        parts.append(
            digits[:index].encode() + b"[%d-9]" % (int(digit) + 1) + (b"[0-9]{%d}" % rest if rest else b"")
        )
    return b"(?:" + b"|".join(parts) + b")"


def _greater_letters(letters: str) -> bytes:
    """A regex matching column letters strictly after `letters` (longer, or same length and later)."""
    parts = [rb"[A-Z]{%d,}" % (len(letters) + 1)]
    for index, letter in enumerate(letters):
        if letter == "Z":
            continue
        rest = len(letters) - index - 1
        parts.append(
            letters[:index].encode()
            + b"[%s-Z]" % chr(ord(letter) + 1).encode()
            + (b"[A-Z]{%d}" % rest if rest else b"")
        )
    return b"(?:" + b"|".join(parts) + b")"


# Tags a regular sheet never has: a cell or row without `r` as its first attribute, or a prefixed one.
IRREGULAR = (
    re.compile(rb'<c(?:[>/]|\s(?!r="))'),
    re.compile(rb'<row(?:[>/]|\s(?!r="))'),
    re.compile(rb":(?:c|row)[\s/>]"),
)


@functools.lru_cache(maxsize=256)
def _beyond_rows(rows: int) -> re.Pattern:
    return re.compile(rb'<c r="[A-Z]++' + _greater_than(rows) + rb'"')


@functools.lru_cache(maxsize=256)
def _beyond_columns(columns: str) -> re.Pattern:
    return re.compile(rb'<c r="' + _greater_letters(columns) + rb"[0-9]")


def _max_letters(found) -> str:
    return max((c.decode() for c in found), key=lambda c: (len(c), c), default="A")


class _ExtentScanner:
    """Streams a worksheet's XML and finds its real extent.

    Fast path (every row and cell carries `r` as its first attribute, as Excel, LibreOffice and openpyxl
    write them): rows from `<row r>`, columns sampled from each chunk's last cells, then one regex search
    per chunk for anything irregular or beyond. Otherwise an exact pass over every row and cell tag."""

    def __init__(self):
        self.carry = b""
        self.declared = None
        self.head_seen = False
        self.max_row = 0
        self.max_column = "A"
        self.exact = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buffer = self.carry + chunk
        cut = -1 if final else buffer.rfind(b"<")
        if cut < 0:
            self.carry = b""
        else:
            buffer, self.carry = buffer[:cut], buffer[cut:]
            if len(self.carry) > CHUNK:  # a tag that never closes: not a worksheet we can read
                raise not_a_workbook()
        if not self.head_seen:
            match = DIMENSION.search(buffer)
            if match:
                self.declared = _ref(match.group(1).decode("ascii", "replace").split(":")[-1])
            self.head_seen = b"sheetData" in buffer
        if self.exact:
            return
        rows = ROW_REF.findall(buffer)
        if rows:
            self.max_row = max(self.max_row, *map(int, rows))
        self.max_column = _max_letters({self.max_column.encode(), *CELL_COLUMN.findall(buffer[-SAMPLE:])})
        if _beyond_columns(self.max_column).search(buffer):  # the sample missed a wider row
            self.max_column = _max_letters({self.max_column.encode(), *CELL_COLUMN.findall(buffer)})
        if _beyond_rows(self.max_row).search(buffer) or any(p.search(buffer) for p in IRREGULAR):
            self.exact = True

    def finish(self, replay) -> SheetExtent:
        if self.carry:
            self.feed(b"", final=True)
        if self.exact:
            rows, columns = _exact_extent(replay())
        else:
            rows, columns = self.max_row, column_number(self.max_column) if self.max_row else 0
        return SheetExtent(rows=rows, columns=columns, declared=self.declared)


def _exact_extent(chunks) -> tuple[int, int]:
    """Row and column of the far corner, as a reader places cells (with or without `r`)."""
    max_row = max_column = 0
    row = 0
    column = 0
    carry = b""
    for chunk in [*chunks, None]:
        if chunk is None:
            buffer, carry = carry, b""
        else:
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            buffer, carry = (buffer, b"") if cut < 0 else (buffer[:cut], buffer[cut:])
        for match in CELL_TAG.finditer(buffer):
            attrs = R_ATTR.search(match.group(0))
            if match.group(1) == b"row":
                row = int(attrs.group(2)) if attrs and attrs.group(2) else row + 1
                column = 0
                max_row = max(max_row, row)
                continue
            if attrs and attrs.group(1):
                column = column_number(attrs.group(1).decode())
                cell_row = int(attrs.group(2)) if attrs.group(2) else row
            else:
                column += 1
                cell_row = row
            max_row = max(max_row, cell_row)
            max_column = max(max_column, column)
    return max_row, max_column


def _check_extent(sheet: str, extent: SheetExtent, lim: Limits) -> None:
    for rows, columns, declared in (
        (*(extent.declared or (0, 0)), True),
        (extent.rows, extent.columns, False),
    ):
        too_many = rows > lim.max_rows or columns > lim.max_columns or rows * columns > lim.max_cells
        if not too_many:
            continue
        message = (
            _(
                "La hoja declara un rango de %(rows)s filas por %(columns)s columnas; el máximo es "
                "%(max_rows)s filas, %(max_columns)s columnas y %(max_cells)s celdas. Si sus datos son "
                "menos, cópielos a un libro nuevo y cárguelo de nuevo."
            )
            if declared
            else _(
                "La hoja tiene celdas hasta la fila %(rows)s y la columna %(columns)s; el máximo es "
                "%(max_rows)s filas, %(max_columns)s columnas y %(max_cells)s celdas."
            )
        )
        raise reject(
            message
            % {
                "rows": f"{rows:,}".replace(",", "."),
                "columns": f"{columns:,}".replace(",", "."),
                "max_rows": f"{lim.max_rows:,}".replace(",", "."),
                "max_columns": f"{lim.max_columns:,}".replace(",", "."),
                "max_cells": f"{lim.max_cells:,}".replace(",", "."),
            },
            sheet=sheet,
        )


# ---------------------------------------------------------------- parsing in a child process


def run_isolated(function, *args, lim: Limits):
    """Run `function(*args)` in a forked child with RLIMIT_AS = current size + lim.memory and a time
    limit; return its (pickled) result. Any crash, limit or exception becomes a Spanish ImportRejected."""
    if not hasattr(os, "fork"):  # pragma: no cover - non-POSIX development machines
        return function(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        status = 0
        try:
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # a native abort's backtrace is not the worker's log
            faulthandler.disable()
            _limit_child(lim)
            try:
                payload = pickle.dumps(("ok", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
            except ImportRejected as error:
                payload = pickle.dumps(("rejected", error.problems), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload, status = b"", 3
            except Exception:
                payload = pickle.dumps(("invalid", None), protocol=pickle.HIGHEST_PROTOCOL)
            if len(payload) > RESULT_LIMIT:
                payload = pickle.dumps(("too_much", None), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                written = os.write(write_end, view)
                view = view[written:]
        except BaseException:
            status = 4
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    received = 0
    deadline = time.monotonic() + lim.timeout
    problem = None
    poller = select.poll()  # not select(): a busy worker may hold descriptors past FD_SETSIZE
    poller.register(read_end, select.POLLIN)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                problem = _("El libro tardó más de %(seconds)s segundos en leerse: no se procesa.") % {
                    "seconds": int(lim.timeout)
                }
                break
            if not poller.poll(remaining * 1000):
                continue
            chunk = os.read(read_end, CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > RESULT_LIMIT:
                problem = _("El libro tiene más contenido del que el servidor puede recibir: no se procesa.")
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if problem is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _pid, status = os.waitpid(pid, 0)
    if problem is not None:
        raise reject(problem)
    if status != 0 or not chunks:
        raise reject(
            _(
                "El libro no se pudo leer dentro de los límites de memoria y tiempo del servidor "
                "(archivo dañado o malicioso): no se procesa."
            )
        )
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    if kind == "rejected":
        raise ImportRejected(value)
    if kind == "too_much":
        raise reject(_("El libro tiene más contenido del que el servidor puede recibir: no se procesa."))
    raise not_a_workbook()


def _limit_child(lim: Limits) -> None:
    try:
        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * resource.getpagesize()
    except OSError:  # pragma: no cover - no /proc: only the time limit applies
        current = None
    if current is not None:
        ceiling = current + lim.memory
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    cpu = int(lim.timeout) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
