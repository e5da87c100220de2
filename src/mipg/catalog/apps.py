from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "mipg.catalog"
    verbose_name = _("Catálogo MIPG")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.ModelVersion, models.Dimension, models.Policy, models.SubIndex):
            auditlog.register(model)
