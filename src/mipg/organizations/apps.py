from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "mipg.organizations"
    verbose_name = _("Organizaciones")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Sector, models.Entity, models.Dependencia, models.Person, models.RoleAssignment):
            auditlog.register(model)
        auditlog.register(models.Invitation, exclude_fields=["token_digest"])
