"""Writes of the official results component, split by concept:
official results (`official_results`), recommendations, improvement plans (`plans`), staged imports of
shared data (`staging`) and their archived, restorable versions (`versions`)."""

from .official_results import insert_scores, known_codes, results_import, results_parse
from .peer_stats import peer_stats_recompute, results_changed
from .plans import (
    action_create,
    action_verify,
    actions_from_recommendations,
    evidence_problems,
    finding_close,
    finding_create,
    finding_open,
    plan_create,
    progress_report,
)
from .recommendations import recommendations_import, recommendations_parse
from .staging import recommendations_stage, results_stage, staged_import_confirm
from .versions import (
    StaleData,
    archive_vigencia,
    recommendations_version_restore,
    results_marker,
    results_version_restore,
)

__all__ = [
    "StaleData",
    "action_create",
    "action_verify",
    "evidence_problems",
    "actions_from_recommendations",
    "archive_vigencia",
    "finding_close",
    "finding_create",
    "finding_open",
    "insert_scores",
    "known_codes",
    "peer_stats_recompute",
    "plan_create",
    "progress_report",
    "recommendations_import",
    "recommendations_parse",
    "recommendations_stage",
    "recommendations_version_restore",
    "results_changed",
    "results_import",
    "results_marker",
    "results_parse",
    "results_stage",
    "results_version_restore",
    "staged_import_confirm",
]
