"""Home panel: the user's pending questions and the campaigns of the working entity."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.organizations.selectors import current_entity

from .models import Answer, Campaign, Questionnaire
from .selectors import assigned_to


def home_panels(request) -> list:
    user = request.user
    if not user.is_authenticated:
        return []
    entity = current_entity(request)
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    pending = 0
    if person is not None:
        pending = (
            Answer.objects.for_user(user)
            .filter(
                ~Q(campaign__questionnaire__kind=Questionnaire.Kind.CI_EVALUATION),
                assigned_to(person),
                applicable=True,
                status__in=[Answer.Status.PENDING, Answer.Status.RETURNED],
            )
            .count()
        )
    campaigns = (
        list(
            Campaign.objects.for_user(user)
            .for_planning()
            .filter(entity=entity)
            .select_related("questionnaire")[:5]
        )
        if entity
        else []
    )
    if not pending and not campaigns:
        return []
    html = render_to_string(
        "questionnaires/_home_panel.html",
        {"pending": pending, "campaigns": campaigns, "today": timezone.localdate()},
        request=request,
    )
    return [{"title": _("Cuestionarios y campañas"), "html": html, "alert": bool(pending)}]
