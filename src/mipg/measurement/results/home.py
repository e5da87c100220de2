"""Home panel: the current entity's latest IDI and its pending recommendations."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mipg.core.numbers import format_score
from mipg.organizations.selectors import current_entity

from .codes import IDI
from .models import Recommendation, Score
from .selectors import synthetic_vigencias


def home_panels(request) -> list[dict]:
    entity = current_entity(request)
    if entity is None:
        return []
    latest = (
        Score.objects.filter(subject__entity=entity, code=IDI)
        .order_by("-vigencia")
        .values_list("vigencia", "value")
        .first()
    )
    pending = (
        Recommendation.objects.for_user(request.user)
        .filter(entity=entity, status=Recommendation.Status.PENDING)
        .count()
    )
    if latest is None and not pending:
        return []
    if latest:
        score = format_html(
            '<p>{}</p><p><a href="{}">{}</a></p>',
            _("IDI %(year)s: %(value)s")
            % {"year": latest[0], "value": format_score(latest[1]) if latest[1] is not None else "—"},
            reverse("dashboards:entity", args=[entity.pk]),
            _("Ver el tablero de la entidad"),
        )
    else:
        score = ""
    if latest and latest[0] in synthetic_vigencias():  # issue 11 item 7: never pass them as official
        score = format_html(
            '<p class="synthetic-flag"><strong>{}</strong></p>{}',
            _("DATOS SINTÉTICOS: no son resultados oficiales."),
            score,
        )
    reco = format_html(
        '<p><a href="{}">{}</a></p>',
        reverse("results:recommendation_list") + "?estado=pending",
        _("%(n)s recomendaciones FURAG pendientes") % {"n": pending},
    )
    return [{"title": _("Resultados FURAG"), "html": format_html("{}{}", score, reco), "alert": pending > 0}]
