"""Home panel: the first of the user's pending items, with the overdue ones counted."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .items import pending_for

SHOWN = 5


def home_panels(request) -> list[dict]:
    items = pending_for(request.user)
    if not items:
        return []
    overdue = sum(1 for item in items if item.overdue)
    html = render_to_string(
        "inbox/_home_panel.html",
        {"items": items[:SHOWN], "total": len(items), "overdue": overdue},
        request=request,
    )
    return [{"title": _("Mis pendientes"), "html": html, "alert": bool(overdue)}]
