"""Range checks in one place per kind of field, used by models (so every service's ``full_clean`` applies
them), forms and the API. Dates far in the past or future are typing mistakes (0001, 9999) and some of them
overflow when a time zone is applied; they are refused with a Spanish message."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def year_range() -> tuple[int, int]:
    """The years the app accepts (``MIPG_YEAR_RANGE``, 2000-2100 by default)."""
    low, high = getattr(settings, "MIPG_YEAR_RANGE", (2000, 2100))
    return int(low), int(high)


@deconstructible
class ReasonableDateValidator:
    """Dates and datetimes within ``MIPG_YEAR_RANGE``."""

    code = "date_range"

    def __call__(self, value):
        if value is None:
            return
        low, high = year_range()
        year = value.year if isinstance(value, (datetime.date, datetime.datetime)) else None
        if year is None or not (low <= year <= high):
            raise ValidationError(
                _("La fecha debe estar entre los años %(low)s y %(high)s."),
                code=self.code,
                params={"low": low, "high": high},
            )

    def __eq__(self, other):
        return isinstance(other, ReasonableDateValidator)


@deconstructible
class ReasonableYearValidator:
    """A year (vigencia) within ``MIPG_YEAR_RANGE``."""

    code = "year_range"

    def __call__(self, value):
        if value is None:
            return
        low, high = year_range()
        if not (low <= int(value) <= high):
            raise ValidationError(
                _("El año debe estar entre %(low)s y %(high)s."),
                code=self.code,
                params={"low": low, "high": high},
            )

    def __eq__(self, other):
        return isinstance(other, ReasonableYearValidator)


reasonable_date = ReasonableDateValidator()
reasonable_year = ReasonableYearValidator()
# Amounts that cannot be negative: baselines, targets, measured values, answers, counts.
non_negative = MinValueValidator(0, message=_("El valor no puede ser negativo."))
