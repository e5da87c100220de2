"""Home page panel: the action plan's traffic light and the Decreto 612 publication alert."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from mipg.organizations.selectors import current_entity

from . import selectors


def home_panels(request) -> list[dict]:
    entity = current_entity(request)
    if entity is None:
        return []
    vigencia = selectors.current_vigencia()
    plan = selectors.plan_for(request.user, entity, vigencia)
    summary = selectors.plan_rollup(request.user, plan) if plan else None
    decree = selectors.decree_612_status(request.user, entity, vigencia)
    html = render_to_string(
        "operation/_home_panel.html",
        {"plan": plan, "summary": summary, "decree": decree, "vigencia": vigencia},
        request=request,
    )
    return [
        {
            "title": _("Operación · vigencia %(v)s") % {"v": vigencia},
            "html": html,
            "alert": bool(decree["alert"] or decree["overdue"]),
        }
    ]
