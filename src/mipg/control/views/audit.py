from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..forms import ApprovalForm, AuditFindingForm, AuditForm, CheckItemForm, CheckRateForm
from ..models import AuditCheckItem, AuditPlan
from ..services.audit import compliance, overdue
from .common import apply_errors, base_context, entity_or_404


def _require_control(request, entity):
    if not permissions.is_internal_control(request.user, entity):
        raise PermissionDenied


@login_required
def audit_plan(request):
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    plan = selectors.audit_plan_for(request.user, entity, vigencia)
    audits = list(selectors.audits_of(request.user, plan)) if plan else []
    today = selectors.today()
    rows = [{"audit": a, "overdue": overdue(a, today)} for a in audits]
    return render(
        request,
        "control/audit_plan.html",
        base_context(
            request,
            entity,
            vigencia=vigencia,
            plan=plan,
            rows=rows,
            compliance=compliance(plan, audits) if plan else None,
        ),
    )


@login_required
@require_POST
def audit_plan_create(request):
    entity = entity_or_404(request)
    _require_control(request, entity)
    vigencia = selectors.vigencia_from(request)
    try:
        services.audit_plan_create(user=request.user, entity=entity, vigencia=vigencia)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(f"{reverse('control:audit_plan')}?vigencia={vigencia}")


@login_required
def audit_plan_approve(request, pk: int):
    plan = get_object_or_404(AuditPlan.objects.for_user(request.user), pk=pk)
    _require_control(request, plan.entity)
    form = ApprovalForm(request.POST or None, entity=plan.entity)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_plan_approve(user=request.user, plan=plan, decision=form.cleaned_data["decision"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("El Plan Anual de Auditoría quedó aprobado por el comité."))
            return redirect(f"{reverse('control:audit_plan')}?vigencia={plan.vigencia}")
    return render(
        request, "control/audit_plan_approve.html", base_context(request, plan.entity, plan=plan, form=form)
    )


def _audit_form(request, plan, audit=None):
    _require_control(request, plan.entity)
    initial = {"status": "programada"}
    if audit is not None:
        initial = {name: getattr(audit, name) for name in services.audit.AUDIT_FIELDS}
        initial["auditors"] = list(audit.auditors.all())
    form = AuditForm(request.POST or None, entity=plan.entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        auditors = data.pop("auditors")
        try:
            saved = services.audit_save(user=request.user, plan=plan, audit=audit, auditors=auditors, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó la auditoría."))
            return redirect("control:audit_detail", saved.pk)
    return render(
        request,
        "control/audit_form.html",
        base_context(request, plan.entity, plan=plan, audit=audit, form=form),
    )


@login_required
def audit_create(request, pk: int):
    return _audit_form(request, get_object_or_404(AuditPlan.objects.for_user(request.user), pk=pk))


@login_required
def audit_edit(request, pk: int):
    audit = selectors.audit_detail(request.user, pk)
    return _audit_form(request, audit.plan, audit)


@login_required
def audit_detail(request, pk: int):
    audit = selectors.audit_detail(request.user, pk)
    entity = audit.plan.entity
    can_edit = permissions.is_internal_control(request.user, entity)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "item":
                form = CheckItemForm(request.POST)
                if form.is_valid():
                    services.checklist_item_add(user=request.user, audit=audit, **form.cleaned_data)
            elif action == "rate":
                item = get_object_or_404(
                    AuditCheckItem.objects.filter(audit=audit), pk=request.POST.get("item")
                )
                form = CheckRateForm(request.POST)
                if form.is_valid():
                    services.checklist_item_rate(user=request.user, item=item, **form.cleaned_data)
            elif action == "finding":
                form = AuditFindingForm(request.POST)
                if form.is_valid():
                    services.audit_finding_record(user=request.user, audit=audit, **form.cleaned_data)
                    messages.warning(
                        request, _("Se registró el hallazgo y se abrió en el plan de mejoramiento.")
                    )
                else:
                    messages.error(request, _("Elija el tipo y describa el hallazgo."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("control:audit_detail", audit.pk)
    return render(
        request,
        "control/audit_detail.html",
        base_context(
            request,
            entity,
            audit=audit,
            can_edit=can_edit,
            item_form=CheckItemForm(),
            rate_form=CheckRateForm(),
            finding_form=AuditFindingForm(),
        ),
    )
