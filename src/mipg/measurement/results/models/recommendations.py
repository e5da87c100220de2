"""The recommendations Función Pública sends to each entity."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import LONG_TEXT, text_limit
from mipg.organizations.models import ScopedModel


class Recommendation(ScopedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        IN_ACTION = "in_action", _("En acción de mejora")
        DONE = "done", _("Atendida")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="furag_recommendations",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    policy = models.ForeignKey(
        "catalog.Policy", on_delete=models.PROTECT, related_name="+", verbose_name=_("política")
    )
    text = models.TextField(_("recomendación"), **text_limit(LONG_TEXT))
    related_policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política relacionada"),
    )
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.PENDING)
    source_row = models.PositiveIntegerField(_("fila en el archivo"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importada el"), auto_now_add=True)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    class Meta:
        verbose_name = _("recomendación FURAG")
        verbose_name_plural = _("recomendaciones FURAG")
        ordering = ["entity", "-vigencia", "policy__order", "pk"]
        indexes = [models.Index(fields=["entity", "vigencia"], name="reco_entity_vigencia")]

    def __str__(self) -> str:
        return f"{self.vigencia} {self.policy.code}: {self.text[:80]}"
