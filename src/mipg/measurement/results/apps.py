from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "mipg.measurement.results"
    label = "results"
    verbose_name = _("Medición – resultados oficiales")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Scores are written in bulk (hundreds of thousands per vigencia): their trail is the import record
        # and its domain event, not a log line per score.
        for model in (
            models.ResultSubject,
            models.ResultImport,
            models.Recommendation,
            models.ImprovementPlan,
            models.Finding,
            models.ImprovementAction,
            models.ActionProgress,
        ):
            auditlog.register(model)
