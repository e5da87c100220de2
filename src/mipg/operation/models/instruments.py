from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import LONG_TEXT, text_limit
from mipg.core.validators import reasonable_date, reasonable_year
from mipg.organizations.models import ScopedModel


class Instrument(ScopedModel):
    """A plan, program, project, methodology or strategy that implements MIPG policies. The twelve plans
    of Decreto 612 de 2018 are plans whose `decree_plan` holds their code (see libraries/decreto_612.yaml)."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan")
        PROGRAM = "programa", _("Programa")
        PROJECT = "proyecto", _("Proyecto")
        METHODOLOGY = "metodologia", _("Metodología")
        STRATEGY = "estrategia", _("Estrategia")

    class Status(models.TextChoices):
        DRAFT = "borrador", _("En formulación")
        APPROVED = "aprobado", _("Aprobado")
        PUBLISHED = "publicado", _("Publicado")
        CLOSED = "cerrado", _("Cerrado")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="instruments",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), validators=[reasonable_year])
    kind = models.CharField(_("tipo"), max_length=15, choices=Kind.choices, default=Kind.PLAN)
    decree_plan = models.CharField(
        _("plan del Decreto 612 de 2018"),
        max_length=20,
        blank=True,
        help_text=_("Déjelo vacío si el instrumento no es uno de los doce planes del Decreto 612."),
    )
    name = models.CharField(_("nombre"), max_length=250)
    objective = models.TextField(_("objetivo"), blank=True, **text_limit(LONG_TEXT))
    responsible_dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("dependencia responsable"),
    )
    start_date = models.DateField(
        _("inicio del periodo"), null=True, blank=True, validators=[reasonable_date]
    )
    end_date = models.DateField(_("fin del periodo"), null=True, blank=True, validators=[reasonable_date])
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(
        _("fecha de publicación"), null=True, blank=True, validators=[reasonable_date]
    )
    published_url = models.URLField(_("enlace de publicación"), max_length=500, blank=True)
    policies = models.ManyToManyField(
        "catalog.Policy", blank=True, related_name="+", verbose_name=_("políticas que atiende")
    )
    documents = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="+", verbose_name=_("documentos")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creado por")
    )

    class Meta:
        verbose_name = _("instrumento de implementación")
        verbose_name_plural = _("instrumentos de implementación")
        ordering = ["entity", "-vigencia", "kind", "name"]
        indexes = [models.Index(fields=["entity", "vigencia"])]

    def __str__(self) -> str:
        return self.name
