"""Writes on the organization tree, people, user accounts, invitations and role grants. Every write
checks the actor's administration scope (mipg/organizations/roles.py) and records a domain event."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import acting_as, model_snapshot, record_event, service

from .models import Dependencia, Entity, Invitation, Person, RoleAssignment
from .roles import (
    Role,
    can_administer,
    can_administer_subtree,
    can_grant,
    forget_roles,
    is_system_admin,
)


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


# ---------------------------------------------------------------- entities


@service
def entity_save(*, user, entity: Entity) -> Entity:
    """Create or update an entity, keeping the materialized paths of its subtree right."""
    if entity.parent_id and entity.pk and entity.parent.path.startswith(entity.path or "\0"):
        raise ValidationError(_("Una entidad no puede quedar bajo sí misma ni bajo una subordinada suya."))
    old_path = entity.path
    entity.full_clean(exclude=["path"])
    entity.save()
    new_path = entity.compute_path()
    if new_path != old_path:
        Entity.objects.filter(pk=entity.pk).update(path=new_path)
        entity.path = new_path
        if old_path:
            for child in Entity.objects.filter(path__startswith=old_path).exclude(pk=entity.pk):
                child.path = new_path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
    return entity


ENTITY_FIELDS = (
    "name",
    "acronym",
    "sigep_code",
    "nit",
    "order",
    "legal_nature",
    "sector",
    "parent",
    "peer_group",
)


@service
def entity_create(*, user, **fields) -> Entity:
    """A new entity below one whose whole subtree the user administers (a root entity: system admin)."""
    parent = fields.get("parent")
    if parent is None:
        _require(
            is_system_admin(user), _("Solo el administrador del sistema crea entidades sin entidad superior.")
        )
    else:
        _require(
            can_administer_subtree(user, parent),
            _("Solo puede crear entidades bajo una entidad cuyas subordinadas administre."),
        )
    entity = Entity(**{name: value for name, value in fields.items() if name in ENTITY_FIELDS})
    if parent is not None and entity.sector_id is None:
        entity.sector_id = parent.sector_id
    entity_save(user=user, entity=entity)
    record_event(user=_actor(user), obj=entity, verb="entidad creada", data=model_snapshot(entity))
    return entity


@service
def entity_update(*, user, entity: Entity, **fields) -> Entity:
    """Edit an entity's data; a new parent moves it with its whole subtree (both places in scope)."""
    _require(can_administer(user, entity), _("No administra esta entidad."))
    before = model_snapshot(entity)
    new_parent = fields.get("parent", entity.parent)
    if (new_parent.pk if new_parent else None) != entity.parent_id:
        _require(
            can_administer_subtree(user, entity)
            and (new_parent is not None or is_system_admin(user))
            and (new_parent is None or can_administer_subtree(user, new_parent)),
            _("Para mover una entidad debe administrar su subárbol y el de la nueva entidad superior."),
        )
    for name, value in fields.items():
        if name in ENTITY_FIELDS:
            setattr(entity, name, value)
    entity_save(user=user, entity=entity)
    after = model_snapshot(entity)
    changed = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    verb = "entidad movida" if "parent_id" in changed else "entidad modificada"
    record_event(user=_actor(user), obj=entity, verb=verb, data=changed)
    return entity


@service
def entity_set_active(*, user, entity: Entity, active: bool) -> Entity:
    _require(can_administer(user, entity), _("No administra esta entidad."))
    if entity.is_active != active:
        entity.is_active = active
        entity.save(update_fields=["is_active"])
        record_event(
            user=_actor(user), obj=entity, verb="entidad reactivada" if active else "entidad desactivada"
        )
    return entity


# ---------------------------------------------------------------- dependencias and people


@service
def dependencia_save(*, user, dependencia: Dependencia) -> Dependencia:
    _require(can_administer(user, dependencia.entity), _("No administra esta entidad."))
    if dependencia.parent_id and dependencia.parent.entity_id != dependencia.entity_id:
        raise ValidationError({"parent": _("La dependencia superior debe ser de la misma entidad.")})
    created = dependencia.pk is None
    dependencia.full_clean()
    dependencia.save()
    record_event(
        user=_actor(user),
        obj=dependencia,
        verb="dependencia creada" if created else "dependencia modificada",
        data=model_snapshot(dependencia),
    )
    return dependencia


