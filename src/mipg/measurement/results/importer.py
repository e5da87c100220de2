"""Reading the official results workbook (Función Pública, one row per entity) into plain data.
Pure reading and validation: `services.results_import` writes. Everything is all-or-nothing."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.numbers import format_score, parse_decimal
from mipg.core.xlsx import open_workbook

from .codes import IDI, clean_header, code_kind, normalise, parse_code, policy_code_in_text

HEADER_SCAN_ROWS = 40
SYNTHETIC_MARK = "datos sinteticos"  # normalised "DATOS SINTÉTICOS" in a title row
MIN_VIGENCIA = 2015
NOT_APPLICABLE = {"", "na", "n/a", "n.a.", "no aplica", "-", "--", "nd", "n/d"}
ONE_DECIMAL = Decimal("0.1")

# Identification columns: field -> accepted normalised headers.
ID_COLUMNS = {
    "sigep_code": ("codigo sigep", "cod sigep", "codigo de sigep"),
    "name": ("entidad", "nombre entidad", "nombre de la entidad", "nombre"),
    "legal_nature": ("naturaleza juridica",),
    "departamento": ("departamento",),
    "municipio": ("municipio",),
    "peer_group": ("grupo par",),
    "form_type": ("tipo formulario", "tipo de formulario"),
}


@dataclass
class ParsedColumn:
    index: int
    code: str
    name: str
    header: str
    policy_code: str | None = None


@dataclass
class ParsedRow:
    row_number: int
    identity: dict
    values: dict  # code -> Decimal | None


@dataclass
class ParsedWorkbook:
    sheet: str
    header_row: int
    columns: list[ParsedColumn]
    rows: list[ParsedRow] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    synthetic: bool = False  # the title rows above the header say "DATOS SINTÉTICOS"


def check_vigencia(vigencia) -> int:
    """A plausible vigencia: a year between the first FURAG measurement era and the current year."""
    this_year = timezone.localdate().year
    try:
        year = int(str(vigencia).strip())
    except (TypeError, ValueError):
        year = None
    if year is None or not MIN_VIGENCIA <= year <= this_year:
        raise ImportRejected.single(
            _("La vigencia «%(value)s» no es un año válido: use un año entre %(min)s y %(max)s.")
            % {"value": vigencia, "min": MIN_VIGENCIA, "max": this_year}
        )
    return year


def _is_sigep_header(value) -> bool:
    return normalise(value).replace(" ", "") in {"codigosigep", "codsigep", "codigodesigep"}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _where(index: int, header: str) -> str:
    return f"{_column_letter(index)} ({header})" if header else _column_letter(index)


def parse_score(raw) -> Decimal | None:
    """Cell -> Decimal with one decimal, None for "no aplica"; ValueError if not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float)):
        if raw != raw:  # NaN
            return None
        return Decimal(str(raw)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    text = str(raw).strip()
    if text.lower() in NOT_APPLICABLE:
        return None
    # Text goes through the app's one es-CO parser ("69,5"; "69.5" is ambiguous and refused).
    try:
        number = parse_decimal(text.replace(" ", ""))
    except ValidationError as error:
        raise ValueError from error
    return number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _identity_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return clean_header(raw)


def read_results_workbook(uploaded, *, known_codes: set[str], sheet: str | None = None) -> ParsedWorkbook:
    """Find the header row (the one holding "Código Sigep"), map columns by their leading code and read
    every row. Raises ImportRejected with every problem (sheet, row, column)."""
    workbook = open_workbook(uploaded)
    names = workbook.sheet_names
    if sheet:
        if sheet not in names:
            raise ImportRejected.single(
                _("El libro no tiene la hoja «%(sheet)s». Hojas disponibles: %(names)s.")
                % {"sheet": sheet, "names": ", ".join(names)}
            )
        candidates = [sheet]
    else:
        candidates = names
    for name in candidates:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for position, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            if any(_is_sigep_header(cell) for cell in row):
                return _parse_sheet(name, rows, position, known_codes)
    raise ImportRejected.single(
        _(
            "No se encontró la fila de encabezados: ninguna de las primeras %(n)s filas tiene la columna "
            "«Código Sigep»."
        )
        % {"n": HEADER_SCAN_ROWS},
        sheet=sheet or (names[0] if len(names) == 1 else ""),
    )


def _parse_sheet(sheet: str, rows: list[list], header_pos: int, known_codes: set[str]) -> ParsedWorkbook:
    problems = ProblemCollector(sheet=sheet)
    header = rows[header_pos]
    header_row = header_pos + 1
    identity_columns: dict[str, int] = {}
    columns: list[ParsedColumn] = []
    seen_codes: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(header):
        text = clean_header(cell)
        if not text:
            continue  # empty header cells are ignored
        key = normalise(text)
        matched_identity = None
        for field_name, accepted in ID_COLUMNS.items():
            if key in accepted or (field_name == "sigep_code" and _is_sigep_header(text)):
                matched_identity = field_name
                break
        if matched_identity:
            if matched_identity not in identity_columns:
                identity_columns[matched_identity] = index
            continue
        parsed = parse_code(text)
        if parsed is None:
            ignored.append(text)
            continue
        code, rest = parsed
        if code_kind(code) in ("dimension", "policy") and code not in known_codes:
            problems.add(
                _("El código «%(code)s» no existe en el catálogo MIPG vigente.") % {"code": code},
                row=header_row,
                column=_where(index, text),
            )
            continue
        if code in seen_codes:
            problems.add(
                _("La columna del índice %(code)s está repetida (ya está en la columna %(first)s).")
                % {"code": code, "first": _column_letter(seen_codes[code])},
                row=header_row,
                column=_where(index, text),
            )
            continue
        seen_codes[code] = index
        columns.append(
            ParsedColumn(
                index=index, code=code, name=rest, header=text, policy_code=policy_code_in_text(rest)
            )
        )
    if "sigep_code" not in identity_columns:
        problems.add(_("Falta la columna «Código Sigep»."), row=header_row)
    if "name" not in identity_columns:
        problems.add(_("Falta la columna «Entidad»."), row=header_row)
    if not columns:
        problems.add(
            _("No hay columnas de puntaje: ningún encabezado empieza por un código (IDI, D1, POL01, I01…)."),
            row=header_row,
        )
    problems.raise_if_any()
    _infer_subindex_policies(columns)

    parsed = ParsedWorkbook(
        sheet=sheet,
        header_row=header_row,
        columns=columns,
        ignored_headers=ignored,
        synthetic=is_synthetic(rows[:header_pos]),
    )
    sigep_index = identity_columns["sigep_code"]
    seen_sigep: dict[str, int] = {}
    for position in range(header_pos + 1, len(rows)):
        row = rows[position]
        row_number = position + 1
        if not any(cell not in (None, "") for cell in row):
            continue  # blank line
        width = len(row)
        identity = {
            name: _identity_text(row[index]) if index < width else ""
            for name, index in identity_columns.items()
        }
        sigep = identity["sigep_code"]
        if not sigep:
            problems.add(
                _("Falta el Código SIGEP."), row=row_number, column=_where(sigep_index, "Código Sigep")
            )
            continue
        if len(sigep) > 20:
            problems.add(
                _("El Código SIGEP «%(code)s» es demasiado largo.") % {"code": sigep[:30]},
                row=row_number,
                column=_where(sigep_index, "Código Sigep"),
            )
            continue
        if sigep in seen_sigep:
            problems.add(
                _("El Código SIGEP %(code)s está repetido (ya aparece en la fila %(first)s).")
                % {"code": sigep, "first": seen_sigep[sigep]},
                row=row_number,
                column=_where(sigep_index, "Código Sigep"),
            )
            continue
        seen_sigep[sigep] = row_number
        values = {}
        for column in columns:
            raw = row[column.index] if column.index < width else None
            try:
                value = parse_score(raw)
            except ValueError:
                problems.add(
                    _("El puntaje «%(value)s» no es un número.") % {"value": str(raw)[:40]},
                    row=row_number,
                    column=_where(column.index, column.code),
                )
                continue
            if value is not None and not Decimal(0) <= value <= Decimal(100):
                problems.add(
                    _("El puntaje %(value)s está fuera del rango 0 a 100.") % {"value": format_score(value)},
                    row=row_number,
                    column=_where(column.index, column.code),
                )
                continue
            values[column.code] = value
        parsed.rows.append(ParsedRow(row_number=row_number, identity=identity, values=values))
    if not parsed.rows and not problems:
        problems.add(_("El archivo no tiene filas de entidades bajo el encabezado."), row=header_row)
    problems.raise_if_any()
    return parsed


def is_synthetic(title_rows: list[list]) -> bool:
    """Whether any cell of the rows above the header declares the data synthetic ("DATOS SINTÉTICOS",
    in any case, with or without accents)."""
    return any(
        SYNTHETIC_MARK in normalise(cell)
        for row in title_rows
        for cell in row
        if isinstance(cell, str) and cell
    )


def _infer_subindex_policies(columns: list[ParsedColumn]) -> None:
    """Link each sub-index to its policy: (1) a policy code written in its header ("… (POL05)");
    (2) otherwise, when the workbook interleaves each policy's sub-indices after its column (some
    sub-index column stands before the last policy column), the nearest policy column to its left."""
    policy_positions = [c.index for c in columns if code_kind(c.code) == "policy"]
    sub_positions = [c.index for c in columns if code_kind(c.code) == "subindex"]
    interleaved = bool(policy_positions and sub_positions and min(sub_positions) < max(policy_positions))
    current_policy = None
    for column in sorted(columns, key=lambda c: c.index):
        kind = code_kind(column.code)
        if kind == "policy":
            current_policy = column.code
        elif kind == "subindex" and not column.policy_code and interleaved:
            column.policy_code = current_policy


__all__ = ["IDI", "ParsedWorkbook", "check_vigencia", "read_results_workbook", "parse_score"]
