"""Home page panel: overdue committee commitments of the entities the user works in."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import selectors


def home_panels(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    overdue = selectors.overdue_commitments(user).order_by("due_date", "pk")
    total = overdue.count()
    if not total:
        return []
    html = render_to_string(
        "institutional/_home_panel.html", {"commitments": list(overdue[:5]), "total": total}, request=request
    )
    return [{"title": _("Compromisos de comités vencidos"), "html": html, "alert": True}]
