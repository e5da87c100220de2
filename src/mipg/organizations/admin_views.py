"""Administration pages for entity administrators: the entity tree, dependencias, people, user
accounts, invitations, role grants, bulk onboarding and the role matrix. Thin: each view checks the
permission, calls a selector or a service and renders."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response

from . import people_import, selectors, services
from .forms import (
    DependenciaForm,
    EntityForm,
    InvitationAcceptForm,
    PeopleImportForm,
    PersonForm,
    RoleGrantForm,
)
from .models import Dependencia, Entity, Person, RoleAssignment
from .permissions import effective_permissions, role_matrix
from .roles import (
    administers_any,
    can_administer,
    can_grant,
    is_system_admin,
)

PAGE_SIZE = 50
MAX_IMPORT_BYTES = 5 * 1024 * 1024
SESSION_IMPORT_KEY = "mipg_people_import"


def _require_admin(request):
    if not administers_any(request.user):
        raise PermissionDenied


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def index(request):
    _require_admin(request)
    entities = selectors.administered_entities(request.user)
    return render(
        request,
        "organizations/admin/index.html",
        {
            "entity_count": entities.count(),
            "people_count": Person.objects.filter(entity__in=entities).count(),
            "is_system_admin": is_system_admin(request.user),
        },
    )


# ---------------------------------------------------------------- entities


@login_required
def entity_create(request):
    _require_admin(request)
    initial = {}
    parent_id = request.GET.get("superior", "")
    if parent_id.isdigit():
        parent = get_object_or_404(selectors.entities_for(request.user), pk=int(parent_id))
        initial = {"parent": parent, "sector": parent.sector_id, "order": parent.order}
    form = EntityForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entity = services.entity_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Entidad «%(name)s» creada.") % {"name": entity.name})
            return redirect("organizations:entity_detail", entity.pk)
    return render(
        request, "organizations/admin/entity_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def entity_edit(request, pk: int):
    entity = get_object_or_404(selectors.entities_for(request.user), pk=pk)
    if not can_administer(request.user, entity):
        raise PermissionDenied
    form = EntityForm(request.POST or None, instance=entity, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Entity.objects.get(pk=entity.pk)
        try:
            services.entity_update(user=request.user, entity=fresh, **form.cleaned_data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Entidad «%(name)s» actualizada.") % {"name": fresh.name})
            return redirect("organizations:entity_detail", entity.pk)
    return render(
        request,
        "organizations/admin/entity_form.html",
        {"form": form, "entity": entity},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def entity_toggle(request, pk: int):
    entity = get_object_or_404(selectors.entities_for(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    services.entity_set_active(user=request.user, entity=entity, active=active)
    if active:
        messages.success(request, _("Entidad «%(name)s» reactivada.") % {"name": entity.name})
    else:
        messages.success(request, _("Entidad «%(name)s» desactivada.") % {"name": entity.name})
    return redirect("organizations:entity_detail", entity.pk)


# ---------------------------------------------------------------- dependencias


@login_required
def dependencia_create(request, pk: int):
    entity = get_object_or_404(selectors.entities_for(request.user), pk=pk)
    if not can_administer(request.user, entity):
        raise PermissionDenied
    form = DependenciaForm(request.POST or None, entity=entity, instance=Dependencia(entity=entity))
    return _dependencia_form(request, form, entity)


@login_required
def dependencia_edit(request, pk: int):
    dependencia = get_object_or_404(selectors.dependencias_for(request.user), pk=pk)
    if not can_administer(request.user, dependencia.entity):
        raise PermissionDenied
    form = DependenciaForm(request.POST or None, entity=dependencia.entity, instance=dependencia)
    return _dependencia_form(request, form, dependencia.entity)


def _dependencia_form(request, form, entity):
    if request.method == "POST" and form.is_valid():
        try:
            services.dependencia_save(user=request.user, dependencia=form.instance)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Dependencia «%(name)s» guardada.") % {"name": form.instance.name})
            return redirect("organizations:entity_detail", entity.pk)
    return render(
        request,
        "organizations/admin/dependencia_form.html",
        {"form": form, "entity": entity},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- people


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
    _require_admin(request)
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
            _form_errors_from(form, error)
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


def _administered_person(request, pk: int) -> Person:
    person = get_object_or_404(selectors.people_for(request.user).select_related("user", "entity"), pk=pk)
    if not can_administer(request.user, person.entity):
        raise PermissionDenied
    return person


@login_required
@require_POST
def person_invite(request, pk: int):
    person = _administered_person(request, pk)
    try:
        services.person_invite(user=request.user, person=person, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitación enviada a %(email)s.") % {"email": person.email})
    return redirect("organizations:person_detail", person.pk)


@login_required
@require_POST
def person_account(request, pk: int):
    person = _administered_person(request, pk)
    if person.user is None:
        messages.error(request, _("La persona no tiene cuenta."))
        return redirect("organizations:person_detail", person.pk)
    active = request.POST.get("active") == "1"
    services.account_set_active(user=request.user, account=person.user, active=active)
    if active:
        messages.success(request, _("Cuenta de %(name)s reactivada.") % {"name": person.full_name})
    else:
        messages.success(
            request, _("Cuenta de %(name)s desactivada: ya no puede ingresar.") % {"name": person.full_name}
        )
    return redirect("organizations:person_detail", person.pk)


@login_required
@require_POST
def person_grant(request, pk: int):
    person = _administered_person(request, pk)
    if person.user is None:
        messages.error(request, _("Invite primero a la persona: los roles se otorgan a una cuenta."))
        return redirect("organizations:person_detail", person.pk)
    form = RoleGrantForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(
            request,
            _("Revise el rol: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return redirect("organizations:person_detail", person.pk)
    try:
        services.role_grant(
            user=request.user,
            grantee=person.user,
            entity=form.cleaned_data["entity"],
            role=form.cleaned_data["role"],
            include_subtree=form.cleaned_data["include_subtree"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rol otorgado."))
    return redirect("organizations:person_detail", person.pk)


@login_required
@require_POST
def assignment_revoke(request, pk: int):
    assignment = get_object_or_404(
        RoleAssignment.objects.for_user(request.user).select_related("entity", "user"), pk=pk
    )
    services.role_revoke(user=request.user, assignment=assignment)
    messages.success(request, _("Rol retirado."))
    person = Person.objects.filter(user=assignment.user).first()
    return (
        redirect("organizations:person_detail", person.pk)
        if person
        else redirect("organizations:person_list")
    )


# ---------------------------------------------------------------- bulk onboarding


@login_required
def people_template(request):
    _require_admin(request)
    response = HttpResponse(people_import.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plantilla-personas.xlsx"'
    return response


@login_required
def people_import_view(request):
    """Upload: the import runs and is rolled back; its result is shown as a preview to confirm."""
    _require_admin(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        if len(data) > MAX_IMPORT_BYTES:
            form.add_error("file", _("El archivo supera 5 MB."))
        else:
            try:
                plan = people_import.people_import(
                    user=request.user, file=data, default_entity=form.cleaned_data["entity"], dry_run=True
                )
            except ImportRejected as error:
                context.update({"problems": error.problems[:200], "problem_count": len(error.problems)})
                status = 400
            else:
                digest = hashlib.sha256(data).hexdigest()
                request.session[SESSION_IMPORT_KEY] = {
                    "data": base64.b64encode(data).decode(),
                    "digest": digest,
                    "entity": form.cleaned_data["entity"].pk,
                    "invite": form.cleaned_data["invite"],
                    "name": upload.name,
                }
                context.update({"plan": plan, "digest": digest, "file_name": upload.name})
        if form.errors:
            status = 400
    return render(request, "organizations/admin/people_import.html", context, status=status)


@login_required
@require_POST
def people_import_confirm(request):
    _require_admin(request)
    pending = request.session.get(SESSION_IMPORT_KEY)
    if not pending or pending.get("digest") != request.POST.get("digest"):
        messages.error(request, _("No hay una vista previa pendiente de ese archivo: cárguelo de nuevo."))
        return redirect("organizations:people_import")
    entity = get_object_or_404(selectors.administered_entities(request.user), pk=pending["entity"])
    try:
        plan = people_import.people_import(
            user=request.user,
            file=base64.b64decode(pending["data"]),
            default_entity=entity,
            invite=pending["invite"],
            base_url=_base_url(request),
        )
    except ImportRejected as error:
        return render(
            request,
            "organizations/admin/people_import.html",
            {
                "form": PeopleImportForm(user=request.user),
                "problems": error.problems[:200],
                "problem_count": len(error.problems),
            },
            status=400,
        )
    del request.session[SESSION_IMPORT_KEY]
    messages.success(
        request,
        _(
            "Importación terminada: %(created)s personas creadas, %(updated)s actualizadas, "
            "%(unchanged)s sin cambios."
        )
        % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
    )
    return redirect("organizations:person_list")


# ---------------------------------------------------------------- role matrix and invitations


@login_required
def roles_matrix(request):
    return render(request, "organizations/admin/role_matrix.html", {"matrix": role_matrix()})


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
