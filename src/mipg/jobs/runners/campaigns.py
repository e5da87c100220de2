"""Opening a sector campaign (one campaign, with its questions, per entity of the sector): the same
service as before, in one transaction, so a failure opens no campaign at all."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from . import Outcome


def sector_campaign(*, job, progress) -> Outcome:
    from mipg.measurement.questionnaires import selectors, services
    from mipg.organizations.models import Sector

    params = job.params
    questionnaire = selectors.questionnaires_for(job.created_by).get(pk=params["questionnaire_id"])
    sector = Sector.objects.get(pk=params["sector_id"])
    progress(10, _("Abriendo una campaña por entidad del %(sector)s…") % {"sector": sector})
    created = services.sector_campaign_create(
        user=job.created_by,
        questionnaire=questionnaire,
        sector=sector,
        vigencia=int(params["vigencia"]),
        deadline=date.fromisoformat(params["deadline"]),
    )
    count = created.campaigns.count()
    return Outcome(
        summary=_("Campaña sectorial abierta: %(n)s entidades.") % {"n": count},
        url=reverse("questionnaires:sector_campaign_detail", args=[created.pk]),
    )
