"""The typed item every pending source returns, and the merge of all sources.

Each app contributes a module with `pending_items(user) -> list[PendingItem]` and lists it in
`settings.MIPG_PENDING_SOURCES`. A source answers in a fixed number of queries however much is pending
(it aggregates where one line per object would be noise, such as questions per campaign)."""

import importlib
import importlib.util
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class PendingItem:
    kind: str  # stable machine code, e.g. "acta_to_approve"
    title: str  # Spanish, what to do and on what
    url: str  # path of the page where it is done (deep link)
    key: str  # stable identity of the thing waiting ("acta:12"): reminders are logged per key and day
    due: date | None = None
    entity: str = ""  # name (or sigla) of the entity it belongs to
    detail: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()

    @property
    def kind_label(self) -> str:
        from .kinds import label

        return label(self.kind)


def _sources() -> list:
    modules = []
    for module_name in getattr(settings, "MIPG_PENDING_SOURCES", []):
        if importlib.util.find_spec(module_name) is None:
            continue  # an app not installed in this deployment
        modules.append(importlib.import_module(module_name))
    return modules


def sort_key(item: PendingItem):
    # Overdue first (oldest first), then by due date, then undated; ties by kind and title.
    return (item.due is None, item.due or date.max, item.kind, item.title)


def pending_for(user) -> list[PendingItem]:
    """Everything waiting for `user` across the apps, overdue first, then by due date."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    items: list[PendingItem] = []
    for module in _sources():
        items.extend(module.pending_items(user))
    return sorted(items, key=sort_key)


def where_role(user, roles, entity_lookup: str):
    """A Q over `entity_lookup` (the path to an Entity, "" for Entity itself) matching the entities on
    which the user was granted one of `roles` explicitly, directly or over a subtree. System
    administrators reach everything but have no personal queue: only explicit grants count here."""
    from django.db.models import Q

    from mipg.organizations.roles import entity_role_assignments

    condition = Q(pk__in=[])
    for assignment in entity_role_assignments(user):
        if assignment.role not in roles:
            continue
        prefix = f"{entity_lookup}__" if entity_lookup else ""
        if assignment.include_subtree:
            condition |= Q(**{f"{prefix}path__startswith": assignment.entity.path})
        else:
            condition |= Q(**{f"{prefix}pk": assignment.entity_id})
    return condition


def has_any_role(user, roles) -> bool:
    from mipg.organizations.roles import entity_role_assignments

    return any(a.role in roles for a in entity_role_assignments(user))


def entity_label(entity) -> str:
    return entity.acronym or entity.name if entity is not None else ""


def go_url(entity, path: str) -> str:
    """A deep link to a page that works on the user's current entity: it passes through /pendientes/ir/,
    which makes `entity` the working entity (if the user may see it) and then opens `path`."""
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse('inbox:go', args=[entity.pk])}?{urlencode({'a': path})}"
