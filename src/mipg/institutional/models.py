"""Institucionalidad: committees with their legal acts and seats, sessions with attendance and quorum,
decisions with votes, commitments with follow-up, and versioned actas."""

import math

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mipg.core.limits import COMMENT_TEXT, LONG_TEXT, text_limit
from mipg.core.validators import reasonable_date
from mipg.organizations.models import ScopedModel


class RuleKind(models.TextChoices):
    HALF_PLUS_ONE = "mitad_mas_uno", _("Mitad más uno")
    SHARE = "porcentaje", _("Porcentaje mínimo")
    FIXED = "fijo", _("Número fijo")


def required_count(kind: str, value, base: int) -> int:
    """How many (voting members present, votes for) a rule requires out of `base`."""
    if kind == RuleKind.FIXED:
        return int(value or 0)
    if kind == RuleKind.SHARE:
        return math.ceil(base * float(value or 0) / 100)
    return base // 2 + 1


class Committee(ScopedModel):
    class Kind(models.TextChoices):
        SECTORIAL = "sectorial", _("Comité Sectorial de Gestión y Desempeño")
        INSTITUTIONAL = "institucional", _("Comité Institucional de Gestión y Desempeño")
        INTERNAL_CONTROL = "control_interno", _("Comité Institucional de Coordinación de Control Interno")
        OTHER = "otro", _("Otro comité o subcomité")

    class Frequency(models.IntegerChoices):
        MONTHLY = 12, _("Mensual")
        BIMONTHLY = 6, _("Bimestral")
        QUARTERLY = 4, _("Trimestral")
        SEMIANNUAL = 2, _("Semestral")
        ANNUAL = 1, _("Anual")

    entity = models.ForeignKey(
        "organizations.Entity", on_delete=models.PROTECT, related_name="committees", verbose_name=_("entidad")
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nombre"), max_length=250)
    functions = models.TextField(_("funciones"), blank=True, **text_limit(LONG_TEXT))
    sessions_per_year = models.PositiveSmallIntegerField(
        _("frecuencia de sesiones"), choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    quorum_kind = models.CharField(
        _("regla de quórum"), max_length=20, choices=RuleKind.choices, default=RuleKind.HALF_PLUS_ONE
    )
    quorum_value = models.DecimalField(
        _("valor de la regla de quórum"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_(
            "Porcentaje de los miembros con voto (regla de porcentaje) o número de miembros (número fijo)."
        ),
    )
    majority_kind = models.CharField(
        _("regla de mayoría"), max_length=20, choices=RuleKind.choices, default=RuleKind.HALF_PLUS_ONE
    )
    majority_value = models.DecimalField(
        _("valor de la regla de mayoría"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Se aplica sobre los miembros con voto presentes."),
    )
    is_active = models.BooleanField(_("activo"), default=True)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        ordering = ["entity__path", "name"]
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="unique_committee_name")]

    def __str__(self) -> str:
        return self.name

    def rule_text(self, kind: str, value) -> str:
        if kind == RuleKind.FIXED:
            return _("%(n)s miembros con voto") % {"n": int(value or 0)}
        if kind == RuleKind.SHARE:
            return _("%(p)s %% de los miembros con voto") % {"p": value}
        return str(RuleKind.HALF_PLUS_ONE.label)

    @property
    def quorum_text(self) -> str:
        return self.rule_text(self.quorum_kind, self.quorum_value)

    @property
    def majority_text(self) -> str:
        return self.rule_text(self.majority_kind, self.majority_value)


class CommitteeAct(ScopedModel):
    """A legal act (resolución, decreto...) that creates, modifies or repeals a committee's rules."""

    scope_entity_lookup = "committee__entity"

    class ActType(models.TextChoices):
        RESOLUTION = "resolucion", _("Resolución")
        DECREE = "decreto", _("Decreto")
        AGREEMENT = "acuerdo", _("Acuerdo")
        CIRCULAR = "circular", _("Circular")
        OTHER = "otro", _("Otro")

    class Effect(models.TextChoices):
        CREATES = "crea", _("Crea")
        MODIFIES = "modifica", _("Modifica")
        REPEALS = "deroga", _("Deroga")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="acts", verbose_name=_("comité")
    )
    act_type = models.CharField(_("tipo de acto"), max_length=20, choices=ActType.choices)
    number = models.CharField(_("número"), max_length=30)
    date = models.DateField(_("fecha"), validators=[reasonable_date])
    issuer = models.CharField(_("expedido por"), max_length=200)
    effect = models.CharField(_("efecto"), max_length=10, choices=Effect.choices, default=Effect.CREATES)
    affects = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affected_by",
        verbose_name=_("acto que modifica o deroga"),
    )
    summary = models.TextField(_("objeto"), blank=True, **text_limit(LONG_TEXT))
    file = models.FileField(_("archivo PDF"), upload_to="committee_acts/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("acto de creación o reglamentación")
        verbose_name_plural = _("actos de creación o reglamentación")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_act_type_display()} {self.number} de {self.date.year}"


