"""Questionnaires (FURAG, autodiagnósticos) as versioned reference data, and the answer campaigns of
each entity with their per-question scores and incrementally kept aggregates."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, LONG_TEXT, text_limit
from mipg.core.validators import non_negative, reasonable_date, reasonable_year
from mipg.organizations.models import ScopedModel, ScopedQuerySet


class ReferenceQuerySet(models.QuerySet):
    """Questionnaires are global reference data: every signed-in user reads them."""

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


class Questionnaire(models.Model):
    class Kind(models.TextChoices):
        FURAG = "furag", _("FURAG")
        SELF_ASSESSMENT = "autodiagnostico", _("Autodiagnóstico")
        # Control interno's semiannual SCI evaluation (mipg.control): its campaigns are opened and answered by
        # control interno, never reviewed by planeación, and kept out of planning's lists (permissions.py).
        CI_EVALUATION = "evaluacion_sci", _("Evaluación SCI")

    name = models.CharField(_("nombre"), max_length=200)
    version = models.CharField(_("versión"), max_length=40, blank=True)
    kind = models.CharField(_("clase"), max_length=20, choices=Kind.choices, default=Kind.FURAG)
    description = models.TextField(_("descripción"), blank=True, **text_limit(LONG_TEXT))
    builtin_code = models.SlugField(
        _("código de biblioteca"),
        max_length=80,
        blank=True,
        help_text=_("Solo para los cuestionarios incluidos como YAML en el repositorio."),
    )
    source_file = models.CharField(_("archivo de origen"), max_length=250, blank=True)
    question_count = models.PositiveIntegerField(_("número de preguntas"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importado por"),
    )
    created_at = models.DateTimeField(_("importado el"), auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuestionario")
        verbose_name_plural = _("cuestionarios")
        ordering = ["name", "version", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})" if self.version else self.name

    @property
    def scope_entity_id(self):
        return None


class Module(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="modules", verbose_name=_("cuestionario")
    )
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=250)
    order = models.PositiveIntegerField(_("orden"), default=0)
    policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política"),
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("módulo")
        verbose_name_plural = _("módulos")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="unique_module_name"),
        ]

    def __str__(self) -> str:
        return self.name


class QuestionType(models.TextChoices):
    SINGLE = "seleccion_unica", _("Selección única")
    MULTIPLE = "seleccion_multiple", _("Selección múltiple")
    MULTIPLE_NUMERIC = "seleccion_multiple_numerica", _("Selección múltiple numérica")
    NUMBER = "abierta_numerica", _("Abierta numérica")
    TEXT = "abierta_texto", _("Abierta texto")
    MATRIX = "matricial", _("Matricial")
    SCALE = "escala", _("Escala 0-100")

    @classmethod
    def with_options(cls) -> set[str]:
        return {cls.SINGLE, cls.MULTIPLE, cls.MULTIPLE_NUMERIC, cls.MATRIX}


class Question(models.Model):
    class AppliesTo(models.TextChoices):
        ALL = "todas", _("Todas")
        NATIONAL = "nacional", _("Nacional")
        TERRITORIAL = "territorial", _("Territorial")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("cuestionario")
    )
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="questions", verbose_name=_("módulo")
    )
    code = models.CharField(_("código"), max_length=40)
    text = models.TextField(_("pregunta"), **text_limit(COMMENT_TEXT))
    qtype = models.CharField(_("tipo"), max_length=30, choices=QuestionType.choices)
    order = models.PositiveIntegerField(_("orden"), default=0)
    evidence_required = models.BooleanField(_("exige evidencia"), default=False)
    policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política"),
    )
    applies_to = models.CharField(
        _("aplica a"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("condicionada a la pregunta"),
    )
    condition_options = models.JSONField(_("opciones que la habilitan"), default=list, blank=True)
    has_dependents = models.BooleanField(_("habilita otras preguntas"), default=False)
    component = models.CharField(_("componente"), max_length=200, blank=True)
    category = models.CharField(_("categoría"), max_length=200, blank=True)
    whole_number = models.BooleanField(
        _("solo números enteros"),
        default=False,
        help_text=_(
            "En las preguntas numéricas que cuentan (personas, contratos) no se aceptan decimales. Se deduce "
            "del texto al importar («¿Cuántos…?», «número de…»)."
        ),
    )

    # FURAG fidelity (docs/guia-cuestionarios.md): matrix columns, numeric ranges, applicability rule.
    columns = models.JSONField(
        _("columnas de la matriz"),
        default=list,
        blank=True,
        help_text=_("Las opciones que toma cada fila; vacío = Sí, No, No aplica."),
    )
    column_points = models.JSONField(_("puntos por columna"), default=list, blank=True)
    minimum = models.DecimalField(
        _("mínimo"), max_digits=18, decimal_places=4, null=True, blank=True, validators=[non_negative]
    )
    maximum = models.DecimalField(
        _("máximo"), max_digits=18, decimal_places=4, null=True, blank=True, validators=[non_negative]
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimales"), null=True, blank=True, validators=[MaxValueValidator(4)]
    )
    applicability = models.CharField(
        _("aplica si"),
        max_length=500,
        blank=True,
        help_text=_("Regla sobre el perfil de la entidad, p. ej. «orden = territorial y grupo en (A, B)»."),
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_question_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    @property
    def effective_policy(self):
        return self.policy or self.module.policy

    def matrix_columns(self) -> list:
        """The columns each row of a matrix question takes (key, label, points, «no aplica»)."""
        from .scoring import matrix_columns

        return matrix_columns(self.columns, self.column_points)

    def number_rules(self) -> tuple[int, Decimal, Decimal | None]:
        """(decimals, minimum, maximum) an open numeric, numeric multiple choice or scale answer obeys."""
        decimals = self.decimals if self.decimals is not None else (0 if self.whole_number else 4)
        minimum = self.minimum if self.minimum is not None else Decimal(0)
        maximum = self.maximum
        if self.qtype == QuestionType.SCALE:
            maximum = min(maximum, Decimal(100)) if maximum is not None else Decimal(100)
        return decimals, minimum, maximum


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("pregunta")
    )
    order = models.PositiveIntegerField(_("orden"), default=0)
    text = models.CharField(_("texto"), max_length=500)
    points = models.DecimalField(_("puntos"), max_digits=8, decimal_places=2, null=True, blank=True)
    is_exclusive = models.BooleanField(_("excluyente"), default=False)
    asks_free_text = models.BooleanField(_("pide texto libre"), default=False)
    is_not_applicable = models.BooleanField(_("«no aplica»"), default=False)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")
        ordering = ["question", "order"]

    def __str__(self) -> str:
        return self.text


class SectorCampaign(ScopedModel):
    """One campaign for every entity of a sector, launched from the sector head (consolidated view)."""

    scope_entity_lookup = "head_entity"

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="+", verbose_name=_("cuestionario")
    )
    sector = models.ForeignKey(
        "organizations.Sector", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    head_entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.PROTECT, related_name="+", verbose_name=_("cabeza de sector")
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), validators=[reasonable_year])
    deadline = models.DateField(_("fecha límite"), validators=[reasonable_date])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaña sectorial")
        verbose_name_plural = _("campañas sectoriales")
        ordering = ["-vigencia", "-pk"]

    def __str__(self) -> str:
        return f"{self.questionnaire} – {self.sector} – {self.vigencia}"


class CampaignQuerySet(ScopedQuerySet):
    def for_planning(self):
        """Campaigns planeación works on (FURAG, autodiagnósticos), without the SCI evaluations."""
        return self.exclude(questionnaire__kind=Questionnaire.Kind.CI_EVALUATION)


class Campaign(ScopedModel):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("cuestionario")
    )
    entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.PROTECT, related_name="+", verbose_name=_("entidad")
    )
    vigencia = models.PositiveSmallIntegerField(_("vigencia"), validators=[reasonable_year])
    deadline = models.DateField(_("fecha límite"), validators=[reasonable_date])
    sector_campaign = models.ForeignKey(
        SectorCampaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("campaña sectorial"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    # Campaigns of the SCI evaluation: two per vigencia (semester 1 or 2) and closed once signed.
    period = models.PositiveSmallIntegerField(
        _("periodo"), default=0, help_text=_("0 para una campaña anual; 1 o 2 para el semestre.")
    )
    closed_at = models.DateTimeField(_("cerrada el"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        ordering = ["-vigencia", "entity__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "entity", "vigencia", "period"], name="unique_campaign_per_period"
            )
        ]

    def __str__(self) -> str:
        label = f"{self.questionnaire} – {self.entity.acronym or self.entity.name} – {self.vigencia}"
        return f"{label} ({_('semestre')} {self.period})" if self.period else label


class AnswerQuerySet(ScopedQuerySet):
    pass


class Answer(ScopedModel):
    scope_entity_lookup = "campaign__entity"

    class Status(models.TextChoices):
        PENDING = "pendiente", _("Pendiente")
        ANSWERED = "respondida", _("Respondida")
        REVIEWED = "revisada", _("Revisada por planeación")
        VERIFIED = "verificada", _("Verificada por control interno")
        RETURNED = "devuelta", _("Devuelta con observación")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="answers", verbose_name=_("campaña")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("pregunta")
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    applicable = models.BooleanField(
        _("aplica"), default=True, help_text=_("Falso mientras la condición de la pregunta no se cumpla.")
    )
    choices = models.JSONField(_("opciones elegidas"), default=list, blank=True)
    values = models.JSONField(_("valores por opción"), default=dict, blank=True)
    number = models.DecimalField(
        _("valor numérico"), max_digits=18, decimal_places=4, null=True, blank=True, validators=[non_negative]
    )
    text = models.TextField(_("respuesta abierta"), blank=True, **text_limit(LONG_TEXT))
    free_text = models.CharField(_("texto de «otros»"), max_length=500, blank=True)
    justification = models.TextField(_("justificación"), blank=True, **text_limit(LONG_TEXT))
    not_applicable = models.BooleanField(_("respondida «no aplica»"), default=False)
    score = models.DecimalField(
        _("estimación interna"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    is_answered = models.BooleanField(_("tiene respuesta"), default=False)
    assigned_dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia asignada"),
    )
    assigned_person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona asignada"),
    )
    observation = models.TextField(_("observación de devolución"), blank=True, **text_limit(COMMENT_TEXT))
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="questionnaire_answers", verbose_name=_("evidencias")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisada por"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verificada por"),
    )
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")
        ordering = ["campaign", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "question"], name="unique_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code} – {self.campaign}"


class ScoreAggregate(ScopedModel):
    """Running sums of one campaign per module, policy, dimension and in total; updated with F()
    expressions on every save so the estimate never needs a full recompute."""

    scope_entity_lookup = "campaign__entity"

    class Kind(models.TextChoices):
        MODULE = "module", _("Módulo")
        POLICY = "policy", _("Política")
        DIMENSION = "dimension", _("Dimensión")
        TOTAL = "total", _("Total")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="aggregates", verbose_name=_("campaña")
    )
    key = models.CharField(_("clave"), max_length=30)
    kind = models.CharField(_("nivel"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("nombre"), max_length=250)
    order = models.PositiveIntegerField(_("orden"), default=0)
    applicable_count = models.PositiveIntegerField(_("preguntas que aplican"), default=0)
    answered_count = models.PositiveIntegerField(_("preguntas respondidas"), default=0)
    scored_count = models.PositiveIntegerField(_("preguntas puntuadas"), default=0)
    score_sum = models.DecimalField(_("suma de puntajes"), max_digits=12, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("agregado de estimación interna")
        verbose_name_plural = _("agregados de estimación interna")
        ordering = ["campaign", "kind", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="unique_aggregate_key")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.key}"

    @property
    def estimate(self):
        from .scoring import mean

        return mean(self.score_sum, self.scored_count)

    @property
    def progress(self) -> int:
        if not self.applicable_count:
            return 0
        return round(100 * self.answered_count / self.applicable_count)
