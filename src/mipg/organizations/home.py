"""Home panel for entity administrators: people without an account and invitations still pending."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import Invitation, Person
from .roles import administers_any
from .selectors import administered_entities


def home_panels(request) -> list[dict]:
    user = request.user
    if not administers_any(user):
        return []
    entities = administered_entities(user)
    without_account = Person.objects.filter(entity__in=entities, user__isnull=True).count()
    pending = Invitation.objects.filter(
        person__entity__in=entities,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).count()
    people_url = reverse("organizations:person_list")
    html = format_html(
        '<p><a href="{}">{}</a></p><p>{}</p><p><a href="{}">{}</a></p>',
        people_url + "?cuenta=sin",
        _("%(n)s personas sin cuenta") % {"n": without_account},
        _("%(n)s invitaciones pendientes de aceptar") % {"n": pending},
        reverse("organizations:people_import"),
        _("Importar personas y roles desde Excel"),
    )
    return [{"title": _("Administración de la entidad"), "html": html, "alert": False}]
