"""Long PDFs: the sector report for the Comité Sectorial and large acta drafts. Same context builders and
the same `render_pdf` (with its size budget and cache) as the pages that used to render them inline."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from . import Outcome


class _Request:
    """What the dashboards' context builder reads from a request: the user and the ?vigencia= query."""

    def __init__(self, user, query: dict):
        self.user = user
        self.GET = QueryDict(mutable=True)
        self.GET.update({k: str(v) for k, v in query.items() if v not in (None, "")})


def sector_pdf(*, job, progress) -> Outcome:
    from mipg.core.db_router import reading_from_replica
    from mipg.core.pdf import render_pdf
    from mipg.dashboards.views import _sector_context

    request = _Request(job.created_by, {"vigencia": job.params.get("vigencia")})
    progress(10, _("Reuniendo los resultados del sector…"))
    with reading_from_replica():  # as the dashboard: the replica, when there is one
        context = _sector_context(request, job.params["sector_id"])
    if not context["has_results"]:
        raise ValidationError(_("El sector no tiene resultados oficiales para esa vigencia."))
    context["generated_at"] = timezone.localtime()
    context["generated_by"] = job.created_by.get_full_name() or job.created_by.username
    progress(40, _("Generando el PDF…"))
    # The "generado el" time does not say what the report says: the same data is served from the PDF cache.
    content = render_pdf("dashboards/sector_report.html", context, volatile=("generated_at",))
    name = f"informe-comite-sectorial-{context['sector'].code}-{context['latest']}.pdf"
    return Outcome(
        summary=_("Informe del %(sector)s, vigencia %(year)s.")
        % {"sector": context["sector"], "year": context["latest"]},
        file_name=name,
        content=content,
    )


def acta_pdf(*, job, progress) -> Outcome:
    from mipg.institutional import selectors, services

    acta = (
        selectors.actas_for(job.created_by)
        .select_related("session__committee__entity")
        .get(pk=job.params["acta_id"])
    )
    progress(20, _("Generando el PDF de %(acta)s…") % {"acta": acta.label})
    content = services.render_acta_pdf(acta)
    return Outcome(
        summary=_("%(acta)s, versión %(v)s.") % {"acta": acta.label, "v": acta.version},
        file_name=f"acta-{acta.number:02d}-{acta.year}-v{acta.version}.pdf",
        content=content,
    )
