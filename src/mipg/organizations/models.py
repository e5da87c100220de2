"""Sector -> entity -> dependencia tree, people with their positions, and roles over entities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import Role, entity_role_assignments, is_system_admin


class ScopedQuerySet(models.QuerySet):
    """Every scoped model names the path to its entity in `scope_entity_lookup` (e.g. "committee__entity").
    `for_user` is the only way lists of domain data are built."""

    def for_user(self, user):
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


class Sector(models.Model):
    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    head_entity = models.ForeignKey(
        "Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cabeza de sector"),
    )
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    class Meta:
        verbose_name = _("sector administrativo")
        verbose_name_plural = _("sectores administrativos")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EntityQuerySet(models.QuerySet):
    def visible_to(self, user, *, roles=None):
        """The one gate: entities on which the user holds a role (directly or through a subtree grant);
        with `roles`, only through those roles (a system administrator still sees every entity)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_system_admin(user):
            return self
        condition = Q(pk__in=[])
        for assignment in entity_role_assignments(user):  # national roles open no entity
            if roles is not None and assignment.role not in roles:
                continue
            if assignment.include_subtree:
                condition |= Q(path__startswith=assignment.entity.path)
            else:
                condition |= Q(pk=assignment.entity_id)
        return self.filter(condition)

    def for_user(self, user):
        return self.visible_to(user)


class Entity(models.Model):
    class Order(models.TextChoices):
        NATIONAL = "nacional", _("Nacional")
        TERRITORIAL = "territorial", _("Territorial")

    name = models.CharField(_("nombre"), max_length=250)
    acronym = models.CharField(_("sigla"), max_length=40, blank=True)
    sigep_code = models.CharField(_("código SIGEP"), max_length=20, unique=True)
    nit = models.CharField(_("NIT"), max_length=20, blank=True)
    order = models.CharField(_("orden"), max_length=12, choices=Order.choices, default=Order.NATIONAL)
    legal_nature = models.CharField(_("naturaleza jurídica"), max_length=150, blank=True)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        verbose_name=_("sector"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("entidad superior"),
        help_text=_("La cabeza del sector o la entidad a la que está adscrita o vinculada."),
    )
    peer_group = models.CharField(_("grupo par"), max_length=120, blank=True)
    reports_meci_only = models.BooleanField(
        _("reporta solo MECI"),
        default=False,
        help_text=_("La entidad diligencia solo el componente de control interno (MECI) del FURAG."),
    )
    # Materialized path ("/3/17/") so that subtree grants are one indexed prefix query.
    path = models.CharField(_("ruta"), max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(
        _("activa"),
        default=True,
        help_text=_("Una entidad desactivada conserva su historia, pero no recibe nuevas asignaciones."),
    )
    is_demo = models.BooleanField(_("dato de demostración"), default=False)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entidad")
        verbose_name_plural = _("entidades")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_entity_id(self):
        return self.pk

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"


class Dependencia(ScopedModel):
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="dependencias", verbose_name=_("entidad")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("dependencia superior"),
    )
    code = models.CharField(_("código"), max_length=30, blank=True)
    name = models.CharField(_("nombre"), max_length=200)

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ["entity", "name"]
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="unique_dependencia_name")]

    def __str__(self) -> str:
        return self.name


class Person(ScopedModel):
    """Someone who acts in MIPG (committee member, policy leader, respondent); may have a user account."""

    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="people", verbose_name=_("entidad")
    )
    full_name = models.CharField(_("nombre completo"), max_length=200)
    position = models.CharField(_("cargo"), max_length=200, blank=True)
    dependencia = models.ForeignKey(
        Dependencia,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("dependencia"),
    )
    email = models.EmailField(_("correo electrónico"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("usuario"),
    )

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.position}" if self.position else self.full_name


class RoleAssignmentQuerySet(ScopedQuerySet):
    pass


class RoleAssignment(ScopedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mipg_roles",
        verbose_name=_("usuario"),
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("entidad")
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    include_subtree = models.BooleanField(
        _("incluye entidades subordinadas"),
        default=False,
        help_text=_("El rol se extiende a todas las entidades bajo esta (p. ej. todo el sector)."),
    )
    granted_at = models.DateTimeField(_("otorgado el"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("asignación de rol")
        verbose_name_plural = _("asignaciones de rol")
        constraints = [
            models.UniqueConstraint(fields=["user", "entity", "role"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        scope = _(" y subordinadas") if self.include_subtree else ""
        return f"{self.user} – {self.get_role_display()} – {self.entity}{scope}"


class InvitationQuerySet(ScopedQuerySet):
    pass


class Invitation(ScopedModel):
    """A one-time link, sent by e-mail, with which an invited person sets the password of their account.
    Only a SHA-256 digest of the link's secret is stored; it expires and can be used once."""

    scope_entity_lookup = "person__entity"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("persona")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mipg_invitations",
        verbose_name=_("usuario"),
    )
    email = models.EmailField(_("correo electrónico"))
    token_digest = models.CharField(_("resumen del enlace"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("enviada el"), auto_now_add=True)
    expires_at = models.DateTimeField(_("vence el"))
    accepted_at = models.DateTimeField(_("aceptada el"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("anulada el"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitada por"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})" if self.created_at else self.email

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return "aceptada"
        if self.revoked_at:
            return "anulada"
        if self.expires_at <= timezone.now():
            return "vencida"
        return "pendiente"
