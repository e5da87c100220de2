"""Indicator periods as typed values: a year plus a month, quarter or semester, matching the indicator's
frequency. Stored as one canonical code that sorts in time order within a frequency:

- monthly ``2026-03``, quarterly ``2026-T1``, semiannual ``2026-S2``, annual ``2026``.

`parse_period` also reads the ways people wrote periods when they were free text ("2026 T1", "T1-2026",
"I trimestre 2026", "marzo 2026"...), for the data migration of old rows.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mipg.core.validators import year_range

MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL = "mensual", "trimestral", "semestral", "anual"
PARTS = {MONTHLY: 12, QUARTERLY: 4, SEMIANNUAL: 2, ANNUAL: 1}

MONTH_NAMES = [
    gettext_lazy("enero"),
    gettext_lazy("febrero"),
    gettext_lazy("marzo"),
    gettext_lazy("abril"),
    gettext_lazy("mayo"),
    gettext_lazy("junio"),
    gettext_lazy("julio"),
    gettext_lazy("agosto"),
    gettext_lazy("septiembre"),
    gettext_lazy("octubre"),
    gettext_lazy("noviembre"),
    gettext_lazy("diciembre"),
]
_MONTH_KEYS = [
    "ene",
    "feb",
    "mar",
    "abr",
    "may",
    "jun",
    "jul",
    "ago",
    "sep",
    "oct",
    "nov",
    "dic",
]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Period:
    year: int
    part: int  # month 1-12, quarter 1-4, semester 1-2; 1 for a year
    frequency: str

    @property
    def code(self) -> str:
        if self.frequency == MONTHLY:
            return f"{self.year}-{self.part:02d}"
        if self.frequency == QUARTERLY:
            return f"{self.year}-T{self.part}"
        if self.frequency == SEMIANNUAL:
            return f"{self.year}-S{self.part}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.frequency == MONTHLY:
            return _("%(month)s de %(year)s") % {"month": MONTH_NAMES[self.part - 1], "year": self.year}
        if self.frequency == QUARTERLY:
            return _("trimestre %(n)s de %(year)s") % {"n": self.part, "year": self.year}
        if self.frequency == SEMIANNUAL:
            return _("semestre %(n)s de %(year)s") % {"n": self.part, "year": self.year}
        return _("año %(year)s") % {"year": self.year}


def _expected(frequency: str) -> str:
    return {
        MONTHLY: _("un mes, por ejemplo 2026-03"),
        QUARTERLY: _("un trimestre, por ejemplo 2026-T1"),
        SEMIANNUAL: _("un semestre, por ejemplo 2026-S1"),
        ANNUAL: _("un año, por ejemplo 2026"),
    }[frequency]


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[-_/.,·]", " ", text.lower()).split())


def _guess(text: str, frequency: str) -> tuple[int, int] | None:
    """(year, part) read from a canonical code or from the free text people used to write."""
    plain = _plain(text)
    years = re.findall(r"\b(\d{4})\b", plain)
    if len(years) != 1:
        return None
    year = int(years[0])
    rest = re.sub(r"\b\d{4}\b", " ", plain).split()
    if frequency == ANNUAL:
        return (year, 1) if not rest or rest in (["ano"], ["anual"], ["vigencia"]) else None
    words = [w for w in rest if w not in {"de", "del"}]
    if frequency == MONTHLY:
        if len(words) == 1:
            word = words[0]
            if word.isdigit():
                return (year, int(word))
            if word.startswith("m") and word[1:].isdigit():
                return (year, int(word[1:]))
            for index, key in enumerate(_MONTH_KEYS, start=1):
                if word.startswith(key) or (key == "sep" and word.startswith("set")):
                    return (year, index)
        return None
    letters = ("t", "q", "trimestre", "trim") if frequency == QUARTERLY else ("s", "sem", "semestre")
    number = None
    others = []
    for word in words:
        match = re.fullmatch(r"([a-z]*)(\d)", word)
        if match and (match.group(1) in letters or match.group(1) == ""):
            number = int(match.group(2))
        elif word in _ROMAN:
            number = _ROMAN[word]
        elif word in letters:
            continue
        elif word in ("primer", "primero"):
            number = 1
        elif word in ("segundo",):
            number = 2
        elif word in ("tercer", "tercero"):
            number = 3
        elif word in ("cuarto",):
            number = 4
        else:
            others.append(word)
    if others or number is None:
        return None
    return (year, number)


def parse_period(text, frequency: str, *, lenient: bool = False) -> Period:
    """The period of an indicator of that frequency; a wrong period raises a Spanish ``ValidationError``.
    Strict by default (only the canonical code); ``lenient`` also reads old free-text forms."""
    if frequency not in PARTS:
        raise ValidationError(_("La frecuencia del indicador no es válida."))
    raw = str(text or "").strip()
    if lenient:
        found = _guess(raw, frequency)
    else:
        found = None
        patterns = {
            MONTHLY: r"(\d{4})-(\d{2})",
            QUARTERLY: r"(\d{4})-T(\d)",
            SEMIANNUAL: r"(\d{4})-S(\d)",
            ANNUAL: r"(\d{4})()",
        }
        match = re.fullmatch(patterns[frequency], raw.upper())
        if match:
            found = (int(match.group(1)), int(match.group(2) or 1))
    low, high = year_range()
    if found is None or not (1 <= found[1] <= PARTS[frequency]) or not (low <= found[0] <= high):
        raise ValidationError(
            _("«%(text)s» no es un periodo válido para un indicador %(frequency)s: indique %(expected)s.")
            % {"text": raw[:30], "frequency": frequency, "expected": _expected(frequency)},
            code="invalid_period",
        )
    return Period(found[0], found[1], frequency)


def period_choices(frequency: str, years) -> list[tuple[str, str]]:
    """Every period of those years for an indicator of that frequency, as (code, label)."""
    return [
        (Period(year, part, frequency).code, Period(year, part, frequency).label)
        for year in years
        for part in range(1, PARTS.get(frequency, 1) + 1)
    ]


def period_label(code: str, frequency: str) -> str:
    try:
        return parse_period(code, frequency).label
    except ValidationError:
        return code
