"""Official FURAG results (public data), the recommendations Función Pública sends to each entity and
the improvement plans (planes de mejoramiento) that answer them and every other finding.

The models are split by concept: `subjects` (scored entities and their scores), `imports` (results
imports, staged imports and archived versions), `recommendations`, `plans` (improvement plans, findings,
actions and progress) and `peers` (precomputed peer statistics); `common` holds what they share. Every
model is imported here, so Django registers them and callers keep importing from `results.models`."""

from .common import SCORE_VALIDATORS, PublicQuerySet
from .imports import (
    ArchivedScore,
    ArchivedSubject,
    RecommendationVersion,
    ResultImport,
    ResultVersion,
    StagedImport,
    StagedImportQuerySet,
)
from .peers import PeerGroupStat, PeerRank
from .plans import ActionProgress, Finding, ImprovementAction, ImprovementPlan
from .recommendations import Recommendation
from .subjects import ResultSubject, Score

__all__ = [
    "SCORE_VALIDATORS",
    "ActionProgress",
    "ArchivedScore",
    "ArchivedSubject",
    "Finding",
    "ImprovementAction",
    "ImprovementPlan",
    "PeerGroupStat",
    "PeerRank",
    "PublicQuerySet",
    "Recommendation",
    "RecommendationVersion",
    "ResultImport",
    "ResultSubject",
    "ResultVersion",
    "Score",
    "StagedImport",
    "StagedImportQuerySet",
]
