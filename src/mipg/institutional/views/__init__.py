"""Pages of Institucionalidad. Views check the gate through selectors and call services; they hold no
business rules.

One module per part of the component: `committees` (committees, acts, seats, members import),
`sessions` (sessions, attendance and quorum, agenda, decisions), `commitments`, `actas` and
`compliance`; `_helpers` holds what they share. Every view is re-exported here for `urls.py`."""

from .actas import acta_approve, acta_correct, acta_generate, acta_notes, acta_pdf, acta_pdf_response
from .commitments import commitment_add, commitment_delete, commitment_detail, commitment_list
from .committees import (
    act_add,
    act_download,
    committee_create,
    committee_detail,
    committee_edit,
    holding_correct,
    holding_end,
    index,
    members_import,
    members_template,
    seat_add,
    seat_assign,
)
from .compliance import compliance
from .sessions import (
    agenda_add,
    agenda_delete,
    agenda_develop,
    agenda_edit,
    agenda_move,
    attendance_all_present,
    attendance_record,
    decision_add,
    decision_delete,
    quorum_partial,
    session_cancel,
    session_convene,
    session_create,
    session_detail,
    session_list,
    session_reschedule,
)

__all__ = [
    "act_add",
    "act_download",
    "acta_approve",
    "acta_correct",
    "acta_generate",
    "acta_notes",
    "acta_pdf",
    "acta_pdf_response",
    "agenda_add",
    "agenda_delete",
    "agenda_develop",
    "agenda_edit",
    "agenda_move",
    "attendance_all_present",
    "attendance_record",
    "commitment_add",
    "commitment_delete",
    "commitment_detail",
    "commitment_list",
    "committee_create",
    "committee_detail",
    "committee_edit",
    "compliance",
    "decision_add",
    "decision_delete",
    "holding_correct",
    "holding_end",
    "index",
    "members_import",
    "members_template",
    "quorum_partial",
    "seat_add",
    "seat_assign",
    "session_cancel",
    "session_convene",
    "session_reschedule",
    "session_create",
    "session_detail",
    "session_list",
]
