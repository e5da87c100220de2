from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.models import ScopedModel


class CIEvaluation(ScopedModel):
    """Evaluación independiente del estado del Sistema de Control Interno, twice a year (cuts 30 June and 31
    December; due 31 July and 31 January). Requirements come from a built-in library of the questionnaire
    engine; once signed by the Jefe de Control Interno the numbered PDF is stored with its SHA-256 and nothing
    changes any more."""

    class Status(models.TextChoices):
        DRAFT = "borrador", _("En elaboración")
        SIGNED = "firmada", _("Firmada y publicada")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="ci_evaluations",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    semester = models.PositiveSmallIntegerField(
        _("semestre"), choices=[(1, _("Primer semestre")), (2, _("Segundo semestre"))]
    )
    number = models.CharField(_("número del informe"), max_length=40)
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requisitos"),
    )
    campaign = models.OneToOneField(
        "questionnaires.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ci_evaluation",
        verbose_name=_("campaña del motor de cuestionarios"),
        help_text=_("Las calificaciones son las respuestas de esta campaña (clase «Evaluación SCI»)."),
    )
    cut_date = models.DateField(_("fecha de corte"))
    due_date = models.DateField(_("publicar a más tardar"))
    overall_conclusion = models.TextField(_("conclusión general"), blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("firmada por"),
    )
    signed_at = models.DateTimeField(_("firmada el"), null=True, blank=True)
    report = models.FileField(_("informe firmado (PDF)"), upload_to="control/evaluaciones/", blank=True)
    report_sha256 = models.CharField(_("SHA-256 del informe"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )

    class Meta:
        verbose_name = _("evaluación independiente del SCI")
        verbose_name_plural = _("evaluaciones independientes del SCI")
        ordering = ["entity", "-vigencia", "-semester"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "vigencia", "semester"], name="unique_ci_evaluation"),
            models.UniqueConstraint(fields=["entity", "number"], name="unique_ci_evaluation_number"),
        ]

    def __str__(self) -> str:
        return _("Evaluación independiente del SCI %(n)s") % {"n": self.number}

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class CIComponentConclusion(ScopedModel):
    scope_entity_lookup = "evaluation__entity"

    evaluation = models.ForeignKey(
        CIEvaluation, on_delete=models.CASCADE, related_name="conclusions", verbose_name=_("evaluación")
    )
    module = models.ForeignKey(
        "questionnaires.Module", on_delete=models.PROTECT, related_name="+", verbose_name=_("componente MECI")
    )
    conclusion = models.TextField(_("conclusión del componente"), blank=True)

    class Meta:
        verbose_name = _("conclusión por componente")
        verbose_name_plural = _("conclusiones por componente")
        ordering = ["evaluation", "module__order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "module"], name="unique_ci_conclusion")]

    def __str__(self) -> str:
        return self.module.name
