"""Writes of the official results component, split by concept:
official results (`official_results`), recommendations, and improvement plans (`plans`)."""

from .official_results import insert_scores, known_codes, results_import
from .plans import (
    action_create,
    action_verify,
    actions_from_recommendations,
    finding_close,
    finding_create,
    plan_create,
    progress_report,
)
from .recommendations import recommendations_import

__all__ = [
    "action_create",
    "action_verify",
    "actions_from_recommendations",
    "finding_close",
    "finding_create",
    "insert_scores",
    "known_codes",
    "plan_create",
    "progress_report",
    "recommendations_import",
    "results_import",
]
