from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..models import CIEvaluation
from ..services import evaluation as evaluation_services
from .common import base_context, entity_or_404

YES_NO = {"1": True, "0": False}


def _evaluation(request, pk):
    return get_object_or_404(CIEvaluation.objects.for_user(request.user).select_related("entity"), pk=pk)


@login_required
def evaluation_list(request):
    entity = entity_or_404(request)
    evaluations = (
        CIEvaluation.objects.for_user(request.user).filter(entity=entity).order_by("-vigencia", "-semester")
    )
    if request.method == "POST":
        if not permissions.is_internal_control(request.user, entity):
            raise PermissionDenied
        raw_year, raw_semester = request.POST.get("vigencia", ""), request.POST.get("semester", "")
        try:
            if not (raw_year.isdigit() and raw_semester.isdigit()):
                raise ValidationError(_("Indique la vigencia y el semestre."))
            created = evaluation_services.evaluation_create(
                user=request.user, entity=entity, vigencia=int(raw_year), semester=int(raw_semester)
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            return redirect("control:evaluation_detail", created.pk)
    return render(
        request, "control/evaluation_list.html", base_context(request, entity, evaluations=evaluations)
    )


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _evaluation(request, pk)
    can_edit = permissions.is_internal_control(request.user, evaluation.entity) and not evaluation.is_signed
    if request.method == "POST":
        if not permissions.is_internal_control(request.user, evaluation.entity):
            raise PermissionDenied
        post = request.POST
        ratings = {
            rating.pk: (
                YES_NO.get(post.get(f"present-{rating.pk}", "")),
                YES_NO.get(post.get(f"functioning-{rating.pk}", "")),
                post.get(f"note-{rating.pk}", ""),
            )
            for rating in evaluation_services.requirement_ratings(evaluation)
        }
        conclusions = {c.pk: post.get(f"conclusion-{c.pk}", "") for c in evaluation.conclusions.all()}
        try:
            evaluation_services.evaluation_save(
                user=request.user,
                evaluation=evaluation,
                ratings=ratings,
                conclusions=conclusions,
                overall_conclusion=post.get("overall", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Se guardó la evaluación."))
        return redirect("control:evaluation_detail", evaluation.pk)
    return render(
        request,
        "control/evaluation_detail.html",
        base_context(
            request,
            evaluation.entity,
            evaluation=evaluation,
            rows=evaluation_services.summary(evaluation),
            can_edit=can_edit,
        ),
    )


@login_required
@require_POST
def evaluation_sign(request, pk: int):
    evaluation = _evaluation(request, pk)
    if not permissions.is_internal_control(request.user, evaluation.entity):
        raise PermissionDenied
    try:
        evaluation_services.evaluation_sign(user=request.user, evaluation=evaluation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("La evaluación quedó firmada; el PDF se guardó con su SHA-256."))
    return redirect("control:evaluation_detail", evaluation.pk)


@login_required
def evaluation_pdf(request, pk: int):
    evaluation = _evaluation(request, pk)
    if not evaluation.is_signed or not evaluation.report:
        raise Http404(_("La evaluación aún no está firmada."))
    return FileResponse(
        evaluation.report.open("rb"),
        content_type="application/pdf",
        filename=f"evaluacion-sci-{evaluation.number}.pdf",
    )
