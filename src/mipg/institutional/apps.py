from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionalConfig(AppConfig):
    name = "mipg.institutional"
    label = "institutional"
    verbose_name = _("Institucionalidad")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Committee,
            models.CommitteeAct,
            models.Seat,
            models.SeatHolding,
            models.Session,
            models.AgendaItem,
            models.Attendance,
            models.Decision,
            models.CommitmentNote,
            models.Acta,
        ):
            auditlog.register(model)
        auditlog.register(models.Commitment, m2m_fields={"evidence"})
