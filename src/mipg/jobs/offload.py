"""What the pages call to move long work off the request: each function enqueues one job (through
`job_enqueue`) with what its runner needs, and the page redirects to the job's page."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import Job
from .services import job_enqueue

LIVE = (Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.SUCCEEDED)


def confirm_staged_import(*, user, staged) -> tuple[Job | None, bool]:
    """(job, already): a staged import already applied, or with a job queued, running or done, is not
    enqueued again (a second click, a second tab)."""
    from mipg.measurement.results.models import StagedImport

    kind = (
        Job.Kind.RESULTS_IMPORT
        if staged.kind == StagedImport.Kind.RESULTS
        else Job.Kind.RECOMMENDATIONS_IMPORT
    )
    earlier = Job.objects.filter(kind=kind, params__staged_id=staged.pk, status__in=LIVE).first()
    if earlier is not None or staged.status == StagedImport.Status.APPLIED:
        return earlier, True
    title = _("%(kind)s %(year)s: %(file)s") % {
        "kind": _("Importación de resultados oficiales")
        if kind == Job.Kind.RESULTS_IMPORT
        else _("Importación de recomendaciones"),
        "year": staged.vigencia,
        "file": staged.file_name,
    }
    return job_enqueue(user=user, kind=kind, title=title, params={"staged_id": staged.pk}), False


def _sector_entity(sector):
    """The entity a sector-wide job is filed under (so the sector's planning sees it): the head of the
    sector, or its first entity in the tree."""
    from mipg.organizations.models import Entity

    return sector.head_entity or Entity.objects.filter(sector=sector).order_by("path").first()


def sector_report(*, user, sector, vigencia: int | None) -> Job:
    title = _("Informe PDF del %(sector)s") % {"sector": sector}
    if vigencia:
        title += " " + _("(vigencia %(year)s)") % {"year": vigencia}
    return job_enqueue(
        user=user,
        kind=Job.Kind.SECTOR_PDF,
        title=title,
        entity=_sector_entity(sector),
        params={"sector_id": sector.pk, "vigencia": vigencia},
    )


def sector_campaign(*, user, questionnaire, sector, vigencia: int, deadline) -> Job:
    return job_enqueue(
        user=user,
        kind=Job.Kind.SECTOR_CAMPAIGN,
        title=_("Campaña sectorial %(year)s del %(sector)s") % {"year": vigencia, "sector": sector},
        entity=_sector_entity(sector),
        params={
            "questionnaire_id": questionnaire.pk,
            "sector_id": sector.pk,
            "vigencia": vigencia,
            "deadline": deadline.isoformat(),
        },
    )


def acta_is_large(acta, context: dict) -> bool:
    """A draft whose HTML passes MIPG_PDF_JOB_HTML_CHARS is rendered by a job (approved actas are served
    from their frozen file and never come here)."""
    html = render_to_string("institutional/acta_pdf.html", context)
    return len(html) > settings.MIPG_PDF_JOB_HTML_CHARS


def acta_pdf(*, user, acta) -> Job:
    return job_enqueue(
        user=user,
        kind=Job.Kind.ACTA_PDF,
        title=_("PDF de %(acta)s (versión %(v)s)") % {"acta": acta.label, "v": acta.version},
        entity=acta.session.committee.entity,
        params={"acta_id": acta.pk},
    )
