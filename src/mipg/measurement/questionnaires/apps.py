from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "mipg.measurement.questionnaires"
    label = "questionnaires"
    verbose_name = _("Medición – cuestionarios y campañas")