class Seat(ScopedModel):
    """A position in a committee; it outlives the people who hold it."""

    scope_entity_lookup = "committee__entity"

    class Role(models.TextChoices):
        PRESIDENCY = "presidencia", _("Presidencia")
        SECRETARY = "secretaria", _("Secretaría técnica")
        MEMBER = "miembro", _("Miembro con voto")
        GUEST = "invitado", _("Invitado permanente sin voto")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="seats", verbose_name=_("comité")
    )
    role = models.CharField(_("rol en el comité"), max_length=20, choices=Role.choices)
    title = models.CharField(_("cargo"), max_length=250)
    has_vote = models.BooleanField(_("tiene voto"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("puesto en el comité")
        verbose_name_plural = _("puestos en el comité")
        ordering = ["committee", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "title"], name="unique_seat_title")]

    def __str__(self) -> str:
        return self.title


class SeatHolding(ScopedModel):
    scope_entity_lookup = "seat__committee__entity"

    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, related_name="holdings", verbose_name=_("puesto")
    )
    person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        related_name="seat_holdings",
        verbose_name=_("persona"),
    )
    start = models.DateField(_("desde"), validators=[reasonable_date])
    end = models.DateField(_("hasta"), null=True, blank=True, validators=[reasonable_date])

    class Meta:
        verbose_name = _("ocupación de un puesto")
        verbose_name_plural = _("ocupaciones de puestos")
        ordering = ["seat", "-start"]

    def __str__(self) -> str:
        return f"{self.seat} – {self.person.full_name}"

    def covers(self, day) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class Session(ScopedModel):
    scope_entity_lookup = "committee__entity"

    class Kind(models.TextChoices):
        ORDINARY = "ordinaria", _("Ordinaria")
        EXTRAORDINARY = "extraordinaria", _("Extraordinaria")

    class Status(models.TextChoices):
        SCHEDULED = "programada", _("Programada")
        CONVENED = "convocada", _("Convocada")
        HELD = "realizada", _("Realizada")
        CANCELLED = "cancelada", _("Cancelada")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("comité")
    )
    kind = models.CharField(_("tipo de sesión"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    starts_at = models.DateTimeField(_("fecha y hora"), validators=[reasonable_date])
    place = models.CharField(_("lugar"), max_length=250, blank=True)
    virtual_link = models.URLField(_("enlace virtual"), max_length=500, blank=True)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    convened_at = models.DateTimeField(_("convocada el"), null=True, blank=True)
    # SEQUENCE of the session's calendar invitation: raised by each new convocation and by cancellation,
    # so calendars replace the event they already hold (mipg/inbox/calendar.py).
    ics_sequence = models.PositiveIntegerField(_("versión de la invitación"), default=0, editable=False)
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesión de comité")
        verbose_name_plural = _("sesiones de comité")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return _("Sesión %(kind)s del %(date)s – %(committee)s") % {
            "kind": self.get_kind_display().lower(),
            "date": local.strftime("%d/%m/%Y"),
            "committee": self.committee.name,
        }

    @property
    def day(self):
        return timezone.localdate(self.starts_at)


class AgendaItem(ScopedModel):
    scope_entity_lookup = "session__committee__entity"

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("sesión")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    title = models.CharField(_("tema"), max_length=300)
    development = models.TextField(_("desarrollo"), blank=True, **text_limit(LONG_TEXT))
    is_follow_up = models.BooleanField(_("seguimiento a compromisos"), default=False)
    dimension = models.ForeignKey(
        "catalog.Dimension",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimensión"),
    )
    policy = models.ForeignKey(
        "catalog.Policy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("política"),
    )

    class Meta:
        verbose_name = _("punto del orden del día")
        verbose_name_plural = _("orden del día")
        ordering = ["session", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(ScopedModel):
    scope_entity_lookup = "session__committee__entity"

    class Status(models.TextChoices):
        PRESENT = "presente", _("Presente")
        DELEGATED = "delegado", _("Representado por delegado")
        EXCUSED = "excusado", _("Excusado")
        ABSENT = "ausente", _("Ausente")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("sesión")
    )
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+", verbose_name=_("puesto"))
    person = models.ForeignKey(
        "organizations.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("miembro")
    )
    status = models.CharField(_("asistencia"), max_length=10, choices=Status.choices)
    delegate = models.CharField(_("delegado (nombre y cargo)"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        constraints = [models.UniqueConstraint(fields=["session", "seat"], name="unique_attendance_seat")]

    def __str__(self) -> str:
        return f"{self.person.full_name}: {self.get_status_display()}"

    @property
    def counts(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.DELEGATED)


class Decision(ScopedModel):
    scope_entity_lookup = "session__committee__entity"

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("sesión")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("punto del orden del día"),
    )
    text = models.TextField(_("decisión"), **text_limit(LONG_TEXT))
    votes_for = models.PositiveSmallIntegerField(_("votos a favor"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votos en contra"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstenciones"), default=0)
    approved = models.BooleanField(_("aprobada"), default=False)
    created_at = models.DateTimeField(_("registrada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("decisión")
        verbose_name_plural = _("decisiones")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Commitment(ScopedModel):
    scope_entity_lookup = "session__committee__entity"

    class Status(models.TextChoices):
        OPEN = "abierto", _("Abierto")
        CLOSED = "cerrado", _("Cumplido")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("sesión")
    )
    description = models.TextField(_("compromiso"), **text_limit(LONG_TEXT))
    responsible = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        related_name="committee_commitments",
        verbose_name=_("responsable"),
    )
    dependencia = models.ForeignKey(
        "organizations.Dependencia",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia"),
    )
    due_date = models.DateField(_("fecha límite"), validators=[reasonable_date])
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True)
    closing_note = models.TextField(_("observación de cierre"), blank=True, **text_limit(COMMENT_TEXT))
    evidence = models.ManyToManyField(
        "core.Evidence", blank=True, related_name="+", verbose_name=_("evidencias")
    )
    created_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date < timezone.localdate()

    @property
    def status_code(self) -> str:
        if self.status == self.Status.CLOSED:
            return "done"
        return "overdue" if self.is_overdue else "pending"

    @property
    def status_label(self) -> str:
        if self.is_overdue:
            return str(_("Vencido"))
        return self.get_status_display()


class CommitmentNote(ScopedModel):
    scope_entity_lookup = "commitment__session__committee__entity"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="notes", verbose_name=_("compromiso")
    )
    text = models.TextField(_("seguimiento"), **text_limit(LONG_TEXT))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("nota de seguimiento")
        verbose_name_plural = _("notas de seguimiento")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Acta(ScopedModel):
    """The minutes of a session. Numbered per committee and year; each correction is a new version."""

    scope_entity_lookup = "session__committee__entity"

    class Status(models.TextChoices):
        DRAFT = "borrador", _("Borrador")
        APPROVED = "aprobada", _("Aprobada")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="actas", verbose_name=_("sesión")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name=_("comité")
    )
    year = models.PositiveSmallIntegerField(_("año"))
    number = models.PositiveIntegerField(_("número"))
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("proposiciones y varios"), blank=True, **text_limit(LONG_TEXT))
    correction_reason = models.TextField(_("motivo de la corrección"), blank=True, **text_limit(COMMENT_TEXT))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("elaborada por")
    )
    created_at = models.DateTimeField(_("elaborada el"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aprobada por"),
    )
    approved_at = models.DateTimeField(_("aprobada el"), null=True, blank=True)
    pdf = models.FileField(_("PDF aprobado"), upload_to="actas/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 del PDF"), max_length=64, blank=True)
    # SHA-256 of the acta's canonical data at approval (selectors.acta_canonical), printed in its PDF:
    # anyone can recompute it from the data and compare (issue 11 item 14).
    content_sha256 = models.CharField(_("SHA-256 del contenido aprobado"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("acta")
        verbose_name_plural = _("actas")
        ordering = ["session", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["session", "version"], name="unique_acta_version"),
            models.UniqueConstraint(
                fields=["committee", "year", "number", "version"], name="unique_acta_number_version"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        text = _("Acta No. %(n)02d de %(y)s") % {"n": self.number, "y": self.year}
        if self.version > 1:
            text += " " + str(_("(versión %(v)s)") % {"v": self.version})
        return text

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
