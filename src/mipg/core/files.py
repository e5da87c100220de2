"""Checks for uploaded files: the extension must be allowed and the content must really be what the
extension claims (magic bytes, then a parse: pypdf for PDF, the zip directory for office files), within
the size limit. `upload_response` serves stored uploads: inline only for known-safe types whose content
checks out again (PDF that parses, PNG, JPEG), as a download (attachment) otherwise, always nosniff."""

import hashlib
import io
import logging
import zipfile
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".docx": [ZIP],
    ".xlsx": [ZIP],
    ".pptx": [ZIP],
    ".odt": [ZIP],
    ".ods": [ZIP],
    ".doc": [OLE],
    ".xls": [OLE],
    ".ppt": [OLE],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
}
EVIDENCE_EXTENSIONS = tuple(SIGNATURES)
# Zip-based office formats: the part that must be inside the zip.
ZIP_MARKERS = {
    ".docx": "[Content_Types].xml",
    ".xlsx": "[Content_Types].xml",
    ".pptx": "[Content_Types].xml",
    ".odt": "mimetype",
    ".ods": "mimetype",
}
# What a browser would sniff as a page: never in the first kilobyte of a genuine upload.
MARKUP = (b"<html", b"<!doctype html", b"<script", b"<body", b"<svg", b"<iframe", b"<head")
INLINE_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def validate_upload(uploaded, *, allowed: tuple[str, ...] = EVIDENCE_EXTENSIONS, label: str = "") -> None:
    """Raise ValidationError (in Spanish) unless the upload is an allowed, genuine, small enough file."""
    name = getattr(uploaded, "name", "") or ""
    extension = Path(name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            _("El archivo «%(name)s» no es de un tipo permitido (%(allowed)s).")
            % {"name": name, "allowed": ", ".join(allowed)}
        )
    size = getattr(uploaded, "size", None) or 0
    limit = settings.MIPG_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            _("El archivo «%(name)s» pesa %(size).1f MB y el máximo es %(limit).0f MB.")
            % {"name": name, "size": size / 1048576, "limit": limit / 1048576}
        )
    if size == 0:
        raise ValidationError(_("El archivo «%(name)s» está vacío.") % {"name": name})
    head = read_head(uploaded)
    not_genuine = ValidationError(
        _("El contenido de «%(name)s» no corresponde a un archivo %(ext)s.")
        % {"name": name, "ext": extension.lstrip(".").upper()}
    )
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise not_genuine
    if extension in INLINE_TYPES and any(marker in read_head(uploaded, 1024).lower() for marker in MARKUP):
        raise not_genuine  # a PDF/HTML (or image/HTML) hybrid
    if extension == ".pdf" and not pdf_parses(uploaded):
        raise ValidationError(
            _("«%(name)s» empieza como un PDF pero no es un documento PDF válido (no se pudo abrir).")
            % {"name": name}
        )
    if extension in ZIP_MARKERS and not zip_holds(uploaded, ZIP_MARKERS[extension], name=name):
        raise not_genuine


def read_head(uploaded, length: int = 16) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def pdf_parses(uploaded) -> bool:
    """True when pypdf reads the document's structure and finds at least one page. pypdf runs in the
    same memory- and time-limited child process as the workbook reader, so no PDF can hurt the worker."""
    from .imports import ImportRejected
    from .xlsx_guard import limits, run_isolated

    try:
        uploaded.seek(0)
        data = uploaded.read(settings.MIPG_MAX_UPLOAD_BYTES + 1)
        lim = limits()
        return run_isolated(_pdf_pages, data, lim=replace(lim, timeout=min(lim.timeout, 30))) > 0
    except ImportRejected:  # pypdf failed, or hit a limit
        return False
    finally:
        uploaded.seek(0)


def _pdf_pages(data: bytes) -> int:
    """Runs in the child process."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    return len(PdfReader(io.BytesIO(data), strict=False).pages)


def zip_holds(uploaded, marker: str, *, name: str = "") -> bool:
    """True when the file is a readable zip that holds `marker`; too many entries is refused before the
    zip directory is even loaded."""
    from .xlsx_guard import zip_entry_count

    limit = getattr(settings, "MIPG_XLSX_MAX_ENTRIES", 1000)
    try:
        uploaded.seek(0)
        data = uploaded.read(settings.MIPG_MAX_UPLOAD_BYTES + 1)
        try:
            count = zip_entry_count(data)
        except Exception:  # no end-of-directory record: not a zip
            return False
        if count > limit:
            raise ValidationError(
                _("«%(name)s» tiene demasiadas partes internas (%(n)s; el máximo es %(max)s).")
                % {"name": name, "n": count, "max": limit}
            )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return marker in archive.namelist()
    except ValidationError:
        raise
    except Exception:  # not a zip, or a truncated one
        return False
    finally:
        uploaded.seek(0)


def upload_response(field_file, filename: str, *, what: str = ""):
    """Serve a stored upload: inline only if it is a known-safe type and its content checks out now
    (files stored before these checks existed included), otherwise as an attachment; always nosniff.
    A file missing from the storage is a Spanish 404 naming `what` (see stored_files), never a 500."""
    from django.http import FileResponse

    from .stored_files import open_stored

    handle = open_stored(field_file, what=what or filename)
    extension = Path(field_file.name).suffix.lower()
    content_type = INLINE_TYPES.get(extension)
    inline = content_type is not None and _safe_inline(handle, extension)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _safe_inline(handle, extension: str) -> bool:
    head = read_head(handle, 1024)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        return False
    if any(marker in head.lower() for marker in MARKUP):
        return False
    return extension != ".pdf" or pdf_parses(handle)
