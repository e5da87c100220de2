"""Invitations: sending a person the one-time link, and the public page that uses it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    InvitationAcceptForm,
)
from .common import (
    administered_person,
    base_url,
)


@login_required
@require_POST
def person_invite(request, pk: int):
    person = administered_person(request, pk)
    try:
        services.person_invite(user=request.user, person=person, base_url=base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitación enviada a %(email)s.") % {"email": person.email})
    return redirect("organizations:person_detail", person.pk)


def invitation_accept(request, token: str):
    """Public page of the e-mailed link: choose a password, once, before it expires."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        response = render(request, "organizations/invitation_accept.html", {"valid": False}, status=404)
        response["Cache-Control"] = "no-store"
        return response
    form = InvitationAcceptForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Contraseña definida. Ingrese con su usuario %(username)s.")
                % {"username": invitation.user.get_username()},
            )
            return redirect("login")
    response = render(
        request,
        "organizations/invitation_accept.html",
        {"valid": True, "form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response
