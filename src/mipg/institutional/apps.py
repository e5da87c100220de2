from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionalConfig(AppConfig):
    name = "mipg.institutional"
    label = "institutional"
    verbose_name = _("Institucionalidad")
