"""The pages' write rule for the Institucionalidad API: only planeación or the technical secretariat of the
committee's entity change a committee or its sessions (403 otherwise, after the 404 of visibility)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .. import services


def writable_committee(user, committee):
    if not services.can_write(user, committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican este comité."))
    return committee


def writable_session(user, session):
    if not services.can_write(user, session.committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican esta sesión."))
    return session
