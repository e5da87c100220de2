"""Byte-level comparison of xlsx files: every part of the zip, with the two timestamps openpyxl writes into
docProps/core.xml (created, modified: the moment the file was saved) blanked out."""

import io
import re
import zipfile

_TIMESTAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def workbook_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _TIMESTAMP.sub(rb"\1\2", parts["docProps/core.xml"])
    return parts
