from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.organizations.models import Entity

from .. import permissions, selectors, services
from ..forms import EvaluationForm, FollowUpForm, PeriodForm, ReviewForm, SelfAssessmentForm
from .common import apply_errors, base_context, entity_or_404, vigencia_context


def _period(request, entity):
    raw = request.GET.get("periodo", "")
    return selectors.current_period(request.user, entity, int(raw) if raw.isdigit() else None)


@login_required
def monitoring_queue(request):
    entity = entity_or_404(request)
    period = _period(request, entity)
    context = base_context(
        request,
        entity,
        period=period,
        periods=selectors.periods_for(request.user, entity).order_by("-start"),
    )
    if period is not None:
        context["queue"] = selectors.queue(request.user, entity, period)
        context["recent"] = (
            selectors.assessments_for(request.user, entity)
            .filter(period=period)
            .order_by("-self_assessed_at")[:50]
        )
    return render(request, "control/queue.html", context)


@login_required
def period_create(request):
    entity = entity_or_404(request)
    if not permissions.can_manage(request.user, entity):
        raise PermissionDenied
    form = PeriodForm(request.POST or None, initial={"vigencia": selectors.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(user=request.user, entity=entity, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se creó el periodo de monitoreo."))
            return redirect(f"{reverse('control:queue')}?periodo={period.pk}")
    return render(request, "control/period_form.html", base_context(request, entity, form=form))


@login_required
def self_assess(request, pk: int):
    control = selectors.control_detail(request.user, pk)
    risk = control.risk
    if not permissions.can_self_assess(request.user, control):
        raise PermissionDenied
    period = _period(request, risk.entity)
    if period is None:
        raise Http404(_("No hay periodo de monitoreo."))
    form = SelfAssessmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.self_assess(
                user=request.user,
                control=control,
                period=period,
                executed=data["executed"],
                note=data["note"],
                files=[data["file"]] if data.get("file") else [],
                links=[data["url"]] if data.get("url") else [],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se registró la autoevaluación del control."))
            return redirect("control:risk_detail", risk.pk)
    return render(
        request,
        "control/self_assessment_form.html",
        base_context(request, risk.entity, form=form, control=control, risk=risk, period=period),
    )


@login_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_detail(request.user, pk)
    entity = assessment.control.risk.entity
    context = base_context(
        request,
        entity,
        assessment=assessment,
        can_review=permissions.can_review(request.user, entity) and assessment.self_assessed_at is not None,
        can_evaluate=permissions.is_internal_control(request.user, entity)
        and assessment.evaluated_at is None,
        review_form=ReviewForm(),
        evaluation_form=EvaluationForm(),
    )
    return render(request, "control/assessment_detail.html", context)


@login_required
def assessment_review(request, pk: int):
    assessment = selectors.assessment_detail(request.user, pk)
    if not permissions.can_review(request.user, assessment.control.risk.entity):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(user=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se registró la revisión de la segunda línea."))
            return redirect("control:assessment_detail", assessment.pk)
    return render(
        request,
        "control/assessment_detail.html",
        base_context(
            request, assessment.control.risk.entity, assessment=assessment, can_review=True, review_form=form
        ),
    )


@login_required
def assessment_evaluate(request, pk: int):
    assessment = selectors.assessment_detail(request.user, pk)
    if not permissions.is_internal_control(request.user, assessment.control.risk.entity):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate(user=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            assessment.refresh_from_db()
            if assessment.finding_id:
                messages.warning(
                    request,
                    _(
                        "Se registró la evaluación y se abrió un hallazgo en el plan de mejoramiento "
                        "«%(plan)s»."
                    )
                    % {"plan": assessment.finding.plan.name},
                )
            else:
                messages.success(request, _("Se registró la evaluación de control interno."))
            return redirect("control:assessment_detail", assessment.pk)
    return render(
        request,
        "control/assessment_detail.html",
        base_context(
            request,
            assessment.control.risk.entity,
            assessment=assessment,
            can_evaluate=True,
            evaluation_form=form,
        ),
    )


@login_required
def controls_without_evidence(request):
    entity = entity_or_404(request)
    period = _period(request, entity)
    controls = selectors.controls_without_evidence(request.user, entity, period) if period else []
    return render(
        request,
        "control/controls_without_evidence.html",
        base_context(
            request,
            entity,
            period=period,
            controls=controls,
            periods=selectors.periods_for(request.user, entity).order_by("-start"),
        ),
    )


@login_required
def overdue_treatments(request):
    entity, vigencia, _policy = vigencia_context(request)
    risks = selectors.overdue_treatments(request.user, entity, vigencia)
    return render(
        request,
        "control/overdue_treatments.html",
        base_context(request, entity, vigencia=vigencia, risks=risks),
    )


@login_required
def corruption_follow_up(request):
    entity, vigencia, _policy = vigencia_context(request)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if not permissions.is_internal_control(request.user, entity):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.follow_up_record(
                    user=request.user, entity=entity, vigencia=vigencia, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Se registró el seguimiento al mapa de riesgos de corrupción."))
                return redirect(f"{reverse('control:corruption')}?vigencia={vigencia}")
    return render(
        request,
        "control/corruption_follow_up.html",
        base_context(
            request,
            entity,
            vigencia=vigencia,
            rows=selectors.follow_up_status(request.user, entity, vigencia),
            form=form,
        ),
    )


@login_required
def sector_view(request):
    """Residual zones by entity of the subtree the user oversees (the sector head's planning office)."""
    entity = entity_or_404(request)
    head = entity
    if not permissions.can_manage(request.user, head):
        raise PermissionDenied
    vigencia = selectors.vigencia_from(request)
    rows = selectors.sector_zones(request.user, head, vigencia)
    children = Entity.objects.visible_to(request.user).filter(path__startswith=head.path).count()
    return render(
        request,
        "control/sector.html",
        base_context(request, entity, vigencia=vigencia, rows=rows, visible_entities=children),
    )
