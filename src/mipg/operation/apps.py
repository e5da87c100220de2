from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationConfig(AppConfig):
    name = "mipg.operation"
    label = "operation"
    verbose_name = _("Operación")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.PolicyLeadership,
            models.Instrument,
            models.ActionPlan,
            models.Goal,
            models.Activity,
            models.ProgressReport,
            models.Indicator,
            models.IndicatorTarget,
            models.IndicatorMeasurement,
        ):
            auditlog.register(model)

        from mipg.core.signals import evidence_rejected

        from .services.plans import on_evidence_rejected

        evidence_rejected.connect(on_evidence_rejected, dispatch_uid="operation_reopen_on_rejection")
