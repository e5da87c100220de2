"""Who may do what in a campaign, by the questionnaire's class.

- FURAG and autodiagnósticos: planeación (or the system admin) opens campaigns, assigns, reviews; assigned
  people answer; control interno verifies.
- «Evaluación SCI» (control interno's semiannual evaluation, mipg.control): only control interno of the
  entity opens the campaign and answers it; there is no assignment, no review by planeación and no
  verification (the evaluator is the third line itself).
- Any class: once a campaign is closed (a signed SCI evaluation), its answers and evidence do not change."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mipg.core.concurrency import Conflict
from mipg.organizations.roles import Role, can_manage, roles_over

from .models import Questionnaire


def is_internal_control_kind(questionnaire) -> bool:
    return questionnaire.kind == Questionnaire.Kind.CI_EVALUATION


def is_internal_control(user, entity) -> bool:
    """Only the control interno role over the entity (not even the system admin writes its evaluation)."""
    return Role.INTERNAL_CONTROL in roles_over(user, entity)


def can_open_campaign(user, questionnaire, entity) -> bool:
    if is_internal_control_kind(questionnaire):
        return is_internal_control(user, entity)
    return can_manage(user, entity)


def can_manage_campaign(user, campaign) -> bool:
    """Assign questions of the campaign (the SCI evaluation is never assigned: control interno answers it)."""
    if is_internal_control_kind(campaign.questionnaire):
        return False
    return can_manage(user, campaign.entity)


def answer_rule(user, answer) -> bool | None:
    """The class's own answering rule, or None when the general rule (assignment) applies."""
    campaign = answer.campaign
    if campaign.closed_at is not None:
        return False
    if is_internal_control_kind(campaign.questionnaire):
        return is_internal_control(user, campaign.entity)
    return None


def require_open(campaign) -> None:
    if campaign.closed_at is not None:
        raise Conflict(
            _("La campaña «%(campaign)s» está cerrada: sus respuestas y evidencias ya no cambian.")
            % {"campaign": campaign}
        )


def require_reviewable(campaign) -> None:
    """Review, verification and return exist only for planning's campaigns."""
    if is_internal_control_kind(campaign.questionnaire):
        raise PermissionDenied(
            _(
                "Las respuestas de la evaluación del SCI las registra control interno: no pasan por revisión "
                "de planeación ni por verificación."
            )
        )
