"""Plan pages: the entity's plan, its detail and status, creating a plan and editing its goals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import GoalForm, PlanCreateForm
from ..models import ActionPlan, Indicator
from ..permissions import can_manage_operation
from .common import apply_errors, base_context, confirm_delete, entity_or_404


@login_required
def plan_home(request):
    """The current entity's plan for the vigencia, or the way to import it."""
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    plan = selectors.plan_for(request.user, entity, vigencia)
    if plan is not None:
        return redirect("operation:plan_detail", plan.pk)
    return render(request, "operation/plan_missing.html", base_context(request, entity, vigencia=vigencia))


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    activities = selectors.activities_for(request.user, plan).order_by(
        "goal__order", "goal__code", "order", "code"
    )
    policy = request.GET.get("politica", "").upper()
    if policy:
        activities = activities.filter(policy__code=policy)
    mine = request.GET.get("mias") == "1"
    if mine:
        activities = selectors.reportable_by(request.user, activities, plan)
    page = Paginator(activities, 100).get_page(request.GET.get("page"))
    summary = selectors.plan_rollup(request.user, plan)
    rows = [(activity, summary.by_activity.get(activity.pk)) for activity in page]
    return render(
        request,
        "operation/plan_detail.html",
        base_context(
            request,
            plan.entity,
            plan=plan,
            page=page,
            rows=rows,
            summary=summary,
            policy=policy,
            mine=mine,
            goals={g.key: g for g in summary.goals},
            counts=selectors.report_counts(request.user, plan),
            reopened=selectors.reopened_reports(request.user, plan),
            goal_list=selectors.goals_for(request.user, plan)
            if plan.status == ActionPlan.Status.DRAFT
            else [],
            weight_problems=services.weight_problems(plan) if plan.status == ActionPlan.Status.DRAFT else [],
            statuses=ActionPlan.Status,
        ),
    )


@login_required
@require_POST
def plan_status(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    try:
        services.plan_set_status(user=request.user, plan=plan, status=request.POST.get("status", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("El plan quedó «%(status)s».") % {"status": plan.get_status_display()})
    return redirect("operation:plan_detail", plan.pk)


@login_required
def plan_create(request):
    """Planeación starts an empty plan for a vigencia and then adds goals and activities one by one."""
    entity = entity_or_404(request)
    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, initial={"vigencia": selectors.vigencia_from(request)})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                user=request.user,
                entity=entity,
                vigencia=form.cleaned_data["vigencia"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Se creó el plan «%(name)s». Agregue sus metas.") % {"name": plan.name}
            )
            return redirect("operation:plan_detail", plan.pk)
    return render(request, "operation/plan_form.html", base_context(request, entity, form=form))


def draft_guard(request, plan):
    """Planeación only (403 otherwise); a plan no longer in formulación sends back to its page."""
    if not can_manage_operation(request.user, plan.entity):
        raise PermissionDenied
    if plan.status != ActionPlan.Status.DRAFT:
        messages.error(
            request, _("El plan ya no está en formulación; no se pueden cambiar metas ni actividades.")
        )
        return redirect("operation:plan_detail", plan.pk)
    return None


def _goal_form_view(request, plan, goal=None):
    if blocked := draft_guard(request, plan):
        return blocked
    initial = {"code": goal.code, "name": goal.name, "indicator": goal.indicator} if goal else {}
    form = GoalForm(request.POST or None, entity=plan.entity, initial=initial)
    form.fields["indicator"].queryset = Indicator.objects.filter(
        entity=plan.entity, vigencia=plan.vigencia
    ).order_by("name")
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(user=request.user, plan=plan, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó la meta."))
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request,
        "operation/goal_form.html",
        base_context(request, plan.entity, form=form, plan=plan, goal=goal),
    )


@login_required
def goal_create(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return _goal_form_view(request, plan)


@login_required
def goal_edit(request, pk: int):
    goal = get_object_or_404(selectors.goals_for(request.user), pk=pk)
    return _goal_form_view(request, goal.plan, goal)


@login_required
def goal_delete(request, pk: int):
    goal = get_object_or_404(selectors.goals_for(request.user), pk=pk)
    plan_url = reverse("operation:plan_detail", args=[goal.plan_id])
    return confirm_delete(
        request,
        entity=goal.plan.entity,
        obj=goal,
        perform=lambda: services.goal_delete(user=request.user, goal=goal),
        cancel_url=plan_url,
        success_url=plan_url,
        success_message=_("Se eliminó la meta %(code)s.") % {"code": goal.code},
        warning=_("También se eliminan sus actividades."),
    )
