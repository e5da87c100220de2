from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import LONG_TEXT, text_limit
from mipg.core.validators import reasonable_year
from mipg.organizations.models import ScopedModel


class PolicyLeadership(ScopedModel):
    """Who leads one MIPG policy in one entity during one vigencia."""

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="policy_leaderships",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), validators=[reasonable_year])
    policy = models.ForeignKey(
        "catalog.Policy", on_delete=models.PROTECT, related_name="+", verbose_name=_("política")
    )
    leading_dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_policies",
        verbose_name=_("dependencia líder"),
    )
    leader = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_policies",
        verbose_name=_("persona líder"),
    )
    co_responsible = models.ManyToManyField(
        "organizations.Dependencia",
        blank=True,
        related_name="co_led_policies",
        verbose_name=_("dependencias corresponsables"),
    )
    norms = models.TextField(_("normas que la regulan en la entidad"), blank=True, **text_limit(LONG_TEXT))

    class Meta:
        verbose_name = _("liderazgo de política")
        verbose_name_plural = _("liderazgos de política")
        ordering = ["entity", "vigencia", "policy__order"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "vigencia", "policy"], name="unique_policy_leadership")
        ]

    def __str__(self) -> str:
        return f"{self.policy.code} · {self.vigencia}"

    @property
    def has_leader(self) -> bool:
        return bool(self.leading_dependencia_id and self.leader_id)
