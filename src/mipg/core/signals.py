"""Signals of the shared building blocks, so that components react without core importing them.

`evidence_rejected(sender=Evidence, evidence, user, note)` is sent inside the transaction of
`evidence_verify` when control interno rejects a piece of evidence: what rests on it (an approved
progress report of the Plan de Acción) is reopened in the same transaction (issue 11 item 6)."""

from django.dispatch import Signal

evidence_rejected = Signal()
