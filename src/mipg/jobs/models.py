"""A long piece of work run off the request by a worker (django-tasks): who asked for it, over which
entity, how far it got, its log, and its result (a stored file and/or a summary) or why it failed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mipg.organizations.models import Entity, ScopedModel, ScopedQuerySet
from mipg.organizations.roles import Role, is_system_admin

# Roles that see every job run over their entity (not only their own): they run MIPG there.
OVERSEER_ROLES = {Role.ENTITY_ADMIN, Role.PLANNING}


class JobQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """A user's own jobs, plus every job over an entity where they are entity admin or planning
        (directly or through a subtree grant). Jobs over shared national data (no entity) are only seen
        by whoever started them (and the system administrator)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_system_admin(user):
            return self
        overseen = Entity.objects.visible_to(user, roles=OVERSEER_ROLES)
        return self.filter(Q(created_by=user) | Q(entity__in=overseen))


class Job(ScopedModel):
    class Kind(models.TextChoices):
        RESULTS_IMPORT = "resultados", _("Importación de resultados oficiales")
        RECOMMENDATIONS_IMPORT = "recomendaciones", _("Importación de recomendaciones")
        VIGENCIA_EXPORT = "exportacion_vigencia", _("Exportación de una vigencia")
        SECTOR_PDF = "informe_sector", _("Informe PDF del sector")
        SECTOR_CAMPAIGN = "campana_sectorial", _("Creación de una campaña sectorial")
        ACTA_PDF = "acta_pdf", _("PDF de un acta")

    class Status(models.TextChoices):
        QUEUED = "en_cola", _("En cola")
        RUNNING = "en_curso", _("En curso")
        SUCCEEDED = "terminado", _("Terminado")
        FAILED = "fallido", _("Fallido")

    kind = models.CharField(_("clase"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("título"), max_length=250)
    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
        help_text=_("Vacía en los trabajos sobre datos nacionales compartidos (resultados oficiales)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("solicitado por")
    )
    params = models.JSONField(_("parámetros"), default=dict, blank=True)
    task_id = models.CharField(_("tarea"), max_length=64, blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    log = models.TextField(_("registro"), blank=True)
    result_file = models.FileField(_("archivo resultado"), upload_to="trabajos/%Y/%m/", blank=True)
    result_name = models.CharField(_("nombre del archivo"), max_length=200, blank=True)
    result_summary = models.TextField(_("resumen del resultado"), blank=True)
    result_url = models.CharField(_("enlace del resultado"), max_length=300, blank=True)
    error = models.TextField(_("motivo del fallo"), blank=True)
    created_at = models.DateTimeField(_("solicitado el"), auto_now_add=True)
    started_at = models.DateTimeField(_("iniciado el"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado el"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("trabajo en segundo plano")
        verbose_name_plural = _("trabajos en segundo plano")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"]),
            models.Index(fields=["entity", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="jobs_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def log_lines(self) -> list[str]:
        return [line for line in self.log.splitlines() if line]
