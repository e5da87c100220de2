from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.models import ScopedModel


class MonitoringPeriod(ScopedModel):
    """A period in which the three lines of defence monitor the controls («2026 – primer cuatrimestre»)."""

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="monitoring_periods",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    name = models.CharField(_("nombre"), max_length=100)
    start = models.DateField(_("inicio"))
    end = models.DateField(_("fin"))

    class Meta:
        verbose_name = _("periodo de monitoreo")
        verbose_name_plural = _("periodos de monitoreo")
        ordering = ["entity", "-start"]
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="unique_monitoring_period")]

    def __str__(self) -> str:
        return self.name


class ControlAssessment(ScopedModel):
    """One control in one monitoring period, as seen by the three lines of defence:
    the first line self-assesses with evidence, the second reviews, the third evaluates design («presente»)
    and execution («funcionando») and may record a finding, which opens an improvement plan."""

    scope_entity_lookup = "control__risk__entity"

    class Review(models.TextChoices):
        AGREED = "conforme", _("Conforme")
        OBSERVED = "observaciones", _("Con observaciones")

    control = models.ForeignKey(
        "control.Control", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("control")
    )
    period = models.ForeignKey(
        MonitoringPeriod, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("periodo")
    )
    executed = models.BooleanField(_("el control se ejecutó"), null=True, blank=True)
    self_note = models.TextField(_("autoevaluación (primera línea)"), blank=True)
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="+", verbose_name=_("evidencias")
    )
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autoevaluado por"),
    )
    self_assessed_at = models.DateTimeField(_("autoevaluado el"), null=True, blank=True)
    review = models.CharField(
        _("revisión (segunda línea)"), max_length=15, choices=Review.choices, blank=True
    )
    review_note = models.TextField(_("observación de la segunda línea"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    design_present = models.BooleanField(_("diseño: presente"), null=True, blank=True)
    operating = models.BooleanField(_("ejecución: funcionando"), null=True, blank=True)
    evaluation_note = models.TextField(_("evaluación independiente (tercera línea)"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluado por"),
    )
    evaluated_at = models.DateTimeField(_("evaluado el"), null=True, blank=True)
    finding = models.ForeignKey(
        "results.Finding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hallazgo (plan de mejoramiento)"),
    )

    class Meta:
        verbose_name = _("monitoreo del control")
        verbose_name_plural = _("monitoreos de controles")
        ordering = ["period", "control"]
        constraints = [
            models.UniqueConstraint(fields=["control", "period"], name="unique_control_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.control} · {self.period}"

    @property
    def stage(self) -> str:
        if self.self_assessed_at is None:
            return "primera"
        if self.reviewed_at is None:
            return "segunda"
        if self.evaluated_at is None:
            return "tercera"
        return "cerrada"


class CorruptionFollowUp(ScopedModel):
    """Control interno's follow-up of the corruption risk map at one cut (30 April, 31 August,
    31 December), due within ten business days of the cut."""

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="corruption_follow_ups",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    cut = models.PositiveSmallIntegerField(_("corte"))
    cut_date = models.DateField(_("fecha de corte"))
    due_date = models.DateField(_("publicar a más tardar"))
    summary = models.TextField(_("resultado del seguimiento"))
    published_on = models.DateField(_("publicado el"), null=True, blank=True)
    published_url = models.URLField(_("enlace de publicación"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )

    class Meta:
        verbose_name = _("seguimiento al mapa de riesgos de corrupción")
        verbose_name_plural = _("seguimientos al mapa de riesgos de corrupción")
        ordering = ["entity", "-vigencia", "cut"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "vigencia", "cut"], name="unique_corruption_follow_up")
        ]

    def __str__(self) -> str:
        return _("Seguimiento %(cut)s de %(v)s") % {"cut": self.cut, "v": self.vigencia}
