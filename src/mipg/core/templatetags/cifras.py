"""Figures as Colombians read them: ``{% load cifras %}``, then ``{{ value|puntaje }}``.

One filter per kind of figure, with one number of decimals each (see ``mipg.core.numbers``):
scores 1 decimal, percentages 1 decimal with " %", counts none, changes signed ("+2,3"), and ``numero``
for values people typed (shown as typed, without trailing zeros: "1.250,5"). ``None`` shows "—".
"""

from django import template

from mipg.core import numbers

register = template.Library()
EMPTY = "—"


def _or_dash(text: str) -> str:
    return text if text != "" else EMPTY


@register.filter
def numero(value, decimals=None):
    """A typed or measured value; ``decimals`` fixes the decimals shown."""
    if value is None or value == "":
        return EMPTY
    return _or_dash(numbers.format_number(value, None if decimals in (None, "") else int(decimals)))


@register.filter
def puntaje(value, empty=EMPTY):
    """A score on the 0-100 scale (FURAG results, internal estimates): one decimal. ``empty`` is shown
    for a missing score (``{{ d.value|puntaje:"no aplica" }}``)."""
    return empty if value is None or value == "" else _or_dash(numbers.format_score(value))


@register.filter
def porcentaje(value):
    """A percentage with one decimal and its sign: "62,5 %"."""
    return EMPTY if value is None or value == "" else _or_dash(numbers.format_percent(value))


@register.filter
def conteo(value):
    return EMPTY if value is None or value == "" else _or_dash(numbers.format_count(value))


@register.filter
def cambio(value):
    """A change between two scores: one decimal, "+" when it went up."""
    return EMPTY if value is None or value == "" else _or_dash(numbers.format_score(value, sign=True))
