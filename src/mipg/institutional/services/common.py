"""Rules shared by every write of Institucionalidad: who may write, and when a session is still editable."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mipg.core.concurrency import Conflict, lock
from mipg.organizations.roles import Role, user_has_role

from ..models import (
    Acta,
    Committee,
    Session,
)

WRITER_ROLES = {Role.PLANNING, Role.COMMITTEE_SECRETARY}
FOLLOW_UP_TITLE = "Seguimiento a compromisos"


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def can_write(user, committee_or_entity) -> bool:
    entity = getattr(committee_or_entity, "entity", committee_or_entity)
    return user_has_role(user, entity, WRITER_ROLES)


def _require_writer(user, committee: Committee) -> None:
    if not can_write(user, committee):
        raise PermissionDenied(
            _("Solo planeación o la secretaría técnica de %(entity)s pueden modificar este comité.")
            % {"entity": committee.entity}
        )


def _current_acta(session: Session) -> Acta | None:
    return session.actas.order_by("-version").first()


def _require_editable(session: Session) -> None:
    """Lock the session's row (every write on a session and its acta takes this lock first, so they
    run one after another) and check, with what others committed, that it still admits changes."""
    lock(session)
    acta = _current_acta(session)
    if acta is not None and acta.is_approved:
        raise Conflict(
            _(
                "El %(acta)s ya fue aprobada y no se puede modificar. Registre una corrección "
                "(nueva versión del acta) para cambiar la sesión."
            )
            % {"acta": acta.label}
        )
    if session.status == Session.Status.CANCELLED:
        raise Conflict(_("La sesión fue cancelada y no admite cambios."))
