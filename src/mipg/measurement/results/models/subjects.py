"""Entities scored by the FURAG (known to the platform or kept as peers) and their official scores."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import SCORE_VALIDATORS, PublicQuerySet


class ResultSubject(models.Model):
    """An entity scored by the FURAG, known by its Código SIGEP. `entity` is set when the platform
    knows the entity; the others are kept as peers for comparison (public scores only)."""

    sigep_code = models.CharField(_("código SIGEP"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=300)
    legal_nature = models.CharField(_("naturaleza jurídica"), max_length=150, blank=True)
    departamento = models.CharField(_("departamento"), max_length=120, blank=True)
    municipio = models.CharField(_("municipio"), max_length=120, blank=True)
    peer_group = models.CharField(_("grupo par"), max_length=150, blank=True, db_index=True)
    form_type = models.CharField(_("tipo de formulario"), max_length=80, blank=True)
    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="result_subjects",
        verbose_name=_("entidad en la plataforma"),
    )
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("entidad medida")
        verbose_name_plural = _("entidades medidas")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sigep_code})"

    @property
    def scope_entity_id(self):
        return self.entity_id


class Score(models.Model):
    """One official score: (vigencia, subject, index code). Null means "no aplica", never zero."""

    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    subject = models.ForeignKey(
        ResultSubject, on_delete=models.CASCADE, related_name="scores", verbose_name=_("entidad medida")
    )
    code = models.CharField(_("código del índice"), max_length=8)
    value = models.DecimalField(
        _("puntaje"), max_digits=4, decimal_places=1, null=True, blank=True, validators=SCORE_VALIDATORS
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("puntaje oficial")
        verbose_name_plural = _("puntajes oficiales")
        constraints = [
            models.UniqueConstraint(fields=["vigencia", "subject", "code"], name="unique_score"),
        ]
        indexes = [
            models.Index(fields=["vigencia", "code"], name="score_vigencia_code"),
            models.Index(fields=["subject", "code"], name="score_subject_code"),
        ]

    def __str__(self) -> str:
        return f"{self.vigencia} {self.code} {self.value}"
