"""Administration of the entity tree and its dependencias, and the administration index."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    DependenciaForm,
    EntityForm,
)
from ..models import Dependencia, Entity, Person
from ..roles import (
    can_administer,
    is_system_admin,
)
from .common import (
    form_errors_from,
    require_admin,
)


@login_required
def index(request):
    require_admin(request)
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
    require_admin(request)
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
            form_errors_from(form, error)
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
            form_errors_from(form, error)
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
            form_errors_from(form, error)
        else:
            messages.success(request, _("Dependencia «%(name)s» guardada.") % {"name": form.instance.name})
            return redirect("organizations:entity_detail", entity.pk)
    return render(
        request,
        "organizations/admin/dependencia_form.html",
        {"form": form, "entity": entity},
        status=400 if form.errors else 200,
    )
