"""Pages: official results (import, public ranking), recommendations and improvement plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.catalog.selectors import current_policies
from mipg.core.db_router import reading_from_replica
from mipg.core.imports import ImportRejected
from mipg.core.services import evidence_create
from mipg.core.xlsx import xlsx_response
from mipg.organizations.models import Entity
from mipg.organizations.roles import can_view
from mipg.organizations.selectors import current_entity, dependencias_for

from . import selectors, services
from .forms import (
    STATUS_CHOICES,
    ActionForm,
    BulkActionsForm,
    FindingForm,
    PlanForm,
    ProgressForm,
    RecommendationsUploadForm,
    ResultsUploadForm,
    VerifyForm,
)
from .models import Finding, ImprovementAction, ImprovementPlan, Recommendation
from .permissions import can_import_recommendations, can_import_results, can_manage_plans, can_verify

PAGE_SIZE = 50
MAX_PROBLEMS_SHOWN = 200


def _problems_context(error: ImportRejected) -> dict:
    return {"problems": error.problems[:MAX_PROBLEMS_SHOWN], "problem_count": len(error.problems)}


def _entity_or_404(request):
    """The working entity: `?entidad=<id>` (one the user holds a role over; it becomes the current
    entity, as with the selector) or the current entity of the session."""
    chosen = request.GET.get("entidad", "")
    if chosen.isascii() and chosen.isdigit():
        entity = get_object_or_404(Entity.objects.visible_to(request.user), pk=int(chosen))
        request.session["mipg_entity_id"] = entity.pk
        request._mipg_current_entity = entity
        return entity
    entity = current_entity(request)
    if entity is None:
        raise Http404
    return entity


@login_required
def index(request):
    imports = list(selectors.imports_for(request.user)[:20])
    entity = current_entity(request)
    return render(
        request,
        "results/index.html",
        {
            "imports": imports,
            "vigencias": selectors.vigencias(),
            "can_import": can_import_results(request.user),
            "entity": entity,
        },
    )


@login_required
def results_upload(request):
    """Upload → staged import with its preview (services/staging.py); nothing changes until confirmed."""
    if not can_import_results(request.user):
        raise PermissionDenied
    form = ResultsUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = services.results_stage(
                user=request.user,
                file=upload,
                vigencia=form.cleaned_data["vigencia"],
                sheet=form.cleaned_data["sheet"] or None,
                file_name=upload.name,
            )
        except ImportRejected as error:
            context.update(_problems_context(error))
        else:
            return redirect("results:staged_preview", pk=staged.pk)
    return render(request, "results/upload.html", context)


@login_required
@reading_from_replica()
def ranking(request):
    """Public ranking of a vigencia by IDI (every signed-in user: official results are public data), read
    from the precomputed peer statistics (services/peer_stats.py) in their published order."""
    data = selectors.idi_ranking(
        request.user,
        vigencia=request.GET.get("vigencia"),
        group=request.GET.get("grupo", ""),
        query=request.GET.get("q", "").strip(),
    )
    vigencia, group, query, rows = data["vigencia"], data["group"], data["query"], data["rows"]
    if request.GET.get("export") == "xlsx":
        synthetic = _("Sí") if vigencia in selectors.synthetic_vigencias() else _("No")
        export = (
            (
                r.subject.sigep_code,
                r.subject.name,
                r.subject.peer_group,
                r.subject.departamento,
                float(r.value),
                synthetic,
            )
            for r in rows.iterator(chunk_size=2000)
        )
        return xlsx_response(
            f"ranking-idi-{vigencia}.xlsx",
            [
                (
                    _("Ranking IDI"),
                    [
                        _("Código SIGEP"),
                        _("Entidad"),
                        _("Grupo par"),
                        _("Departamento"),
                        "IDI",
                        _("Datos sintéticos"),
                    ],
                    export,
                )
            ],
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "results/ranking.html",
        {
            "page": page,
            "years": data["years"],
            "vigencia": vigencia,
            "groups": data["groups"],
            "group": group,
            "q": query,
        },
    )


# ---------------------------------------------------------------- recommendations


@login_required
def recommendation_list(request):
    entity = _entity_or_404(request)
    queryset = selectors.recommendations_for(request.user, entity).prefetch_related("findings__actions")
    vigencia, policy, status = (
        request.GET.get("vigencia", ""),
        request.GET.get("politica", ""),
        request.GET.get("estado", ""),
    )
    if vigencia.isdigit():
        queryset = queryset.filter(vigencia=int(vigencia))
    if policy:
        queryset = queryset.filter(policy__code=policy)
    if status in Recommendation.Status.values:
        queryset = queryset.filter(status=status)
    manage = can_manage_plans(request.user, entity)
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                r.vigencia,
                r.policy.code,
                r.policy.name,
                r.text,
                r.related_policy.code if r.related_policy else "",
                r.get_status_display(),
            )
            for r in queryset
        )
        headers = [
            _("Vigencia"),
            _("Código"),
            _("Política"),
            _("Recomendación"),
            _("Política relacionada"),
            _("Estado"),
        ]
        return xlsx_response("recomendaciones.xlsx", [(_("Recomendaciones"), headers, rows)])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    plans = selectors.plans_for(request.user, entity)
    bulk_form = BulkActionsForm(recommendations=queryset, plans=plans) if manage else None
    return render(
        request,
        "results/recommendation_list.html",
        {
            "entity": entity,
            "page": page,
            "policies": current_policies(),
            "statuses": STATUS_CHOICES,
            "filters": {"vigencia": vigencia, "politica": policy, "estado": status},
            "can_manage": manage,
            "can_import": can_import_recommendations(request.user),
            "bulk_form": bulk_form,
        },
    )


@login_required
def recommendation_upload(request):
    """Función Pública's recommendations for any entity, by the results administrator: staged, previewed
    and confirmed like official results."""
    if not can_import_recommendations(request.user):
        raise PermissionDenied
    entity = current_entity(request)
    form = RecommendationsUploadForm(request.POST or None, request.FILES or None, initial={"entity": entity})
    context = {"form": form, "entity": entity}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = services.recommendations_stage(
                user=request.user,
                entity=form.cleaned_data["entity"],
                vigencia=form.cleaned_data["vigencia"],
                file=upload,
                file_name=upload.name,
            )
        except ImportRejected as error:
            context.update(_problems_context(error))
        else:
            return redirect("results:staged_preview", pk=staged.pk)
    return render(request, "results/recommendation_upload.html", context)


@login_required
@require_POST
def actions_from_recommendations(request):
    entity = _entity_or_404(request)
    if not can_manage_plans(request.user, entity):
        raise PermissionDenied
    recommendations = selectors.recommendations_for(request.user, entity)
    form = BulkActionsForm(
        request.POST, recommendations=recommendations, plans=selectors.plans_for(request.user, entity)
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("results:recommendation_list")
    try:
        with transaction.atomic():
            plan = form.cleaned_data["plan"]
            if plan is None:
                plan = services.plan_create(
                    user=request.user, entity=entity, name=form.cleaned_data["new_plan"]
                )
            actions = services.actions_from_recommendations(
                user=request.user,
                plan=plan,
                recommendations=list(form.cleaned_data["recommendations"]),
                start_date=form.cleaned_data["start_date"],
                due_date=form.cleaned_data["due_date"],
                responsible=form.cleaned_data["responsible"],
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("results:recommendation_list")
    messages.success(request, _("%(n)s acciones de mejora creadas.") % {"n": len(actions)})
    return redirect("results:plan_detail", pk=plan.pk)


# ---------------------------------------------------------------- improvement plans


@login_required
def plan_list(request):
    entity = _entity_or_404(request)
    plans = selectors.plans_for(request.user, entity)
    manage = can_manage_plans(request.user, entity)
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            plan = services.plan_create(
                user=request.user,
                entity=entity,
                name=form.cleaned_data["name"],
                vigencia=form.cleaned_data["vigencia"],
            )
            messages.success(request, _("Plan de mejoramiento creado."))
            return redirect("results:plan_detail", pk=plan.pk)
    if request.GET.get("export") == "xlsx":
        headers = [_("Plan"), _("Vigencia"), _("Hallazgos"), _("Abiertos"), _("Acciones")]
        rows = ((p.name, p.vigencia, p.finding_count, p.open_count, p.action_count) for p in plans)
        return xlsx_response("planes-de-mejoramiento.xlsx", [(_("Planes"), headers, rows)])
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "results/plan_list.html",
        {"entity": entity, "page": page, "form": form, "can_manage": manage},
    )


def _plan_or_404(request, pk):
    try:
        return selectors.plan_detail(request.user, pk)
    except (ImprovementPlan.DoesNotExist, ValueError) as error:
        raise Http404 from error


@login_required
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    manage = can_manage_plans(request.user, plan.entity)
    finding_form = FindingForm(request.POST or None, policies=current_policies())
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if finding_form.is_valid():
            finding = services.finding_create(user=request.user, plan=plan, **finding_form.cleaned_data)
            messages.success(request, _("Hallazgo registrado."))
            return redirect(f"{reverse('results:plan_detail', args=[plan.pk])}#hallazgo-{finding.pk}")
    if request.GET.get("export") == "xlsx":
        headers = [
            _("Origen"),
            _("Hallazgo"),
            _("Causa"),
            _("Política"),
            _("Acción"),
            _("Responsable"),
            _("Inicio"),
            _("Terminación"),
            _("Entregable"),
            _("Indicador"),
            _("Avance (%)"),
            _("Estado"),
        ]
        rows = []
        for finding in plan.findings.all():
            for action in finding.actions.all():
                rows.append(
                    (
                        finding.get_origin_display(),
                        finding.description,
                        finding.cause,
                        finding.policy.code if finding.policy else "",
                        action.description,
                        action.responsible,
                        action.start_date,
                        action.due_date,
                        action.deliverable,
                        action.indicator,
                        action.progress,
                        action.get_status_display(),
                    )
                )
        return xlsx_response(f"plan-{plan.pk}.xlsx", [(_("Plan de mejoramiento"), headers, rows)])
    return render(
        request,
        "results/plan_detail.html",
        {"plan": plan, "can_manage": manage, "finding_form": finding_form},
    )


@login_required
def action_create(request, finding_pk: int):
    finding = get_object_or_404(
        Finding.objects.for_user(request.user).select_related("plan__entity"), pk=finding_pk
    )
    if not can_manage_plans(request.user, finding.plan.entity):
        raise PermissionDenied
    form = ActionForm(request.POST or None, dependencias=dependencias_for(request.user, finding.plan.entity))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(user=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Acción de mejora registrada."))
            return redirect("results:action_detail", pk=action.pk)
    return render(request, "results/action_form.html", {"finding": finding, "form": form})


@login_required
@require_POST
def finding_close(request, pk: int):
    finding = get_object_or_404(Finding.objects.for_user(request.user).select_related("plan__entity"), pk=pk)
    try:
        services.finding_close(user=request.user, finding=finding)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hallazgo cerrado."))
    return redirect("results:plan_detail", pk=finding.plan_id)


@login_required
def action_detail(request, pk: int):
    try:
        action = selectors.action_detail(request.user, pk)
    except ImprovementAction.DoesNotExist as error:
        raise Http404 from error
    entity = action.finding.plan.entity
    manage = can_manage_plans(request.user, entity)
    verify = can_verify(request.user, entity)
    progress_form = ProgressForm(prefix="avance")
    verify_form = VerifyForm(prefix="verif")
    if request.method == "POST":
        if "avance-percent" in request.POST:
            if not manage:
                raise PermissionDenied
            progress_form = ProgressForm(request.POST, request.FILES, prefix="avance")
            if progress_form.is_valid():
                data = progress_form.cleaned_data
                try:
                    evidence = []
                    if data["evidence_file"] or data["evidence_url"]:
                        evidence.append(
                            evidence_create(
                                user=request.user,
                                entity=entity,
                                title=data["evidence_title"] or data["note"][:120],
                                file=data["evidence_file"],
                                url=data["evidence_url"] or "",
                            )
                        )
                    services.progress_report(
                        user=request.user,
                        action=action,
                        percent=data["percent"],
                        note=data["note"],
                        evidence=evidence,
                    )
                except ValidationError as error:
                    progress_form.add_error(None, " ".join(error.messages))
                except PermissionDenied as error:
                    progress_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Avance registrado."))
                    return redirect("results:action_detail", pk=action.pk)
        else:
            if not verify:
                raise PermissionDenied
            verify_form = VerifyForm(request.POST, prefix="verif")
            if verify_form.is_valid():
                try:
                    services.action_verify(
                        user=request.user,
                        action=action,
                        effective=verify_form.cleaned_data["effective"],
                        note=verify_form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    verify_form.add_error(None, " ".join(error.messages))
                else:
                    messages.success(request, _("Verificación registrada."))
                    return redirect("results:action_detail", pk=action.pk)
    return render(
        request,
        "results/action_detail.html",
        {
            "action": action,
            "can_manage": manage,
            "can_verify": verify,
            "progress_form": progress_form,
            "verify_form": verify_form,
            "verify_blockers": services.evidence_problems(action)
            if verify and action.status == ImprovementAction.Status.COMPLETED
            else [],
            "can_view_entity": can_view(request.user, entity),
        },
    )
