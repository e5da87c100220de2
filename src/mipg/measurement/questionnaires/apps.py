from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "mipg.measurement.questionnaires"
    label = "questionnaires"
    verbose_name = _("Medición – cuestionarios y campañas")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Questionnaire)
        auditlog.register(models.Module)
        auditlog.register(models.Question)
        auditlog.register(models.Option)
        auditlog.register(models.ScoreAggregate)
        # The reverse one-to-one of control interno's SCI evaluation would cost a query per audited campaign.
        auditlog.register(models.Campaign, exclude_fields=["ci_evaluation"])
        auditlog.register(models.SectorCampaign)
        auditlog.register(models.Answer, exclude_fields=["updated_at"], m2m_fields={"evidence"})
