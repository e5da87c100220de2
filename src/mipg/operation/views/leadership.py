from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.catalog.selectors import current_policies
from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import LeadershipForm
from ..models import PolicyLeadership
from ..permissions import can_manage_operation
from .common import apply_errors, base_context, entity_or_404


@login_required
def leadership_matrix(request):
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    matrix = selectors.leadership_matrix(request.user, entity, vigencia)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Código"),
            _("Política"),
            _("Dimensión"),
            _("Dependencia líder"),
            _("Persona líder"),
            _("Corresponsables"),
            _("Normas"),
            _("Vacío"),
        ]
        rows = []
        for row in matrix["rows"]:
            lead = row["leadership"]
            rows.append(
                [
                    row["policy"].code,
                    row["policy"].name,
                    row["policy"].dimension.name,
                    str(lead.leading_dependencia or "") if lead else "",
                    str(lead.leader or "") if lead else "",
                    ", ".join(d.name for d in lead.co_responsible.all()) if lead else "",
                    lead.norms if lead else "",
                    _("Sin líder") if row["gap"] else "",
                ]
            )
        return xlsx_response(f"liderazgo-politicas-{vigencia}.xlsx", [(_("Liderazgo"), headers, rows)])
    return render(
        request,
        "operation/leadership_matrix.html",
        base_context(request, entity, vigencia=vigencia, matrix=matrix),
    )


@login_required
def leadership_edit(request, policy_id: int):
    entity = entity_or_404(request)
    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    vigencia = selectors.vigencia_from(request)
    policy = get_object_or_404(current_policies(), pk=policy_id)
    current = (
        PolicyLeadership.objects.for_user(request.user)
        .filter(entity=entity, vigencia=vigencia, policy=policy)
        .first()
    )
    initial = {}
    if current:
        initial = {
            "leading_dependencia": current.leading_dependencia,
            "leader": current.leader,
            "co_responsible": list(current.co_responsible.all()),
            "norms": current.norms,
        }
    form = LeadershipForm(request.POST or None, entity=entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.leadership_save(
                user=request.user, entity=entity, vigencia=vigencia, policy=policy, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el liderazgo de %(policy)s.") % {"policy": policy.code})
            return redirect(f"{reverse('operation:leadership')}?vigencia={vigencia}")
    return render(
        request,
        "operation/leadership_form.html",
        base_context(request, entity, vigencia=vigencia, policy=policy, form=form, leadership=current),
    )
