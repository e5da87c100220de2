"""Hostile workbooks built in the test (issue 9, item 2): each is small on disk and would take a
worker down if it reached the parser unchecked."""

import io
import struct
import zipfile

SHEET_NAMES = ("Miembros", "Preguntas", "Plan de acción", "Recomendaciones", "Resultados")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _parts(sheet_xml: bytes, shared_strings: bool) -> dict[str, bytes]:
    """A minimal workbook whose every sheet (one per importer's expected name) is `sheet_xml`."""
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(SHEET_NAMES, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        for i in range(1, len(SHEET_NAMES) + 1)
    )
    if shared_strings:
        rels += f'<Relationship Id="rId99" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared_strings
            else ""
        )
        + "</Types>"
    )
    return {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{sheets}</sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>"
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }


def workbook(sheet_xml: bytes, *, shared_strings: bool = False, extra=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _parts(sheet_xml, shared_strings).items():
            archive.writestr(name, content)
        if extra:
            extra(archive)
    return buffer.getvalue()


def sheet(cells: str, dimension: str | None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{cells}</sheetData></worksheet>'.encode()


FAR_CELLS = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def far_corner(dimension: str | None = "A1:XFD1048576") -> bytes:
    """Cells A1 and XFD1048576: calamine asks for 512 GiB and aborts the whole process."""
    return workbook(sheet(FAR_CELLS, dimension))


def far_corner_lying() -> bytes:
    """The same cells under a dimension that claims A1:A1, and a cell misplaced in row 1."""
    cells = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row>'
    return workbook(sheet(cells, "A1:A1"))


def huge_shared_string(size: int = 1 << 30) -> bytes:
    """One shared string of `size` bytes (1 GiB by default) that deflates to about a megabyte."""

    def add(archive):
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            block = b"A" * (1 << 20)
            for _ in range(size >> 20):
                part.write(block)
            part.write(b"</t></si></sst>")

    cells = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return workbook(sheet(cells, "A1"), shared_strings=True, extra=add)


def high_ratio(size: int = 150 << 20) -> bytes:
    """A part of 150 MiB of zeros: within the uncompressed budget, but compressed a thousand to one."""

    def add(archive):
        with archive.open("xl/media/blob.bin", "w") as part:
            block = bytes(1 << 20)
            for _ in range(size >> 20):
                part.write(block)

    return workbook(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', "A1"), extra=add)


def too_many_entries(count: int = 5000) -> bytes:
    def add(archive):
        for index in range(count):
            archive.writestr(zipfile.ZipInfo(f"x/{index}"), b"")

    return workbook(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', "A1"), extra=add)


def lying_size() -> bytes:
    """A sharedStrings part of 50 MiB whose headers declare 100 bytes (ratio check off by size)."""
    data = huge_shared_string(50 << 20)
    return _patch_declared_size(data, "xl/sharedStrings.xml", 100)


def _patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    patched = bytearray(data)
    struct.pack_into("<I", patched, info.header_offset + 22, size)  # local header
    position = patched.find(b"PK\x01\x02")
    while position >= 0:
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        if patched[position + 46 : position + 46 + name_length] == name.encode():
            struct.pack_into("<I", patched, position + 24, size)
        position = patched.find(b"PK\x01\x02", position + 46)
    return bytes(patched)


def oversize(size: int) -> bytes:
    """A zip signature followed by `size` bytes in all."""
    return b"PK\x03\x04" + bytes(size - 4)


def all_bombs(max_bytes: int) -> dict[str, bytes]:
    return {
        "far_corner": far_corner(),
        "far_corner_lying": far_corner_lying(),
        "far_corner_no_dimension": far_corner(None),
        "huge_shared_string": huge_shared_string(),
        "high_ratio": high_ratio(),
        "too_many_entries": too_many_entries(),
        "lying_size": lying_size(),
        "oversize": oversize(max_bytes + 1),
    }
