"""Progress reports waiting for review, and their review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import ReviewForm
from ..models import ProgressReport
from ..permissions import can_manage_operation
from .common import base_context, entity_or_404


@login_required
def report_list(request):
    entity = entity_or_404(request)
    status = request.GET.get("estado", ProgressReport.Status.SUBMITTED)
    reports = selectors.reports_for(request.user, entity).order_by("-reported_at")
    if status in ProgressReport.Status.values:
        reports = reports.filter(status=status)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Vigencia"),
            _("Actividad"),
            _("Dependencia"),
            _("Periodo"),
            _("Avance (%)"),
            _("Lo realizado"),
            _("Estado"),
            _("Reportado por"),
            _("Reportado el"),
        ]
        rows = (
            [
                r.activity.goal.plan.vigencia,
                f"{r.activity.code} {r.activity.name}",
                r.activity.responsible_dependencia.name,
                r.period,
                float(r.percent),
                r.narrative,
                r.get_status_display(),
                r.reported_by.get_username(),
                r.reported_at,
            ]
            for r in reports
        )
        return xlsx_response("reportes-de-avance.xlsx", [(_("Reportes"), headers, rows)])
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "operation/report_list.html",
        base_context(
            request,
            entity,
            page=page,
            status=status,
            statuses=ProgressReport.Status.choices,
            review_form=ReviewForm(),
        ),
    )


@login_required
@require_POST
def report_review(request, pk: int):
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not can_manage_operation(request.user, report.activity.goal.plan.entity):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.progress_report_review(
                user=request.user,
                report=report,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            report.refresh_from_db()
            messages.success(
                request, _("El reporte quedó «%(status)s».") % {"status": report.get_status_display()}
            )
    else:
        messages.error(request, _("Elija aprobar o devolver."))
    target = request.POST.get("next", "")
    if target.startswith("/operacion/"):
        return redirect(target)
    return redirect("operation:activity_detail", report.activity_id)
