"""Checks for uploaded files: the extension must be allowed and the content must really be what the
extension claims (magic bytes), within the size limit."""

import hashlib
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
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("El contenido de «%(name)s» no corresponde a un archivo %(ext)s.")
            % {"name": name, "ext": extension.lstrip(".").upper()}
        )


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
