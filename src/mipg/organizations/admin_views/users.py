"""The users page: every account an administrator manages, with or without a person record. Create an
account for a registered or a new person (by invitation), deactivate and reactivate, send a password
reset link, grant roles, and give a person to an account that has none."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import accounts, selectors, services
from ..forms import LinkPersonForm, RoleGrantForm, UserCreateForm
from ..models import Person
from ..roles import can_grant
from .common import PAGE_SIZE, base_url, form_errors_from, require_admin
from .roles import grant_from_post, set_active_from_post


def _account(request, pk: int):
    require_admin(request)
    return get_object_or_404(accounts_for_page(request.user), pk=pk)


def accounts_for_page(user):
    return selectors.accounts_for(user).select_related("person__entity")


@login_required
def user_list(request):
    require_admin(request)
    query = request.GET.get("q", "").strip()
    state = request.GET.get("estado", "")
    person = request.GET.get("persona", "")
    users = selectors.accounts_admin_list(request.user, query=query, state=state, person=person)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/admin/user_list.html",
        {"page": page, "query": query, "state": state, "person": person},
    )


@login_required
def user_create(request):
    require_admin(request)
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data["person"] or Person(
            entity=data["entity"], full_name=data["full_name"], position=data["position"], email=data["email"]
        )
        try:
            if person.pk is None:
                person = services.person_save(user=request.user, person=person)
            services.person_invite(user=request.user, person=person, base_url=base_url(request))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Cuenta creada para %(name)s; invitación enviada a %(email)s.")
                % {"name": person.full_name, "email": person.email},
            )
            return redirect("organizations:person_detail", person.pk)
    return render(
        request, "organizations/admin/user_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def user_detail(request, pk: int):
    account = _account(request, pk)
    person = getattr(account, "person", None)
    manages = services.can_manage_account(request.user, account)
    assignments = list(selectors.role_assignments_of(request.user, account))
    for assignment in assignments:
        assignment.revocable = can_grant(
            request.user,
            grantee=account,
            entity=assignment.entity,
            role=assignment.role,
            include_subtree=assignment.include_subtree,
        )
    return render(
        request,
        "organizations/admin/user_detail.html",
        {
            "account": account,
            "person": person,
            "manages": manages,
            "assignments": assignments,
            "email": accounts.account_email(account),
            "grant_form": RoleGrantForm(user=request.user),
            "link_form": LinkPersonForm(user=request.user) if person is None and manages else None,
        },
    )


@login_required
@require_POST
def user_account(request, pk: int):
    account = _account(request, pk)
    person = getattr(account, "person", None)
    set_active_from_post(request, account, person.full_name if person else account.get_username())
    return redirect("organizations:user_detail", account.pk)


@login_required
@require_POST
def user_reset(request, pk: int):
    account = _account(request, pk)
    try:
        email = accounts.account_send_reset_link(
            user=request.user, account=account, base_url=base_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enlace para elegir contraseña enviado a %(email)s.") % {"email": email})
    return redirect("organizations:user_detail", account.pk)


@login_required
@require_POST
def user_grant(request, pk: int):
    account = _account(request, pk)
    grant_from_post(request, account)
    return redirect("organizations:user_detail", account.pk)


@login_required
@require_POST
def user_link_person(request, pk: int):
    account = _account(request, pk)
    form = LinkPersonForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Elija una persona registrada sin cuenta."))
        return redirect("organizations:user_detail", account.pk)
    try:
        person = accounts.account_link_person(
            user=request.user, account=account, person=form.cleaned_data["person"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:user_detail", account.pk)
    messages.success(request, _("Cuenta vinculada a %(name)s.") % {"name": person.full_name})
    return redirect("organizations:person_detail", person.pk)
