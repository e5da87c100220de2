"""Accounts and role grants of people, and the generated role matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    RoleGrantForm,
)
from ..models import Person, RoleAssignment
from ..permissions import role_matrix
from .common import (
    administered_person,
)


@login_required
@require_POST
def person_account(request, pk: int):
    person = administered_person(request, pk)
    if person.user is None:
        messages.error(request, _("La persona no tiene cuenta."))
        return redirect("organizations:person_detail", person.pk)
    set_active_from_post(request, person.user, person.full_name)
    return redirect("organizations:person_detail", person.pk)


def set_active_from_post(request, account, name: str) -> None:
    """Deactivate or reactivate `account` as posted (`active` = "1" or "0"), with the message."""
    active = request.POST.get("active") == "1"
    services.account_set_active(user=request.user, account=account, active=active)
    if active:
        messages.success(request, _("Cuenta de %(name)s reactivada.") % {"name": name})
    else:
        messages.success(request, _("Cuenta de %(name)s desactivada: ya no puede ingresar.") % {"name": name})


@login_required
@require_POST
def person_grant(request, pk: int):
    person = administered_person(request, pk)
    if person.user is None:
        messages.error(request, _("Invite primero a la persona: los roles se otorgan a una cuenta."))
    else:
        grant_from_post(request, person.user)
    return redirect("organizations:person_detail", person.pk)


def grant_from_post(request, account) -> None:
    """Grant the role of the posted RoleGrantForm to `account`; the outcome goes to messages."""
    form = RoleGrantForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(
            request,
            _("Revise el rol: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return
    try:
        services.role_grant(
            user=request.user,
            grantee=account,
            entity=form.cleaned_data["entity"],
            role=form.cleaned_data["role"],
            include_subtree=form.cleaned_data["include_subtree"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rol otorgado."))


@login_required
@require_POST
def assignment_revoke(request, pk: int):
    assignment = get_object_or_404(
        RoleAssignment.objects.for_user(request.user).select_related("entity", "user"), pk=pk
    )
    services.role_revoke(user=request.user, assignment=assignment)
    messages.success(request, _("Rol retirado."))
    person = Person.objects.filter(user=assignment.user).first()
    if person is not None:
        return redirect("organizations:person_detail", person.pk)
    if selectors.accounts_for(request.user).filter(pk=assignment.user_id).exists():
        return redirect("organizations:user_detail", assignment.user_id)
    return redirect("organizations:user_list")


@login_required
def roles_matrix(request):
    return render(request, "organizations/admin/role_matrix.html", {"matrix": role_matrix()})
