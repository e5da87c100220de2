"""Numbers as Colombians type and read them: one parser and one formatter for the whole app.

es-CO writes a point between thousands and a comma before the decimals: ``1.250,5`` is one thousand two
hundred fifty and a half. Text that could be read two ways (``1.25``, ``1,250.5``) is refused rather than
guessed. Numbers that already are numbers (Excel cells, JSON numbers in the API) are taken as they are;
only text goes through :func:`parse_decimal`.

Every numeric form field of the app is a :class:`DecimalField` or a :class:`CountField` from here, so pages,
HTMX fragments and imports read the same text the same way.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# An optional minus sign, then digits grouped by thousands with points (1.250.000) or not grouped at all
# (1250000), then an optional comma and decimals.
_PATTERN = re.compile(r"^(?P<sign>-)?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?$")
_MAX_TEXT = 40
# Fourteen integer digits: the widest column of the app (DecimalField(max_digits=18, decimal_places=4)).
_LIMIT = Decimal(10) ** 14

FORMAT_HELP = gettext_lazy("Ejemplo: 1.250,5 (punto para los miles, coma para los decimales).")
COUNT_HELP = gettext_lazy("Un número entero, por ejemplo 1.250.")


def _invalid(message, code="invalid"):
    return ValidationError(message, code=code)


def parse_decimal(
    value,
    *,
    decimals: int | None = None,
    minimum=None,
    maximum=None,
    label: str | None = None,
) -> Decimal | None:
    """Read a number typed in es-CO (``1.250``, ``1250``, ``1.250,5``, ``1250,5``, ``-3,2``).

    ``None`` and blank text give ``None``. Numbers (int, float, Decimal) are taken as they are. Text must
    follow the es-CO form exactly; anything ambiguous or malformed raises a ``ValidationError`` with a
    Spanish message. ``decimals=0`` makes it a count (no decimal part allowed); ``decimals=n`` allows at
    most n decimals; ``minimum``/``maximum`` bound the value (a negative sign is refused when the minimum is
    not negative). ``label`` names the field in the messages.
    """
    prefix = _("«%(label)s»: ") % {"label": label} if label else ""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _invalid(prefix + _("Escriba un número."))
    if isinstance(value, (int, float, Decimal)):
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except (InvalidOperation, ValueError) as error:  # pragma: no cover - str() of a number parses
            raise _invalid(prefix + _("Escriba un número.")) from error
        if not number.is_finite():
            raise _invalid(prefix + _("Escriba un número."))
    else:
        text = str(value).strip().replace("\u2212", "-")  # a typographic minus sign is a minus
        if text == "":
            return None
        if text.startswith("+"):
            text = text[1:]
        match = _PATTERN.match(text) if len(text) <= _MAX_TEXT else None
        if match is None:
            raise _invalid(
                prefix
                + _(
                    "«%(text)s» no es un número válido. Escríbalo con punto para los miles y coma para los "
                    "decimales, por ejemplo 1.250,5 o 1250,5."
                )
                % {"text": text[:_MAX_TEXT]}
            )
        digits = match.group("int").replace(".", "")
        frac = match.group("frac")
        number = Decimal(
            f"{match.group('sign') or ''}{digits}.{frac}" if frac else f"{match.group('sign') or ''}{digits}"
        )
    if abs(number) >= _LIMIT:
        raise _invalid(prefix + _("El número es demasiado grande."), code="max_value")
    if number == 0:
        number = abs(number)  # "-0" is zero
    if decimals is not None:
        exponent = number.normalize().as_tuple().exponent
        used = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if decimals == 0 and used:
            raise _invalid(prefix + _("Escriba un número entero, sin decimales."), code="decimals")
        if used > decimals:
            message = ngettext(
                "Escriba como máximo %(n)s decimal.", "Escriba como máximo %(n)s decimales.", decimals
            )
            raise _invalid(prefix + message % {"n": decimals}, code="decimals")
        if decimals == 0:
            number = number.to_integral_value()
    if minimum is not None and number < Decimal(str(minimum)):
        if Decimal(str(minimum)) == 0:
            message = _("El valor no puede ser negativo.")
        else:
            message = _("El valor debe ser mayor o igual a %(min)s.") % {"min": format_number(minimum)}
        raise _invalid(prefix + message, code="min_value")
    if maximum is not None and number > Decimal(str(maximum)):
        raise _invalid(
            prefix + _("El valor debe ser menor o igual a %(max)s.") % {"max": format_number(maximum)},
            code="max_value",
        )
    return number


def parse_count(value, *, minimum=0, maximum=None, label: str | None = None) -> int | None:
    """A whole number (people, votes, sessions): ``1.250`` is 1250, ``1250,5`` is refused."""
    number = parse_decimal(value, decimals=0, minimum=minimum, maximum=maximum, label=label)
    return None if number is None else int(number)


def format_number(value, decimals: int | None = None, *, sign: bool = False) -> str:
    """es-CO text for a number: ``1.250,5``. ``decimals`` fixes the decimals shown (rounded half up);
    ``None`` shows the number as it is, without trailing zeros. ``sign`` puts "+" before positive values."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals is None:
        number = number.normalize()
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    else:
        places = decimals
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    text = f"{abs(number):,.{places}f}"  # 1,250.50
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    if number < 0:
        return "-" + text
    if sign and number > 0:
        return "+" + text
    return text


