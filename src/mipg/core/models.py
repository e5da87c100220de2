"""Building blocks shared by every app: evidence files and links, and readable domain events.
The entity gate (`ScopedModel`, `ScopedQuerySet.for_user`) lives in mipg.organizations.models."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.organizations.models import ScopedModel, ScopedQuerySet  # noqa: F401  (re-exported)

from .limits import COMMENT_TEXT, text_limit


class Evidence(ScopedModel):
    class Kind(models.TextChoices):
        FILE = "file", _("Archivo")
        LINK = "link", _("Enlace")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente de verificación")
        VERIFIED = "verified", _("Verificada por control interno")
        REJECTED = "rejected", _("Rechazada por control interno")

    entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.PROTECT, related_name="evidence", verbose_name=_("entidad")
    )
    title = models.CharField(_("título"), max_length=250)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("archivo"), upload_to="evidence/%Y/%m/", blank=True)
    url = models.URLField(_("enlace"), max_length=500, blank=True)
    original_name = models.CharField(_("nombre original"), max_length=250, blank=True)
    content_type = models.CharField(_("tipo de contenido"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cargada por")
    )
    uploaded_at = models.DateTimeField(_("cargada el"), auto_now_add=True)
    status = models.CharField(
        _("verificación"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    verification_note = models.TextField(
        _("observación de verificación"), blank=True, **text_limit(COMMENT_TEXT)
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

    class Meta:
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class DomainEvent(models.Model):
    """A readable event of the domain ("acta aprobada", "vigencia reimportada") next to auditlog's
    field-level changes."""

    created_at = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usuario"),
    )
    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("tipo de objeto"))
    object_id = models.CharField(_("id del objeto"), max_length=64)
    object_repr = models.CharField(_("objeto"), max_length=250)
    verb = models.CharField(_("evento"), max_length=80)
    description = models.TextField(_("descripción"), blank=True)
    data = models.JSONField(_("datos"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.verb}: {self.object_repr}"
