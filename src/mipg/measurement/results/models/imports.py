"""Official results imports, staged imports awaiting confirmation and the archived versions of shared
national data (results and recommendations) that an import replaced."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.organizations.models import ScopedModel

from .common import PublicQuerySet


class ResultImport(models.Model):
    """One upload of the official results workbook for a vigencia (the latest one is in force)."""

    vigencia = models.PositiveSmallIntegerField(_("vigencia"), db_index=True)
    file_name = models.CharField(_("archivo"), max_length=250)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sheet = models.CharField(_("hoja"), max_length=120, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importado por"),
    )
    imported_at = models.DateTimeField(_("importado el"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("filas (entidades)"), default=0)
    column_count = models.PositiveIntegerField(_("columnas de puntaje"), default=0)
    score_count = models.PositiveIntegerField(_("puntajes"), default=0)
    codes = models.JSONField(_("códigos"), default=list, blank=True)
    replaced_previous = models.BooleanField(_("reemplazó una importación anterior"), default=False)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)
    # The workbook's title rows say "DATOS SINTÉTICOS": every figure of this vigencia is flagged.
    synthetic = models.BooleanField(_("datos sintéticos"), default=False)
    restored_from = models.ForeignKey(
        "ResultVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restaurada desde la versión"),
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("importación de resultados")
        verbose_name_plural = _("importaciones de resultados")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.vigencia} – {self.file_name}"

    @property
    def scope_entity_id(self):
        return None


# ---------------------------------------------------------------- staged imports and archived versions
# Shared national data (official results, recommendations) is replaced only after a preview the results
# administrator confirms, and what it replaces is archived as a restorable version.


class StagedImportQuerySet(models.QuerySet):
    def for_user(self, user):
        """A staged import is seen only by the user who uploaded it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class StagedImport(models.Model):
    """An uploaded file checked and kept server-side (with its SHA-256) until its uploader confirms
    or it expires; `preview` holds the differences with the data in force when it was staged."""

    class Kind(models.TextChoices):
        RESULTS = "resultados", _("Resultados oficiales")
        RECOMMENDATIONS = "recomendaciones", _("Recomendaciones")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente de confirmación")
        APPLIED = "applied", _("Aplicada")

    kind = models.CharField(_("clase"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("cargada por")
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    sheet = models.CharField(_("hoja"), max_length=120, blank=True)
    file_name = models.CharField(_("archivo"), max_length=250)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("contenido"))
    preview = models.JSONField(_("vista previa"), default=dict)
    base_marker = models.CharField(_("datos vigentes al cargar"), max_length=64, blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("cargada el"), auto_now_add=True)
    expires_at = models.DateTimeField(_("vence el"))
    applied_at = models.DateTimeField(_("aplicada el"), null=True, blank=True)

    objects = StagedImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("importación por confirmar")
        verbose_name_plural = _("importaciones por confirmar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.vigencia} – {self.file_name}"

    @property
    def scope_entity_id(self):
        return self.entity_id


class ResultVersion(models.Model):
    """The official results of a vigencia as they were before a replacement (restorable)."""

    class Reason(models.TextChoices):
        IMPORT = "import", _("Reemplazada por una importación")
        RESTORE = "restore", _("Reemplazada al restaurar otra versión")

    vigencia = models.PositiveSmallIntegerField(_("vigencia"), db_index=True)
    source_import = models.ForeignKey(
        ResultImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importación archivada"),
    )
    file_name = models.CharField(_("archivo"), max_length=250, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importado por"),
    )
    imported_at = models.DateTimeField(_("importado el"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archivado por"),
    )
    archived_at = models.DateTimeField(_("archivado el"), auto_now_add=True)
    reason = models.CharField(_("motivo"), max_length=10, choices=Reason.choices, default=Reason.IMPORT)
    subject_count = models.PositiveIntegerField(_("entidades"), default=0)
    score_count = models.PositiveIntegerField(_("puntajes"), default=0)
    codes = models.JSONField(_("códigos"), default=list, blank=True)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)
    synthetic = models.BooleanField(_("datos sintéticos"), default=False)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("versión archivada de resultados")
        verbose_name_plural = _("versiones archivadas de resultados")
        ordering = ["-archived_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.vigencia} – {self.file_name or self.pk}"

    @property
    def scope_entity_id(self):
        return None


class ArchivedSubject(models.Model):
    """Identification of a measured entity as it was in an archived version."""

    version = models.ForeignKey(
        ResultVersion, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("versión")
    )
    sigep_code = models.CharField(_("código SIGEP"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    legal_nature = models.CharField(_("naturaleza jurídica"), max_length=150, blank=True)
    departamento = models.CharField(_("departamento"), max_length=120, blank=True)
    municipio = models.CharField(_("municipio"), max_length=120, blank=True)
    peer_group = models.CharField(_("grupo par"), max_length=150, blank=True)
    form_type = models.CharField(_("tipo de formulario"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("entidad medida archivada")
        verbose_name_plural = _("entidades medidas archivadas")
        constraints = [
            models.UniqueConstraint(fields=["version", "sigep_code"], name="unique_archived_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sigep_code})"


class ArchivedScore(models.Model):
    """One score of an archived version, keyed by Código SIGEP (so it survives any subject change)."""

    version = models.ForeignKey(
        ResultVersion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("versión")
    )
    sigep_code = models.CharField(_("código SIGEP"), max_length=20)
    code = models.CharField(_("código del índice"), max_length=8)
    value = models.DecimalField(_("puntaje"), max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("puntaje archivado")
        verbose_name_plural = _("puntajes archivados")
        indexes = [models.Index(fields=["version", "sigep_code", "code"], name="archived_score_version")]

    def __str__(self) -> str:
        return f"{self.sigep_code} {self.code} {self.value}"


class RecommendationVersion(ScopedModel):
    """An entity's recommendations of a vigencia as they were before a replacement (restorable)."""

    class Reason(models.TextChoices):
        IMPORT = "import", _("Reemplazadas por una importación")
        RESTORE = "restore", _("Reemplazadas al restaurar otra versión")

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("entidad"),
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archivado por"),
    )
    archived_at = models.DateTimeField(_("archivado el"), auto_now_add=True)
    reason = models.CharField(_("motivo"), max_length=10, choices=Reason.choices, default=Reason.IMPORT)
    count = models.PositiveIntegerField(_("recomendaciones"), default=0)
    rows = models.JSONField(_("recomendaciones archivadas"), default=list)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    class Meta:
        verbose_name = _("versión archivada de recomendaciones")
        verbose_name_plural = _("versiones archivadas de recomendaciones")
        ordering = ["-archived_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.vigencia} – {self.count}"
