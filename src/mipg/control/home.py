"""Home page panel: residual risk zones of the current entity, the corruption map follow-up alert and the
compliance of the Plan Anual de Auditoría."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from mipg.organizations.selectors import current_entity

from . import selectors
from .models import Risk
from .services.audit import compliance


def home_panels(request) -> list[dict]:
    entity = current_entity(request)
    if entity is None:
        return []
    vigencia = selectors.today().year
    rows = (
        Risk.objects.for_user(request.user)
        .filter(entity=entity, policy__vigencia=vigencia)
        .values("residual_zone")
        .annotate(n=Count("pk"))
    )
    zones = {row["residual_zone"]: row["n"] for row in rows}
    plan = selectors.audit_plan_for(request.user, entity, vigencia)
    audit_compliance = compliance(plan) if plan else None
    if not zones and plan is None:
        return []
    follow_ups = [
        row
        for row in selectors.follow_up_status(request.user, entity, vigencia)
        if row["alert"] or row["overdue"]
    ]
    html = render_to_string(
        "control/_home_panel.html",
        {
            "zones": [(code, zones.get(code, 0)) for code in ("extremo", "alto", "moderado", "bajo")],
            "total": sum(zones.values()),
            "follow_ups": follow_ups,
            "vigencia": vigencia,
            "audit_compliance": audit_compliance,
            "audit_plan": plan,
        },
        request=request,
    )
    return [
        {
            "title": _("Control interno · riesgos %(v)s") % {"v": vigencia},
            "html": html,
            "alert": bool(follow_ups or zones.get("extremo")),
        }
    ]
