from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, LONG_TEXT, text_limit
from mipg.core.validators import reasonable_date, reasonable_year
from mipg.organizations.models import ScopedModel

PERIODS = [
    ("T1", _("Trimestre 1")),
    ("T2", _("Trimestre 2")),
    ("T3", _("Trimestre 3")),
    ("T4", _("Trimestre 4")),
]


class ActionPlan(ScopedModel):
    """Plan de Acción of one entity for one vigencia."""

    class Status(models.TextChoices):
        DRAFT = "borrador", _("En formulación")
        IN_EXECUTION = "ejecucion", _("En ejecución")
        CLOSED = "cerrado", _("Cerrado")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), validators=[reasonable_year])
    name = models.CharField(_("nombre"), max_length=250)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("aprobado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")
        ordering = ["entity", "-vigencia"]
        constraints = [models.UniqueConstraint(fields=["entity", "vigencia"], name="unique_action_plan")]

    def __str__(self) -> str:
        return self.name


class Goal(ScopedModel):
    scope_entity_lookup = "plan__entity"

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    code = models.CharField(_("código"), max_length=30)
    name = models.CharField(_("meta"), max_length=400)
    indicator = models.ForeignKey(
        "operation.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("indicador"),
    )
    order = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("meta")
        verbose_name_plural = _("metas")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_goal_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Activity(ScopedModel):
    scope_entity_lookup = "goal__plan__entity"

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("meta")
    )
    code = models.CharField(_("código"), max_length=30)
    name = models.CharField(_("actividad"), max_length=400)
    responsible_dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("dependencia responsable"),
    )
    responsible_person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("persona responsable"),
    )
    start_date = models.DateField(_("fecha de inicio"), validators=[reasonable_date])
    end_date = models.DateField(_("fecha de fin"), validators=[reasonable_date])
    weight = models.DecimalField(
        _("peso (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    deliverable = models.CharField(_("entregable"), max_length=400, blank=True)
    policy = models.ForeignKey(
        "catalog.Policy", on_delete=models.PROTECT, related_name="+", verbose_name=_("política")
    )
    # Latest approved cumulative progress, kept by the approval service so roll-ups need no subqueries.
    progress = models.DecimalField(
        _("avance aprobado (%)"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    order = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        ordering = ["goal", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["goal", "code"], name="unique_activity_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fecha de fin no puede ser anterior a la fecha de inicio.")}
            )


class ProgressReport(ScopedModel):
    """Cumulative progress of an activity at the end of one period, reported by its owner."""

    scope_entity_lookup = "activity__goal__plan__entity"

    class Status(models.TextChoices):
        SUBMITTED = "enviado", _("Enviado, pendiente de revisión")
        APPROVED = "aprobado", _("Aprobado")
        RETURNED = "devuelto", _("Devuelto con observaciones")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reports", verbose_name=_("actividad")
    )
    period = models.CharField(_("periodo"), max_length=2, choices=PERIODS)
    percent = models.DecimalField(
        _("avance acumulado (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    narrative = models.TextField(_("lo realizado"), **text_limit(LONG_TEXT))
    backward_reason = models.TextField(_("motivo del retroceso"), blank=True, **text_limit(COMMENT_TEXT))
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="+", verbose_name=_("evidencias")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reportado por")
    )
    reported_at = models.DateTimeField(_("reportado el"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    review_comment = models.TextField(_("observación de la revisión"), blank=True, **text_limit(COMMENT_TEXT))
    # An approved report whose evidence control interno rejects is reopened: it leaves the roll-up and
    # goes back to its owner as «devuelto» with this reason (issue 11 item 6).
    reopened_at = models.DateTimeField(_("reabierto el"), null=True, blank=True)
    reopened_reason = models.TextField(_("motivo de la reapertura"), blank=True, **text_limit(COMMENT_TEXT))

    class Meta:
        verbose_name = _("reporte de avance")
        verbose_name_plural = _("reportes de avance")
        ordering = ["activity", "period", "-reported_at"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            # One standing report (pending or approved) per activity and period; a returned one can
            # be submitted again.
            models.UniqueConstraint(
                fields=["activity", "period"],
                condition=~models.Q(status="devuelto"),
                name="operation_one_standing_report",
                violation_error_message=_("Ya hay un reporte de este periodo pendiente o aprobado."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity.code} · {self.period} · {self.percent} %"
