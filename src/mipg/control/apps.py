from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "mipg.control"
    label = "control"
    verbose_name = _("Control interno")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.RiskPolicy,
            models.Process,
            models.Control,
            models.RiskEvent,
            models.MonitoringPeriod,
            models.CorruptionFollowUp,
            models.AuditPlan,
            models.AuditCheckItem,
            models.AuditFinding,
            models.CIEvaluation,
            models.CIComponentConclusion,
        ):
            auditlog.register(model)
        auditlog.register(
            models.Risk, m2m_fields={"policies", "indicators", "activities", "improvement_actions"}
        )
        auditlog.register(models.ControlAssessment, m2m_fields={"evidence"})
        auditlog.register(models.Audit, m2m_fields={"auditors"})
