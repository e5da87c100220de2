"""Writes of Control interno (every one is a `@service`)."""

from .audit import (
    audit_finding_record,
    audit_plan_approve,
    audit_plan_create,
    audit_save,
    checklist_item_add,
    checklist_item_rate,
)
from .evaluation import (
    evaluation_attach_evidence,
    evaluation_create,
    evaluation_save,
    evaluation_sign,
    rating_answers,
    requirement_ratings,
)
from .monitoring import (
    evaluate,
    follow_up_record,
    follow_up_schedule,
    period_create,
    review,
    self_assess,
)
from .policy import policy_approve, policy_create, policy_update, process_save
from .risks import (
    control_delete,
    control_save,
    recompute,
    risk_event_record,
    risk_mark_reviewed,
    risk_save,
    risk_set_indicators,
    risk_set_treatment,
    risk_worksheet,
)

__all__ = [
    "audit_finding_record",
    "audit_plan_approve",
    "audit_plan_create",
    "audit_save",
    "checklist_item_add",
    "checklist_item_rate",
    "control_delete",
    "control_save",
    "evaluation_attach_evidence",
    "evaluation_create",
    "evaluation_save",
    "evaluation_sign",
    "evaluate",
    "follow_up_record",
    "follow_up_schedule",
    "period_create",
    "policy_approve",
    "policy_create",
    "policy_update",
    "process_save",
    "recompute",
    "rating_answers",
    "requirement_ratings",
    "review",
    "risk_event_record",
    "risk_mark_reviewed",
    "risk_save",
    "risk_set_indicators",
    "risk_set_treatment",
    "risk_worksheet",
    "self_assess",
]
