"""The zip structure: entry count, compression method, declared and actual uncompressed size of every
entry (inflated in chunks), compression ratio; and which parts are the workbook's sheets."""

import functools
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from ..imports import ImportRejected
from .common import CHUNK, METADATA_LIMIT, RATIO_FLOOR, Limits, _mb, not_a_workbook, reject, too_large
from .sheets import SheetExtent, _check_extent, _ExtentScanner


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
