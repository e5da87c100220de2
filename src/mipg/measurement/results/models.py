"""Official FURAG results (public data), the recommendations Función Pública sends to each entity and
the improvement plans (planes de mejoramiento) that answer them and every other finding."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, LONG_TEXT, text_limit
from mipg.core.validators import reasonable_date
from mipg.organizations.models import ScopedModel

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class PublicQuerySet(models.QuerySet):
    """Official results are public data: every signed-in user reads them."""

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


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


class ImprovementPlan(ScopedModel):
    """Plan de mejoramiento of an entity: the one register for findings of every origin."""

    entity = models.ForeignKey(
        "organizations.Entity",
        on_delete=models.PROTECT,
        related_name="improvement_plans",
        verbose_name=_("entidad"),
    )
    name = models.CharField(_("nombre"), max_length=250)
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creado por")
    )
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    class Meta:
        verbose_name = _("plan de mejoramiento")
        verbose_name_plural = _("planes de mejoramiento")
        ordering = ["entity", "-created_at"]

    def __str__(self) -> str:
        return self.name


class Finding(ScopedModel):
    """Hallazgo: what is wrong (from any origin) and why (cause)."""

    class Origin(models.TextChoices):
        FURAG = "furag", _("Recomendación FURAG")
        SELF_ASSESSMENT = "autodiagnostico", _("Brecha de autodiagnóstico")
        INTERNAL_AUDIT = "auditoria_interna", _("Auditoría interna (control interno)")
        RISK_MONITORING = "seguimiento_riesgos", _("Seguimiento de riesgos (control interno)")
        CONTRALORIA = "contraloria", _("Contraloría")
        OTHER = "otro", _("Otro")

    class Status(models.TextChoices):
        OPEN = "open", _("Abierto")
        CLOSED = "closed", _("Cerrado")

    scope_entity_lookup = "plan__entity"

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="findings", verbose_name=_("plan")
    )
    origin = models.CharField(_("origen"), max_length=20, choices=Origin.choices)
    description = models.TextField(_("hallazgo"), **text_limit(LONG_TEXT))
    cause = models.TextField(_("causa"), blank=True, **text_limit(LONG_TEXT))
    policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política"),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("recomendación FURAG"),
    )
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cerrado por"),
    )

    class Meta:
        verbose_name = _("hallazgo")
        verbose_name_plural = _("hallazgos")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.description[:120]


class ImprovementAction(ScopedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Programada")
        IN_PROGRESS = "in_progress", _("En ejecución")
        COMPLETED = "completed", _("Ejecutada, por verificar")
        EFFECTIVE = "effective", _("Eficaz (verificada por control interno)")
        NOT_EFFECTIVE = "not_effective", _("No eficaz (devuelta por control interno)")

    scope_entity_lookup = "finding__plan__entity"

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("hallazgo")
    )
    description = models.TextField(_("acción de mejora"), **text_limit(LONG_TEXT))
    responsible = models.CharField(_("responsable"), max_length=200, blank=True)
    dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    start_date = models.DateField(_("fecha de inicio"), validators=[reasonable_date])
    due_date = models.DateField(_("fecha de terminación"), validators=[reasonable_date])
    deliverable = models.CharField(_("entregable"), max_length=300, blank=True)
    indicator = models.CharField(_("indicador"), max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("avance (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("estado"), max_length=15, choices=Status.choices, default=Status.PLANNED)
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="improvement_actions", verbose_name=_("evidencias")
    )
    verification_note = models.TextField(
        _("observación de control interno"), blank=True, **text_limit(COMMENT_TEXT)
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
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("acción de mejora")
        verbose_name_plural = _("acciones de mejora")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:120]


class ActionProgress(ScopedModel):
    scope_entity_lookup = "action__finding__plan__entity"

    action = models.ForeignKey(
        ImprovementAction, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("acción")
    )
    reported_at = models.DateTimeField(_("reportado el"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reportado por")
    )
    percent = models.PositiveSmallIntegerField(_("avance acumulado (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("descripción del avance"), **text_limit(LONG_TEXT))
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="improvement_progress", verbose_name=_("evidencias")
    )

    class Meta:
        verbose_name = _("avance de acción de mejora")
        verbose_name_plural = _("avances de acciones de mejora")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.percent}% – {self.note[:60]}"


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


# ---------------------------------------------------------------- precomputed peer statistics (dashboards)


class PeerGroupStat(models.Model):
    """Statistics of one grupo par for one (vigencia, code): entities with a score, median and maximum.
    Written by services/peer_stats.py in the transaction of every import or restore of the vigencia."""

    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    code = models.CharField(_("código del índice"), max_length=8)
    peer_group = models.CharField(_("grupo par"), max_length=150)
    count = models.PositiveIntegerField(_("entidades con puntaje"))
    median = models.DecimalField(_("mediana"), max_digits=4, decimal_places=1)
    maximum = models.DecimalField(_("máximo"), max_digits=4, decimal_places=1)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("estadística de grupo par")
        verbose_name_plural = _("estadísticas de grupo par")
        constraints = [
            models.UniqueConstraint(fields=["vigencia", "code", "peer_group"], name="unique_peer_group_stat"),
        ]

    def __str__(self) -> str:
        return f"{self.vigencia} {self.code} {self.peer_group}"


class PeerRank(models.Model):
    """Position of one measured entity for one (vigencia, code) with a score: rank in its grupo par (ties
    share the rank), quintile, gap to the group's maximum and the national rank. `position` and
    `group_position` are the 1-based places in the published order (score descending, then name), so a
    ranking page is an index range scan."""

    vigencia = models.PositiveSmallIntegerField(_("vigencia"))
    code = models.CharField(_("código del índice"), max_length=8)
    subject = models.ForeignKey(
        ResultSubject,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("entidad medida"),
        db_index=False,  # the unique constraint (subject, vigencia, code) serves lookups by subject
    )
    peer_group = models.CharField(_("grupo par"), max_length=150, blank=True)
    value = models.DecimalField(_("puntaje"), max_digits=4, decimal_places=1)
    national_rank = models.PositiveIntegerField(_("puesto nacional"))
    position = models.PositiveIntegerField(_("orden nacional"))
    group_rank = models.PositiveIntegerField(_("puesto en el grupo par"), null=True, blank=True)
    group_position = models.PositiveIntegerField(_("orden en el grupo par"), null=True, blank=True)
    quintile = models.PositiveSmallIntegerField(_("quintil"), null=True, blank=True)
    gap = models.DecimalField(_("brecha al máximo"), max_digits=4, decimal_places=1, null=True, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("puesto en el grupo par")
        verbose_name_plural = _("puestos en el grupo par")
        constraints = [
            models.UniqueConstraint(fields=["subject", "vigencia", "code"], name="unique_peer_rank"),
        ]
        indexes = [
            # Covering index of the ranking pages (every column read is a key column: SQLite and
            # PostgreSQL both answer a page with an index-only range scan). A grupo par's ranking scans the
            # vigencia's IDI rows of this index (5,400 at national scale, timed by `make bench`): a second
            # index for it made every import's statistics a third slower.
            models.Index(
                fields=["vigencia", "code", "position", "subject", "value", "national_rank"],
                name="peer_rank_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vigencia} {self.code} {self.subject_id} #{self.national_rank}"
