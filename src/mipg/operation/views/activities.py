"""Activity pages: detail with progress reports, editing, creating and deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import ActivityForm, ProgressReportForm, ReviewForm
from ..permissions import can_manage_operation, can_report
from .common import apply_errors, base_context, confirm_delete
from .plans import draft_guard


@login_required
def activity_detail(request, pk: int):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.goal.plan
    may_report = can_report(request.user, activity)
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        entity=plan.entity,
        locked_periods=selectors.locked_periods(request.user, activity),
    )
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_report_submit(
                    user=request.user,
                    activity=activity,
                    period=data["period"],
                    percent=data["percent"],
                    narrative=data["narrative"],
                    backward_reason=data["backward_reason"],
                    files=[data["evidence_file"]] if data["evidence_file"] else (),
                    links=[data["evidence_url"]] if data["evidence_url"] else (),
                    existing_evidence=data["existing_evidence"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Se envió el reporte de avance para revisión de planeación."))
                return redirect("operation:activity_detail", activity.pk)
        if request.FILES.get("evidence_file"):
            # Browsers never keep a chosen file after a round trip: say so next to the other errors.
            form.add_error(
                "evidence_file",
                _(
                    "El reporte no se envió: vuelva a elegir el archivo de evidencia "
                    "(el navegador no lo conserva) antes de enviarlo de nuevo."
                ),
            )
    summary = selectors.plan_rollup(request.user, plan)
    return render(
        request,
        "operation/activity_detail.html",
        base_context(
            request,
            plan.entity,
            activity=activity,
            plan=plan,
            form=form,
            may_report=may_report,
            reports=selectors.activity_reports(request.user, activity),
            state=summary.by_activity.get(activity.pk),
            review_form=ReviewForm(),
        ),
    )


ACTIVITY_FIELDS = (
    "code",
    "name",
    "responsible_dependencia",
    "responsible_person",
    "start_date",
    "end_date",
    "weight",
    "deliverable",
    "policy",
)


@login_required
def activity_edit(request, pk: int):
    """Planeación corrects one activity while the plan is in formulación."""
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.goal.plan
    if not can_manage_operation(request.user, plan.entity):
        raise PermissionDenied
    initial = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    form = ActivityForm(request.POST or None, entity=plan.entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(
                user=request.user, goal=activity.goal, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó la actividad."))
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request,
        "operation/activity_form.html",
        base_context(request, plan.entity, form=form, activity=activity),
    )


@login_required
def activity_create(request, pk: int):
    """Add one activity to a goal while the plan is in formulación."""
    goal = get_object_or_404(selectors.goals_for(request.user), pk=pk)
    plan = goal.plan
    if blocked := draft_guard(request, plan):
        return blocked
    form = ActivityForm(request.POST or None, entity=plan.entity)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_save(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se agregó la actividad %(code)s.") % {"code": activity.code})
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request,
        "operation/activity_form.html",
        base_context(request, plan.entity, form=form, activity=None, goal=goal, plan=plan),
    )


@login_required
def activity_delete(request, pk: int):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.goal.plan
    return confirm_delete(
        request,
        entity=plan.entity,
        obj=activity,
        perform=lambda: services.activity_delete(user=request.user, activity=activity),
        cancel_url=reverse("operation:activity_detail", args=[activity.pk]),
        success_url=reverse("operation:plan_detail", args=[plan.pk]),
        success_message=_("Se eliminó la actividad %(code)s.") % {"code": activity.code},
    )
