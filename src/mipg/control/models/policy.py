from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.models import ScopedModel


class RiskPolicy(ScopedModel):
    """Política de administración del riesgo of one entity for one vigencia. `tables` is the entity's copy
    of the Guía v6 tables (scales, heat map, control weights), which it may adapt; every change is audited."""

    class Status(models.TextChoices):
        DRAFT = "borrador", _("En elaboración")
        APPROVED = "aprobada", _("Aprobada")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="risk_policies",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    library_code = models.CharField(_("tablas de origen"), max_length=40, default="guia-riesgos-v6")
    tables = models.JSONField(_("tablas de la política"), default=dict)
    appetite_zone = models.CharField(_("apetito de riesgo (zona residual máxima aceptada)"), max_length=20)
    appetite_statement = models.TextField(_("declaración del apetito de riesgo"), blank=True)
    objective = models.TextField(_("objetivo de la política"), blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approval_decision = models.ForeignKey(
        "institutional.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decisión de aprobación (Comité de Coordinación de Control Interno)"),
    )
    approved_at = models.DateTimeField(_("aprobada el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("política de administración del riesgo")
        verbose_name_plural = _("políticas de administración del riesgo")
        ordering = ["entity", "-vigencia"]
        constraints = [models.UniqueConstraint(fields=["entity", "vigencia"], name="unique_risk_policy")]

    def __str__(self) -> str:
        return _("Política de administración del riesgo %(v)s") % {"v": self.vigencia}


class Process(ScopedModel):
    """A process of the entity's process map; every risk belongs to one."""

    class Kind(models.TextChoices):
        STRATEGIC = "estrategico", _("Estratégico")
        MISSION = "misional", _("Misional")
        SUPPORT = "apoyo", _("De apoyo")
        EVALUATION = "evaluacion", _("De evaluación y control")

    entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.CASCADE, related_name="processes", verbose_name=_("entidad")
    )
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=200)
    kind = models.CharField(_("tipo de proceso"), max_length=12, choices=Kind.choices)
    objective = models.TextField(_("objetivo"))
    leader_dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.PROTECT,
        related_name="led_processes",
        verbose_name=_("dependencia líder"),
    )
    leader = models.ForeignKey(
        "organizations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_processes",
        verbose_name=_("líder del proceso"),
    )
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("proceso")
        verbose_name_plural = _("procesos")
        ordering = ["entity", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "code"], name="unique_process_code"),
            models.UniqueConstraint(fields=["entity", "name"], name="unique_process_name"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