# One number of decimals per kind of figure shown to people.
SCORE_DECIMALS = 1  # FURAG scores and internal estimates, 0-100
PERCENT_DECIMALS = 1  # progress and other percentages
COUNT_DECIMALS = 0  # people, votes, rows


def format_score(value, *, sign: bool = False) -> str:
    return format_number(value, SCORE_DECIMALS, sign=sign)


def format_percent(value) -> str:
    text = format_number(value, PERCENT_DECIMALS)
    return f"{text} %" if text else ""


def format_count(value) -> str:
    return format_number(value, COUNT_DECIMALS)


# ----- form fields -----------------------------------------------------------------------------------


class NumberInput(forms.TextInput):
    """A text box that brings up the numeric keyboard on phones. Not ``type=number``: browsers read
    that one with their own locale rules (Chromium in es-CO turned "70,5" into 705)."""

    def __init__(self, attrs=None, *, decimal=True):
        base = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off"}
        base.update(attrs or {})
        super().__init__(base)


class DecimalField(forms.Field):
    """A decimal number typed in es-CO; gives a ``Decimal``. The help text says which format is expected."""

    def __init__(self, *, decimals: int = 2, min_value=None, max_value=None, **kwargs):
        self.decimals, self.min_value, self.max_value = decimals, min_value, max_value
        kwargs.setdefault("widget", NumberInput(attrs={"placeholder": "1.250,5"}))
        kwargs.setdefault("help_text", FORMAT_HELP)
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_decimal(value, decimals=self.decimals, minimum=self.min_value, maximum=self.max_value)

    def prepare_value(self, value):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return format_number(value)
        return value


class CountField(DecimalField):
    """A whole number (people, votes, sessions, percentages in whole points); gives an ``int``."""

    def __init__(self, *, min_value=0, max_value=None, **kwargs):
        kwargs.setdefault("widget", NumberInput(attrs={"placeholder": "1.250"}, decimal=False))
        kwargs.setdefault("help_text", COUNT_HELP)
        super().__init__(decimals=0, min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        return None if number is None else int(number)


class YearField(CountField):
    """A year (vigencia): four digits within the app's reasonable range; shown without a thousands point."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(decimal=False))
        kwargs.setdefault("help_text", "")
        super().__init__(min_value=None, max_value=None, **kwargs)

    def to_python(self, value):
        from .validators import reasonable_year

        year = super().to_python(value)
        reasonable_year(year)
        return year

    def prepare_value(self, value):
        return value


# ----- API (Django REST Framework) -----------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "example": "1.250,5"}]})
class NumberOrTextField(serializers.Field):
    """A JSON number stays a number; text is read with :func:`parse_decimal` (the same es-CO rules as the
    pages). With ``decimals`` the field gives a ``Decimal`` with at most that many decimals; without it,
    text is passed on unchanged for the service to read with the rules of the question it belongs to."""

    default_error_messages = {"invalid": gettext_lazy("Escriba un número.")}

    def __init__(self, *, decimals: int | None = None, **kwargs):
        self.decimals = decimals
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            self.fail("invalid")
        if isinstance(data, str) and self.decimals is None:
            return data
        try:
            return parse_decimal(data, decimals=self.decimals)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value):
        return value


def api_number_field(**kwargs) -> NumberOrTextField:
    return NumberOrTextField(**kwargs)
