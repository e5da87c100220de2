"""`{% synthetic_flag vigencia other_vigencia … %}`: the notice shown wherever figures of a vigencia whose
data came from a "DATOS SINTÉTICOS" workbook appear (dashboards, ranking, policy pages, PDF report).
Pass the vigencias whose figures the page shows (None, lists and rows with a `vigencia` are
accepted); nothing is shown when none of them is synthetic."""

from django import template

from ..selectors import synthetic_vigencias

register = template.Library()


def _years(values) -> set[int]:
    years = set()
    for value in values:
        if value in (None, ""):
            continue
        if isinstance(value, (list, tuple, set)):
            years |= _years(value)
            continue
        if isinstance(value, dict):  # rows such as {"vigencia": 2024, ...}
            value = value.get("vigencia")
        elif hasattr(value, "vigencia"):
            value = value.vigencia
        try:
            years.add(int(value))
        except (TypeError, ValueError):
            continue
    return years


@register.inclusion_tag("results/_synthetic_flag.html")
def synthetic_flag(*vigencias, pdf: bool = False):
    flagged = sorted(_years(vigencias) & synthetic_vigencias())
    return {"synthetic_years": flagged, "pdf": pdf}
