"""Writes of the questionnaire engine, split by concept: libraries, campaigns, answers.
Campaign reminders: ..pending feeds the digest of `mipg send-reminders` (mipg.inbox.digest)."""

from .answers import (
    EDITABLE,
    answer_attach_evidence,
    answer_return,
    answer_review,
    answer_save,
    answer_verify,
    can_answer,
)
from .campaigns import (
    aggregate_keys,
    campaign_assign,
    campaign_close,
    campaign_create,
    sector_campaign_create,
)
from .library import can_import, questionnaire_import, questionnaire_load_library

__all__ = [
    "EDITABLE",
    "aggregate_keys",
    "answer_attach_evidence",
    "answer_return",
    "answer_review",
    "answer_save",
    "answer_verify",
    "campaign_assign",
    "campaign_close",
    "campaign_create",
    "can_answer",
    "can_import",
    "questionnaire_import",
    "questionnaire_load_library",
    "sector_campaign_create",
]
