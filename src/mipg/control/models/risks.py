from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.models import ScopedModel


class Risk(ScopedModel):
    """A risk of a process, worded per the Guía (impact + immediate cause + root cause). The inherent and
    residual levels are kept on the row (recomputed by the services whenever a control changes) so that
    lists, heat maps and the API need no computation."""

    class RiskClass(models.TextChoices):
        MANAGEMENT = "gestion", _("Gestión")
        CORRUPTION = "corrupcion", _("Corrupción")
        SECURITY = "seguridad_informacion", _("Seguridad de la información")
        FISCAL = "fiscal", _("Fiscal")

    class Treatment(models.TextChoices):
        ACCEPT = "aceptar", _("Aceptar")
        REDUCE = "reducir", _("Reducir (mitigar)")
        AVOID = "evitar", _("Evitar")
        SHARE = "compartir", _("Compartir (transferir)")

    entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.CASCADE, related_name="risks", verbose_name=_("entidad")
    )
    policy = models.ForeignKey(
        "control.RiskPolicy", on_delete=models.PROTECT, related_name="risks", verbose_name=_("política")
    )
    process = models.ForeignKey(
        "control.Process", on_delete=models.PROTECT, related_name="risks", verbose_name=_("proceso")
    )
    code = models.CharField(_("código"), max_length=20)
    risk_class = models.CharField(_("clase de riesgo"), max_length=25, choices=RiskClass.choices)
    impact_text = models.CharField(_("impacto (qué pasaría)"), max_length=300)
    immediate_cause = models.CharField(_("causa inmediata"), max_length=300)
    root_cause = models.CharField(_("causa raíz"), max_length=300)
    causes = models.TextField(_("causas (una por línea)"), blank=True)
    consequences = models.TextField(_("consecuencias (una por línea)"), blank=True)
    assets = models.TextField(_("activos de información afectados (uno por línea)"), blank=True)
    policies = models.ManyToManyField(
        "catalog.Policy", blank=True, related_name="+", verbose_name=_("políticas MIPG relacionadas")
    )
    inherent_probability = models.CharField(_("probabilidad inherente"), max_length=20)
    inherent_impact = models.CharField(_("impacto inherente"), max_length=20)
    corruption_answers = models.JSONField(
        _("respuestas afirmativas del cuestionario de corrupción"), default=list, blank=True
    )
    inherent_zone = models.CharField(_("zona inherente"), max_length=20, db_index=True)
    residual_probability = models.CharField(_("probabilidad residual"), max_length=20)
    residual_impact = models.CharField(_("impacto residual"), max_length=20)
    residual_probability_percent = models.DecimalField(
        _("probabilidad residual (%)"), max_digits=6, decimal_places=2
    )
    residual_impact_percent = models.DecimalField(_("impacto residual (%)"), max_digits=6, decimal_places=2)
    residual_zone = models.CharField(_("zona residual"), max_length=20, db_index=True)
    treatment = models.CharField(_("tratamiento"), max_length=10, choices=Treatment.choices, blank=True)
    treatment_note = models.TextField(_("justificación del tratamiento"), blank=True)
    activities = models.ManyToManyField(
        "operation.Activity",
        blank=True,
        related_name="treated_risks",
        verbose_name=_("actividades del plan de acción (tratamiento)"),
    )
    improvement_actions = models.ManyToManyField(
        "results.ImprovementAction",
        blank=True,
        related_name="treated_risks",
        verbose_name=_("acciones de mejora (tratamiento)"),
    )
    indicators = models.ManyToManyField(
        "operation.Indicator", blank=True, related_name="risks", verbose_name=_("indicadores clave de riesgo")
    )
    needs_review = models.BooleanField(_("requiere revisión (riesgo materializado)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    created_at = models.DateTimeField(_("registrado el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    class Meta:
        verbose_name = _("riesgo")
        verbose_name_plural = _("riesgos")
        ordering = ["entity", "process__code", "code"]
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="unique_risk_code")]
        indexes = [models.Index(fields=["entity", "risk_class"], name="risk_entity_class")]

    def __str__(self) -> str:
        return f"{self.code} {self.impact_text}"

    @property
    def statement(self) -> str:
        """The wording of the Guía: impact + immediate cause + root cause."""
        return _("Posibilidad de %(impact)s por %(immediate)s debido a %(root)s") % {
            "impact": self.impact_text,
            "immediate": self.immediate_cause,
            "root": self.root_cause,
        }

    @property
    def is_corruption(self) -> bool:
        return self.risk_class == self.RiskClass.CORRUPTION


class Control(ScopedModel):
    scope_entity_lookup = "risk__entity"

    class Type(models.TextChoices):
        PREVENTIVE = "preventivo", _("Preventivo")
        DETECTIVE = "detectivo", _("Detectivo")
        CORRECTIVE = "correctivo", _("Correctivo")

    class Implementation(models.TextChoices):
        AUTOMATIC = "automatico", _("Automático")
        MANUAL = "manual", _("Manual")

    class Documentation(models.TextChoices):
        DOCUMENTED = "documentado", _("Documentado")
        UNDOCUMENTED = "sin_documentar", _("Sin documentar")

    class Frequency(models.TextChoices):
        CONTINUOUS = "continua", _("Continua")
        RANDOM = "aleatoria", _("Aleatoria")

    class EvidenceKind(models.TextChoices):
        RECORDED = "con_registro", _("Con registro")
        UNRECORDED = "sin_registro", _("Sin registro")

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="controls", verbose_name=_("riesgo")
    )
    order = models.PositiveSmallIntegerField(_("orden de aplicación"), default=1)
    name = models.CharField(_("control"), max_length=300)
    description = models.TextField(_("descripción (responsable, acción, complemento)"), blank=True)
    control_type = models.CharField(_("tipo"), max_length=12, choices=Type.choices)
    implementation = models.CharField(_("implementación"), max_length=12, choices=Implementation.choices)
    documentation = models.CharField(
        _("documentación"), max_length=15, choices=Documentation.choices, default=Documentation.DOCUMENTED
    )
    frequency = models.CharField(
        _("frecuencia"), max_length=10, choices=Frequency.choices, default=Frequency.CONTINUOUS
    )
    evidence_kind = models.CharField(
        _("evidencia"), max_length=15, choices=EvidenceKind.choices, default=EvidenceKind.RECORDED
    )
    owner = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        related_name="owned_controls",
        verbose_name=_("responsable"),
    )
    needs_review = models.BooleanField(_("requiere revisión (riesgo materializado)"), default=False)

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controles")
        ordering = ["risk", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class RiskEvent(ScopedModel):
    """A materialised risk: flags the risk and its controls for review."""

    scope_entity_lookup = "risk__entity"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="events", verbose_name=_("riesgo"))
    occurred_on = models.DateField(_("fecha en que se materializó"))
    description = models.TextField(_("qué ocurrió"))
    effect = models.TextField(_("efecto"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    recorded_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("materialización del riesgo")
        verbose_name_plural = _("materializaciones del riesgo")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.risk.code} · {self.occurred_on}"
