from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, text_limit
from mipg.core.validators import non_negative, reasonable_year
from mipg.operation.periods import parse_period, period_label
from mipg.organizations.models import ScopedModel


class Indicator(ScopedModel):
    class Frequency(models.TextChoices):
        MONTHLY = "mensual", _("Mensual")
        QUARTERLY = "trimestral", _("Trimestral")
        SEMIANNUAL = "semestral", _("Semestral")
        ANNUAL = "anual", _("Anual")

    class Direction(models.TextChoices):
        HIGHER = "mayor", _("Mayor es mejor")
        LOWER = "menor", _("Menor es mejor")

    entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("entidad")
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), validators=[reasonable_year])
    name = models.CharField(_("nombre"), max_length=250)
    numerator = models.CharField(_("numerador (descripción)"), max_length=300)
    denominator = models.CharField(_("denominador (descripción)"), max_length=300, blank=True)
    unit = models.CharField(_("unidad"), max_length=40, default="%")
    frequency = models.CharField(
        _("frecuencia"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    baseline = models.DecimalField(
        _("línea base"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[non_negative]
    )
    direction = models.CharField(
        _("sentido"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política"),
    )
    responsible_dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("dependencia responsable"),
    )

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = ["entity", "-vigencia", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "vigencia", "name"], name="unique_indicator_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def formula(self) -> str:
        return f"({self.numerator}) / ({self.denominator})" if self.denominator else self.numerator


class IndicatorTarget(ScopedModel):
    scope_entity_lookup = "indicator__entity"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicador")
    )
    period = models.CharField(
        _("periodo"),
        max_length=20,
        help_text=_("Según la frecuencia del indicador: 2026-03 (mes), 2026-T1, 2026-S1 o 2026."),
    )
    value = models.DecimalField(_("meta"), max_digits=14, decimal_places=2, validators=[non_negative])

    class Meta:
        verbose_name = _("meta del indicador")
        verbose_name_plural = _("metas del indicador")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_indicator_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}"

    def clean(self):
        super().clean()
        if self.indicator_id:
            try:
                self.period = parse_period(self.period, self.indicator.frequency).code
            except ValidationError as error:
                raise ValidationError({"period": error.messages}) from error

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.frequency)


class IndicatorMeasurement(ScopedModel):
    scope_entity_lookup = "indicator__entity"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicador")
    )
    period = models.CharField(
        _("periodo"),
        max_length=20,
        help_text=_("Según la frecuencia del indicador: 2026-03 (mes), 2026-T1, 2026-S1 o 2026."),
    )
    numerator_value = models.DecimalField(
        _("valor del numerador"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative],
    )
    denominator_value = models.DecimalField(
        _("valor del denominador"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative],
    )
    value = models.DecimalField(_("resultado"), max_digits=14, decimal_places=2, validators=[non_negative])
    note = models.TextField(_("observación"), blank=True, **text_limit(COMMENT_TEXT))
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="+", verbose_name=_("evidencias")
    )
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrada por")
    )
    measured_at = models.DateTimeField(_("registrada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("medición del indicador")
        verbose_name_plural = _("mediciones del indicador")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_indicator_measurement")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}"

    def clean(self):
        super().clean()
        if self.indicator_id:
            try:
                self.period = parse_period(self.period, self.indicator.frequency).code
            except ValidationError as error:
                raise ValidationError({"period": error.messages}) from error

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.frequency)
