"""Building blocks shared by every app: the entity-scoped queryset (the one gate for lists),
evidence files and links, and readable domain events."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopedQuerySet(models.QuerySet):
    """Every scoped model names the path to its entity in `scope_entity_lookup` (e.g. "committee__entity").
    `for_user` is the only way lists of domain data are built."""

    def for_user(self, user):
        from mipg.organizations.models import Entity

        lookup = self.model.scope_entity_lookup
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{f"{lookup}__in": Entity.objects.visible_to(user)})


class ScopedModel(models.Model):
    scope_entity_lookup = "entity"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def scope_entity_id(self):
        """Id of the entity this row belongs to (follows `scope_entity_lookup`)."""
        target = self
        parts = self.scope_entity_lookup.split("__")
        for part in parts[:-1]:
            target = getattr(target, part)
            if target is None:
                return None
        return getattr(target, f"{parts[-1]}_id")


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
    verification_note = models.TextField(_("observación de verificación"), blank=True)
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
