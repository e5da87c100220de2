"""Writes of Institucionalidad. Every rule of committees, sessions, quorum, votes, commitments and
actas lives in this package; views, forms, the API and the demo only call these functions.

The modules follow the life of a committee: `committees` (committees, acts, seats and holdings),
`members` (members import), `sessions` (sessions, agenda, convocation, attendance and quorum),
`decisions` (decisions, votes, commitments and their follow-up) and `actas` (numbering, generation,
approval, corrections); `common` holds the rules they share. Every public name is re-exported here,
so callers keep writing `services.session_create(...)`."""

from .actas import acta_approve, acta_correct, acta_generate, acta_update, can_approve, render_acta_pdf
from .committees import (
    committee_act_add,
    committee_save,
    seat_assign,
    seat_create,
    seat_holding_correct,
    seat_holding_end,
)
from .common import FOLLOW_UP_TITLE, WRITER_ROLES, can_write
from .decisions import (
    commitment_close,
    commitment_create,
    commitment_delete,
    commitment_follow_up,
    decision_delete,
    decision_record,
)
from .members import (
    MEMBERS_COLUMNS,
    MEMBERS_INSTRUCTIONS,
    MEMBERS_SHEET,
    ROLE_ALIASES,
    members_import,
    members_template,
)
from .sessions import (
    agenda_item_add,
    agenda_item_delete,
    agenda_item_develop,
    agenda_item_move,
    agenda_item_update,
    attendance_all_present,
    attendance_record,
    session_cancel,
    session_convene,
    session_create,
    session_reschedule,
)

__all__ = [
    "FOLLOW_UP_TITLE",
    "MEMBERS_COLUMNS",
    "MEMBERS_INSTRUCTIONS",
    "MEMBERS_SHEET",
    "ROLE_ALIASES",
    "WRITER_ROLES",
    "acta_approve",
    "acta_correct",
    "acta_generate",
    "acta_update",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_develop",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_all_present",
    "attendance_record",
    "can_approve",
    "can_write",
    "commitment_close",
    "commitment_create",
    "commitment_delete",
    "commitment_follow_up",
    "committee_act_add",
    "committee_save",
    "decision_delete",
    "decision_record",
    "members_import",
    "members_template",
    "render_acta_pdf",
    "seat_assign",
    "seat_create",
    "seat_holding_correct",
    "seat_holding_end",
    "session_cancel",
    "session_convene",
    "session_reschedule",
    "session_create",
]
