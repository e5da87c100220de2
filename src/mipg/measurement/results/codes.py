"""Index codes of the official results and the normalisation of messy workbook headers."""

import re
import unicodedata

IDI = "IDI"
_CODE_RE = re.compile(r"^\s*(pol|d|i)\s*[-.]?\s*(\d{1,3})(?![\d])", re.IGNORECASE)
_POLICY_IN_TEXT_RE = re.compile(r"\bpol\s*[-.]?\s*(\d{1,2})\b", re.IGNORECASE)


def clean_header(value) -> str:
    """Readable header: line breaks and double spaces collapsed, hyphen-broken words joined."""
    text = "" if value is None else str(value)
    text = text.replace("\r", "\n").replace("\xa0", " ")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # "Desem-\npeño" -> "Desempeño"
    text = re.sub(r"(\w)- +(\w)", r"\1\2", text)  # "Desem- peño" -> "Desempeño"
    return re.sub(r"\s+", " ", text).strip()


def normalise(value) -> str:
    """Comparison key: cleaned, lower-case, without accents."""
    text = unicodedata.normalize("NFKD", clean_header(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def parse_code(header) -> tuple[str, str] | None:
    """`(code, rest of the header)` for headers that begin with an index code: "i23 Nombre" -> ("I23",
    "Nombre"); "POL1" -> ("POL01", ""); "D 3" -> ("D3", ""); the IDI's long name -> ("IDI", ...)."""
    text = clean_header(header)
    key = normalise(text)
    if key.startswith("indice de desempeno institucional") or key == "idi" or key.startswith("idi "):
        return IDI, "Índice de Desempeño Institucional"
    match = _CODE_RE.match(text)
    if not match:
        return None
    prefix, number = match.group(1).upper(), int(match.group(2))
    if number == 0:
        return None
    code = f"D{number}" if prefix == "D" else f"{prefix}{number:02d}"
    rest = text[match.end() :].strip(" -–—:.\t")
    return code, rest


def policy_code_in_text(text: str) -> str | None:
    match = _POLICY_IN_TEXT_RE.search(text or "")
    return f"POL{int(match.group(1)):02d}" if match else None


def code_kind(code: str) -> str:
    if code == IDI:
        return "idi"
    if code.startswith("POL"):
        return "policy"
    if code.startswith("D"):
        return "dimension"
    return "subindex"


def code_sort_key(code: str) -> tuple:
    order = {"idi": 0, "dimension": 1, "policy": 2, "subindex": 3}
    digits = "".join(ch for ch in code if ch.isdigit())
    return (order[code_kind(code)], int(digits or 0))
