"""Improvement plans (planes de mejoramiento): their findings, actions and progress reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, LONG_TEXT, text_limit
from mipg.core.validators import reasonable_date
from mipg.organizations.models import ScopedModel

from .recommendations import Recommendation


class ImprovementPlan(ScopedModel):
    """Plan de mejoramiento of an entity: the one register for findings of every origin."""

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.PROTECT,
        related_name="improvement_plans",
        verbose_name=_("entidad"),
    )
    name = models.CharField(_("nombre"), max_length=250)
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creado por")
    )
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    class Meta:
        verbose_name = _("plan de mejoramiento")
        verbose_name_plural = _("planes de mejoramiento")
        ordering = ["entity", "-created_at"]

    def __str__(self) -> str:
        return self.name


class Finding(ScopedModel):
    """Hallazgo: what is wrong (from any origin) and why (cause)."""

    class Origin(models.TextChoices):
        FURAG = "furag", _("Recomendación FURAG")
        SELF_ASSESSMENT = "autodiagnostico", _("Brecha de autodiagnóstico")
        INTERNAL_AUDIT = "auditoria_interna", _("Auditoría interna (control interno)")
        RISK_MONITORING = "seguimiento_riesgos", _("Seguimiento de riesgos (control interno)")
        CONTRALORIA = "contraloria", _("Contraloría")
        OTHER = "otro", _("Otro")

    class Status(models.TextChoices):
        OPEN = "open", _("Abierto")
        CLOSED = "closed", _("Cerrado")

    scope_entity_lookup = "plan__entity"

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="findings", verbose_name=_("plan")
    )
    origin = models.CharField(_("origen"), max_length=20, choices=Origin.choices)
    description = models.TextField(_("hallazgo"), **text_limit(LONG_TEXT))
    cause = models.TextField(_("causa"), blank=True, **text_limit(LONG_TEXT))
    policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política"),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("recomendación FURAG"),
    )
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cerrado por"),
    )

    class Meta:
        verbose_name = _("hallazgo")
        verbose_name_plural = _("hallazgos")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.description[:120]


class ImprovementAction(ScopedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Programada")
        IN_PROGRESS = "in_progress", _("En ejecución")
        COMPLETED = "completed", _("Ejecutada, por verificar")
        EFFECTIVE = "effective", _("Eficaz (verificada por control interno)")
        NOT_EFFECTIVE = "not_effective", _("No eficaz (devuelta por control interno)")

    scope_entity_lookup = "finding__plan__entity"

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("hallazgo")
    )
    description = models.TextField(_("acción de mejora"), **text_limit(LONG_TEXT))
    responsible = models.CharField(_("responsable"), max_length=200, blank=True)
    dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    start_date = models.DateField(_("fecha de inicio"), validators=[reasonable_date])
    due_date = models.DateField(_("fecha de terminación"), validators=[reasonable_date])
    deliverable = models.CharField(_("entregable"), max_length=300, blank=True)
    indicator = models.CharField(_("indicador"), max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("avance (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("estado"), max_length=15, choices=Status.choices, default=Status.PLANNED)
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="improvement_actions", verbose_name=_("evidencias")
    )
    verification_note = models.TextField(
        _("observación de control interno"), blank=True, **text_limit(COMMENT_TEXT)
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verificada por"),
    )
    verified_at = models.DateTimeField(_("verificada el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("acción de mejora")
        verbose_name_plural = _("acciones de mejora")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:120]


class ActionProgress(ScopedModel):
    scope_entity_lookup = "action__finding__plan__entity"

    action = models.ForeignKey(
        ImprovementAction, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("acción")
    )
    reported_at = models.DateTimeField(_("reportado el"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reportado por")
    )
    percent = models.PositiveSmallIntegerField(_("avance acumulado (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("descripción del avance"), **text_limit(LONG_TEXT))
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="improvement_progress", verbose_name=_("evidencias")
    )

    class Meta:
        verbose_name = _("avance de acción de mejora")
        verbose_name_plural = _("avances de acciones de mejora")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.percent}% – {self.note[:60]}"
