"""Writes of the Operación component (every one is a `@service`)."""

from .indicators import (
    indicator_delete,
    indicator_measurement_correct,
    indicator_measurement_delete,
    indicator_measurement_record,
    indicator_save,
    indicator_target_set,
)
from .instruments import instrument_add_document, instrument_delete, instrument_save
from .leadership import leadership_save
from .plans import (
    activity_delete,
    activity_save,
    goal_delete,
    goal_save,
    plan_create,
    plan_set_status,
    progress_report_review,
    progress_report_submit,
    progress_reports_reopen,
    weight_problems,
)
from .xlsx_import import plan_import

__all__ = [
    "activity_delete",
    "activity_save",
    "goal_delete",
    "goal_save",
    "indicator_delete",
    "indicator_measurement_correct",
    "indicator_measurement_delete",
    "indicator_measurement_record",
    "indicator_save",
    "indicator_target_set",
    "instrument_add_document",
    "instrument_delete",
    "instrument_save",
    "leadership_save",
    "plan_create",
    "plan_import",
    "plan_set_status",
    "progress_report_review",
    "progress_report_submit",
    "progress_reports_reopen",
    "weight_problems",
]
