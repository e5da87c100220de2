"""Administration of people: list (with xlsx export), create, edit and the person's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import (
    PersonForm,
    RoleGrantForm,
)
from ..models import Dependencia, Entity
from ..permissions import effective_permissions
from ..roles import (
    administers_any,
    can_administer,
    can_grant,
)
from .common import (
    PAGE_SIZE,
    form_errors_from,
    require_admin,
)


@login_required
def person_list(request):
    entity_id = request.GET.get("entidad", "")
    dependencia_id = request.GET.get("dependencia", "")
    account = request.GET.get("cuenta", "")
    query = request.GET.get("q", "").strip()
    people = selectors.people_admin_list(
        request.user,
        query=query,
        entity_id=int(entity_id) if entity_id.isdigit() else None,
        dependencia_id=int(dependencia_id) if dependencia_id.isdigit() else None,
        account=account,
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "personas.xlsx",
            [
                (
                    "Personas",
                    [
                        "Nombre completo",
                        "Correo electrónico",
                        "Cargo",
                        "Dependencia",
                        "Entidad",
                        "Usuario",
                        "Cuenta",
                    ],
                    (
                        [
                            p.full_name,
                            p.email,
                            p.position,
                            p.dependencia.name if p.dependencia else "",
                            p.entity.sigep_code,
                            p.user.username if p.user else "",
                            ("activa" if p.user.is_active else "desactivada") if p.user else "sin cuenta",
                        ]
                        for p in people.iterator(chunk_size=2000)
                    ),
                )
            ],
        )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    entities = Entity.objects.visible_to(request.user).only("id", "name", "acronym", "path")
    dependencias = (
        Dependencia.objects.for_user(request.user).filter(entity_id=int(entity_id)).only("id", "name")
        if entity_id.isdigit()
        else Dependencia.objects.none()
    )
    return render(
        request,
        "organizations/admin/person_list.html",
        {
            "page": page,
            "query": query,
            "entity_id": entity_id,
            "dependencia_id": dependencia_id,
            "account": account,
            "entities": entities[:500],
            "dependencias": dependencias,
            "can_add": administers_any(request.user),
        },
    )


@login_required
def person_create(request):
    require_admin(request)
    initial = {}
    entity_id = request.GET.get("entidad", "")
    if entity_id.isdigit():
        initial["entity"] = int(entity_id)
    form = PersonForm(request.POST or None, initial=initial, user=request.user)
    return _person_form(request, form)


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(selectors.people_for(request.user), pk=pk)
    if not can_administer(request.user, person.entity):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    return _person_form(request, form)


def _person_form(request, form):
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_save(user=request.user, person=form.instance)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Persona «%(name)s» guardada.") % {"name": person.full_name})
            return redirect("organizations:person_detail", person.pk)
    return render(
        request,
        "organizations/admin/person_form.html",
        {"form": form, "person": form.instance if form.instance.pk else None},
        status=400 if form.errors else 200,
    )


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(selectors.people_for(request.user).select_related("user"), pk=pk)
    account = person.user
    administers = can_administer(request.user, person.entity)
    assignments = list(selectors.role_assignments_of(request.user, account))
    for assignment in assignments:
        assignment.revocable = administers and can_grant(
            request.user,
            grantee=account,
            entity=assignment.entity,
            role=assignment.role,
            include_subtree=assignment.include_subtree,
        )
    grant_form = RoleGrantForm(user=request.user, initial={"entity": person.entity_id})
    return render(
        request,
        "organizations/admin/person_detail.html",
        {
            "person": person,
            "account": account,
            "administers": administers,
            "manages_account": administers and services.can_manage_account(request.user, account),
            "assignments": assignments,
            "grant_form": grant_form,
            "invitations": selectors.invitations_of(request.user, person)[:10],
            "permissions": effective_permissions(account, person.entity)
            if account and account.is_active
            else [],
        },
    )
