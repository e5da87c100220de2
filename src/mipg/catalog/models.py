"""MIPG reference data: versions of the model, its dimensions, policies and sub-indices.
Loaded from libraries/*.yaml; codes (D1, POL05, I63) are stable across versions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, LONG_TEXT, text_limit


class ModelVersionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).order_by("-valid_from").first()


class ModelVersion(models.Model):
    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    valid_from = models.DateField(_("vigente desde"))
    is_current = models.BooleanField(_("versión vigente"), default=False)
    source = models.TextField(_("fuente"), blank=True, **text_limit(COMMENT_TEXT))

    objects = ModelVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versión del modelo")
        verbose_name_plural = _("versiones del modelo")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("versión")
    )
    code = models.CharField(_("código"), max_length=10)
    name = models.CharField(_("nombre"), max_length=200)
    aliases = models.JSONField(_("otros nombres"), default=list, blank=True)
    description = models.TextField(_("descripción"), blank=True, **text_limit(LONG_TEXT))
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("dimensión")
        verbose_name_plural = _("dimensiones")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_dimension_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Policy(models.Model):
    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="policies", verbose_name=_("versión")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="policies", verbose_name=_("dimensión")
    )
    code = models.CharField(_("código"), max_length=10)
    name = models.CharField(_("nombre"), max_length=200)
    aliases = models.JSONField(_("otros nombres"), default=list, blank=True)
    national_leader = models.CharField(_("líder nacional de la política"), max_length=200, blank=True)
    legal_basis = models.TextField(_("fundamento normativo"), blank=True, **text_limit(LONG_TEXT))
    description = models.TextField(_("descripción"), blank=True, **text_limit(LONG_TEXT))
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("política")
        verbose_name_plural = _("políticas")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_policy_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SubIndex(models.Model):
    """Índice desagregado (I01...I70); usually created by the results import, linked to its policy
    when known."""

    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="subindices", verbose_name=_("versión")
    )
    code = models.CharField(_("código"), max_length=10)
    name = models.CharField(_("nombre"), max_length=300)
    policy = models.ForeignKey(
        Policy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subindices",
        verbose_name=_("política"),
    )

    class Meta:
        verbose_name = _("índice desagregado")
        verbose_name_plural = _("índices desagregados")
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_subindex_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
