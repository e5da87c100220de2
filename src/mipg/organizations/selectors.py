"""Reads on organizations, always through the entity gate."""

from .models import Dependencia, Entity, Person


def entities_for(user):
    return Entity.objects.visible_to(user).select_related("sector", "parent")


def dependencias_for(user, entity=None):
    queryset = Dependencia.objects.for_user(user).select_related("entity", "parent")
    return queryset.filter(entity=entity) if entity else queryset


def people_for(user, entity=None):
    queryset = Person.objects.for_user(user).select_related("entity", "dependencia")
    return queryset.filter(entity=entity) if entity else queryset


def current_entity(request):
    """The entity the user chose in the selector (kept in the session), or their first visible one."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_mipg_current_entity", None)
    if cached is not None:
        return cached
    visible = Entity.objects.visible_to(user)
    chosen_id = request.session.get("mipg_entity_id")
    entity = visible.filter(pk=chosen_id).first() if chosen_id else None
    if entity is None:
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is not None and visible.filter(pk=person.entity_id).exists():
            entity = person.entity
        else:
            entity = visible.first()
    request._mipg_current_entity = entity
    return entity


# --- Administration (issue 10): what an entity administrator manages -------------------------------


def administered_entities(user, *, subtree_only: bool = False):
    """Entities the user administers (entity-admin grants, with subtrees; all for a system admin).
    `subtree_only`: only those whose whole subtree is in scope (where entities may be created/moved)."""
    from django.db.models import Q

    from .roles import Role, is_system_admin, role_assignments

    if not getattr(user, "is_authenticated", False):
        return Entity.objects.none()
    if is_system_admin(user):
        return Entity.objects.all()
    condition = Q(pk__in=[])
    for assignment in role_assignments(user):
        if assignment.role != Role.ENTITY_ADMIN:
            continue
        if assignment.include_subtree:
            condition |= Q(path__startswith=assignment.entity.path)
        elif not subtree_only:
            condition |= Q(pk=assignment.entity_id)
    return Entity.objects.filter(condition)


def people_admin_list(user, *, query: str = "", entity_id=None, dependencia_id=None, account: str = ""):
    """People of the entities the user may see, filtered for the administration list."""
    from django.db.models import Q

    people = people_for(user).select_related("entity", "dependencia", "user")
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(position__icontains=query)
            | Q(user__username__icontains=query)
        )
    if entity_id:
        people = people.filter(entity_id=entity_id)
    if dependencia_id:
        people = people.filter(dependencia_id=dependencia_id)
    if account == "sin":
        people = people.filter(user__isnull=True)
    elif account == "activa":
        people = people.filter(user__is_active=True)
    elif account == "inactiva":
        people = people.filter(user__is_active=False)
    return people.order_by("full_name", "pk")


def role_assignments_of(viewer, account):
    """Role grants of `account` over entities the viewer may see."""
    from .models import RoleAssignment

    if account is None:
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.for_user(viewer)
        .filter(user=account)
        .select_related("entity")
        .order_by("entity__path", "role")
    )


def invitations_of(viewer, person):
    from .models import Invitation

    return Invitation.objects.for_user(viewer).filter(person=person).select_related("invited_by")


def accounts_for(user):
    """User accounts the administration pages show: those of people of the entities the user administers
    and those without a person record that hold a role over one of them (every account for a system
    administrator)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from .models import RoleAssignment
    from .roles import is_system_admin

    User = get_user_model()
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    if is_system_admin(user):
        return User.objects.all()
    administered = administered_entities(user)
    granted = RoleAssignment.objects.filter(entity__in=administered).values("user_id")
    return User.objects.filter(Q(person__entity__in=administered) | Q(person__isnull=True, pk__in=granted))


def accounts_admin_list(user, *, query: str = "", state: str = "", person: str = ""):
    """The users page: accounts in scope with their person and roles, filtered and in a stable order."""
    from django.db.models import Prefetch, Q

    from .models import RoleAssignment

    accounts = accounts_for(user).select_related("person__entity")
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(person__full_name__icontains=query)
        )
    if state == "activa":
        accounts = accounts.filter(is_active=True)
    elif state == "inactiva":
        accounts = accounts.filter(is_active=False)
    if person == "sin":
        accounts = accounts.filter(person__isnull=True)
    elif person == "con":
        accounts = accounts.filter(person__isnull=False)
    roles = RoleAssignment.objects.select_related("entity").order_by("entity__path", "role")
    return accounts.prefetch_related(Prefetch("mipg_roles", queryset=roles)).order_by("username", "pk")


def people_without_account(user):
    """People of the entities the user administers who have no account yet (to create one for them)."""
    return (
        Person.objects.filter(entity__in=administered_entities(user), user__isnull=True)
        .select_related("entity")
        .order_by("full_name", "pk")
    )