@service
def person_save(*, user, person: Person) -> Person:
    """Create or update a person (cargo, dependencia, e-mail) of an entity the user administers."""
    _require(can_administer(user, person.entity), _("No administra esta entidad."))
    if person.pk:
        original = Person.objects.select_related("entity").get(pk=person.pk)
        _require(can_administer(user, original.entity), _("No administra esta entidad."))
    if person.dependencia_id and person.dependencia.entity_id != person.entity_id:
        raise ValidationError(
            {"dependencia": _("La dependencia debe ser de la misma entidad de la persona.")}
        )
    person.email = (person.email or "").strip().lower()
    if (
        person.email
        and Person.objects.filter(entity=person.entity, email__iexact=person.email)
        .exclude(pk=person.pk)
        .exists()
    ):
        raise ValidationError({"email": _("Ya hay una persona con este correo en la entidad.")})
    created = person.pk is None
    person.full_clean()
    person.save()
    record_event(
        user=_actor(user),
        obj=person,
        verb="persona creada" if created else "persona modificada",
        data=model_snapshot(person),
    )
    return person


# ---------------------------------------------------------------- user accounts


def can_manage_account(user, target) -> bool:
    """An administrator manages the account of a person of an entity they administer (or, without a
    person, an account whose every role they may grant); never their own, never a system administrator's
    (unless they are one)."""
    if not getattr(user, "is_authenticated", False) or target is None:
        return False
    if is_system_admin(user):
        return target.pk != user.pk
    if target.pk == user.pk or is_system_admin(target):
        return False
    person = Person.objects.filter(user=target).select_related("entity").first()
    if person is not None:
        return can_administer(user, person.entity)
    # An account without a person record: managed by whoever may grant (and revoke) every role it holds.
    grants = list(RoleAssignment.objects.filter(user=target).select_related("entity"))
    return bool(grants) and all(
        can_grant(user, grantee=target, entity=a.entity, role=a.role, include_subtree=a.include_subtree)
        for a in grants
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_ttl() -> timedelta:
    return timedelta(hours=getattr(settings, "MIPG_INVITATION_TTL_HOURS", 72))


@service
def person_invite(*, user, person: Person, base_url: str) -> tuple[Invitation, str]:
    """Give the person an account (user name: their e-mail) without a password and e-mail them a
    one-time, expiring link to choose it. Earlier pending invitations of the person are annulled."""
    _require(can_administer(user, person.entity), _("No administra esta entidad."))
    email = (person.email or "").strip().lower()
    if not email:
        raise ValidationError(
            {"email": _("Registre el correo electrónico de la persona antes de invitarla.")}
        )
    User = get_user_model()
    account = person.user
    if account is None:
        account = User.objects.filter(username__iexact=email).first()
        if account is not None and Person.objects.filter(user=account).exclude(pk=person.pk).exists():
            raise ValidationError(
                {"email": _("El usuario %(username)s ya pertenece a otra persona.") % {"username": email}}
            )
        if account is not None and (account.has_usable_password() or is_system_admin(account)):
            raise ValidationError(
                {"email": _("Ya existe una cuenta con este correo; asígnela a la persona.")}
            )
        if account is None:
            first, _sep, last = person.full_name.partition(" ")
            account = User(username=email, email=email, first_name=first[:150], last_name=last[:150])
            account.set_unusable_password()
            account.full_clean()
            account.save()
        person.user = account
        person.save(update_fields=["user"])
    else:
        _require(can_manage_account(user, account), _("No puede administrar esta cuenta."))
        if account.has_usable_password():
            raise ValidationError(_("La persona ya tiene una cuenta con contraseña; no necesita invitación."))
    if not account.is_active:
        raise ValidationError(_("La cuenta está desactivada: reactívela antes de invitar."))
    now = timezone.now()
    Invitation.objects.filter(person=person, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        person=person,
        user=account,
        email=email,
        token_digest=_digest(token),
        expires_at=now + _invitation_ttl(),
        invited_by=_actor(user),
    )
    invitation.full_clean()
    invitation.save()
    record_event(
        user=_actor(user),
        obj=person,
        verb="persona invitada",
        description=_("Invitación enviada a %(email)s; vence %(expiry)s.")
        % {"email": email, "expiry": f"{timezone.localtime(invitation.expires_at):%Y-%m-%d %H:%M}"},
        data={"email": email, "invitation": invitation.pk},
    )
    link = base_url.rstrip("/") + f"/entidades/invitacion/{token}/"
    _send_invitation(invitation, link)
    return invitation, token


def _send_invitation(invitation: Invitation, link: str) -> None:
    from django.core.mail import EmailMultiAlternatives

    context = {
        "person": invitation.person,
        "username": invitation.user.get_username(),
        "link": link,
        "hours": int(_invitation_ttl().total_seconds() // 3600),
        "entity": invitation.person.entity,
    }
    subject = _("Invitación al Gestor MIPG")
    text = render_to_string("organizations/invitation_email.txt", context)
    html = render_to_string("organizations/invitation_email.html", context)

    def send():
        message = EmailMultiAlternatives(subject, text, to=[invitation.email])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)


def invitation_for_token(token: str) -> Invitation | None:
    """The pending, unexpired invitation of a link's secret, or None (used, annulled, expired, unknown)."""
    invitation = (
        Invitation.objects.filter(token_digest=_digest(token or ""))
        .select_related("user", "person__entity")
        .first()
    )
    if invitation is None or invitation.status != "pendiente" or not invitation.user.is_active:
        return None
    return invitation


@service
def invitation_accept(*, user=None, token: str, password: str) -> Invitation:
    """Set the invited account's password (validators apply) and use up the link. `user` is unused:
    the invited person is the actor."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("La invitación no es válida: ya se usó, se anuló o venció."))
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    account = invitation.user
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, account)
    with acting_as(account):
        account.set_password(password)
        account.save()
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        record_event(user=account, obj=invitation.person, verb="invitación aceptada")
    return invitation


@service
def account_set_active(*, user, account, active: bool):
    """Deactivate (cannot sign in, tokens revoked, pending invitations annulled; history kept) or
    reactivate a user account."""
    _require(can_manage_account(user, account), _("No puede administrar esta cuenta."))
    if account.is_active == active:
        return account
    account.is_active = active
    account.save(update_fields=["is_active"])
    if not active:
        from mipg.accounts.services import tokens_revoke_all

        tokens_revoke_all(user=user, owner=account, reason=_("cuenta desactivada"))
        Invitation.objects.filter(user=account, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    person = Person.objects.filter(user=account).first()
    record_event(
        user=_actor(user),
        obj=person or account,
        verb="cuenta reactivada" if active else "cuenta desactivada",
        data={"username": account.get_username()},
    )
    return account


# ---------------------------------------------------------------- role grants


@service
def role_grant(*, user, grantee, entity: Entity, role: str, include_subtree: bool = False) -> RoleAssignment:
    """Grant `role` over `entity` (optionally its subtree). With an actor, their scope is checked:
    an entity administrator grants only over what they administer, never the system role, never to
    themselves (see roles.can_grant)."""
    if user is not None:
        _require(
            can_grant(user, grantee=grantee, entity=entity, role=role, include_subtree=include_subtree),
            _("No puede otorgar ese rol sobre esa entidad."),
        )
    if role not in Role.values:
        raise ValidationError({"role": _("Rol desconocido: %(role)s.") % {"role": role}})
    if role != Role.ADMIN and not entity.is_active:
        raise ValidationError({"entity": _("La entidad está desactivada: no recibe nuevas asignaciones.")})
    assignment = RoleAssignment.objects.filter(user=grantee, entity=entity, role=role).first()
    created = assignment is None
    if created:
        assignment = RoleAssignment(user=grantee, entity=entity, role=role)
    changed = created or assignment.include_subtree != include_subtree
    assignment.include_subtree = include_subtree
    if changed:
        assignment.full_clean()
        assignment.save()
        person = Person.objects.filter(user=grantee).first()
        record_event(
            user=_actor(user),
            obj=person or assignment,
            verb="rol otorgado",
            description=str(assignment),
            data={"role": role, "entity": entity.pk, "include_subtree": include_subtree},
        )
    forget_roles(grantee)
    return assignment


@service
def role_revoke(*, user, assignment: RoleAssignment) -> None:
    _require(
        can_grant(
            user,
            grantee=assignment.user,
            entity=assignment.entity,
            role=assignment.role,
            include_subtree=assignment.include_subtree,
        ),
        _("No puede retirar ese rol."),
    )
    description = str(assignment)
    grantee = assignment.user
    data = {
        "role": assignment.role,
        "entity": assignment.entity_id,
        "include_subtree": assignment.include_subtree,
    }
    assignment.delete()
    person = Person.objects.filter(user=grantee).first()
    if person is not None:
        record_event(user=_actor(user), obj=person, verb="rol retirado", description=description, data=data)
    forget_roles(grantee)
