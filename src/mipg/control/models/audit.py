from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.models import ScopedModel


class AuditPlan(ScopedModel):
    """Plan Anual de Auditoría: presented by the Jefe de Control Interno and approved by the Comité
    Institucional de Coordinación de Control Interno (a decision of one of its sessions)."""

    class Status(models.TextChoices):
        DRAFT = "borrador", _("En elaboración")
        APPROVED = "aprobado", _("Aprobado por el comité")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="audit_plans",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    objective = models.TextField(_("objetivo del plan"), blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approval_decision = models.ForeignKey(
        "institutional.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decisión de aprobación (Comité de Coordinación de Control Interno)"),
    )
    approved_at = models.DateTimeField(_("aprobado el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creado por")
    )

    class Meta:
        verbose_name = _("plan anual de auditoría")
        verbose_name_plural = _("planes anuales de auditoría")
        ordering = ["entity", "-vigencia"]
        constraints = [models.UniqueConstraint(fields=["entity", "vigencia"], name="unique_audit_plan")]

    def __str__(self) -> str:
        return _("Plan Anual de Auditoría %(v)s") % {"v": self.vigencia}


class Audit(ScopedModel):
    scope_entity_lookup = "plan__entity"

    class Status(models.TextChoices):
        PLANNED = "programada", _("Programada")
        IN_PROGRESS = "en_ejecucion", _("En ejecución")
        DONE = "ejecutada", _("Ejecutada (informe emitido)")
        CANCELLED = "cancelada", _("Cancelada")

    plan = models.ForeignKey(
        AuditPlan, on_delete=models.CASCADE, related_name="audits", verbose_name=_("plan")
    )
    process = models.ForeignKey(
        "control.Process", on_delete=models.PROTECT, related_name="audits", verbose_name=_("proceso auditado")
    )
    title = models.CharField(_("auditoría"), max_length=250)
    objective = models.TextField(_("objetivo"))
    scope = models.TextField(_("alcance"))
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("fin"))
    auditors = models.ManyToManyField(
        "organizations.Person", blank=True, related_name="audits", verbose_name=_("auditores")
    )
    status = models.CharField(_("estado"), max_length=15, choices=Status.choices, default=Status.PLANNED)
    report_summary = models.TextField(_("conclusiones del informe"), blank=True)
    executed_on = models.DateField(_("informe emitido el"), null=True, blank=True)

    class Meta:
        verbose_name = _("auditoría interna")
        verbose_name_plural = _("auditorías internas")
        ordering = ["plan", "start_date", "pk"]

    def __str__(self) -> str:
        return self.title


class AuditCheckItem(ScopedModel):
    scope_entity_lookup = "audit__plan__entity"

    class Result(models.TextChoices):
        PENDING = "pendiente", _("Por verificar")
        COMPLIES = "cumple", _("Cumple")
        FAILS = "no_cumple", _("No cumple")
        NOT_APPLICABLE = "no_aplica", _("No aplica")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("auditoría")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    criterion = models.CharField(_("criterio o requisito"), max_length=400)
    result = models.CharField(_("resultado"), max_length=10, choices=Result.choices, default=Result.PENDING)
    note = models.TextField(_("observación"), blank=True)

    class Meta:
        verbose_name = _("punto de la lista de verificación")
        verbose_name_plural = _("lista de verificación")
        ordering = ["audit", "order", "pk"]

    def __str__(self) -> str:
        return self.criterion


class AuditFinding(ScopedModel):
    """A finding of an internal audit; it opens a finding (origin «auditoría interna») in the entity's
    improvement plan, where actions are formulated and their effectiveness verified."""

    scope_entity_lookup = "audit__plan__entity"

    class Kind(models.TextChoices):
        NONCONFORMITY = "no_conformidad", _("No conformidad")
        OBSERVATION = "observacion", _("Observación")
        OPPORTUNITY = "oportunidad_mejora", _("Oportunidad de mejora")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("auditoría")
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("hallazgo"))
    criterion = models.CharField(_("criterio incumplido"), max_length=400, blank=True)
    cause = models.TextField(_("causa"), blank=True)
    improvement_finding = models.ForeignKey(
        "results.Finding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hallazgo en el plan de mejoramiento"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    recorded_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("hallazgo de auditoría")
        verbose_name_plural = _("hallazgos de auditoría")
        ordering = ["audit", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:100]}"
