"""Confirmation of a staged import of shared data (official results or recommendations): the staged
preview was checked during the request; applying it runs here, through the same service
(`staged_import_confirm`), whose transaction makes it all-or-nothing."""

from django.urls import reverse
from django.utils.translation import gettext as _

from . import Outcome


def confirm_staged(*, job, progress) -> Outcome:
    from mipg.measurement.results import services
    from mipg.measurement.results.models import StagedImport

    staged = StagedImport.objects.for_user(job.created_by).get(pk=job.params["staged_id"])
    progress(10, _("Aplicando %(staged)s (todo o nada)…") % {"staged": staged})
    outcome = services.staged_import_confirm(user=job.created_by, staged=staged)
    if staged.kind == StagedImport.Kind.RESULTS:
        summary = _("Vigencia %(year)s importada: %(rows)s entidades y %(cols)s índices.") % {
            "year": outcome.vigencia,
            "rows": outcome.row_count,
            "cols": outcome.column_count,
        }
        return Outcome(summary=summary, url=reverse("results:version_list", args=[outcome.vigencia]))
    summary = _("%(n)s recomendaciones importadas para %(entity)s.") % {
        "n": len(outcome),
        "entity": staged.entity,
    }
    return Outcome(summary=summary, url=reverse("results:recommendation_list"))
