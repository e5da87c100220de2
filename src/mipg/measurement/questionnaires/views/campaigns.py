"""Campaigns: creating them (one entity or a whole sector), their pages, questions, assignment,
comparison and transcription workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.xlsx import xlsx_response
from mipg.organizations.models import Sector
from mipg.organizations.roles import can_manage
from mipg.organizations.selectors import current_entity, dependencias_for, entities_for, people_for

from .. import selectors, services
from ..exporter import answer_text, transcription_sheets
from ..forms import AssignForm, CampaignForm, SectorCampaignForm
from ..importer import TYPE_NAMES
from ..models import Answer, Question
from .common import _campaign, _error_text, _page


@login_required
def campaign_create(request):
    entities = [e.pk for e in entities_for(request.user) if can_manage(request.user, e)]
    if not entities:
        raise PermissionDenied(_("Solo planeación abre campañas."))
    from mipg.organizations.models import Entity

    form = CampaignForm(
        request.POST or None,
        questionnaires=selectors.planning_questionnaires_for(request.user),
        entities=Entity.objects.filter(pk__in=entities),
        initial={
            "entity": getattr(current_entity(request), "pk", None),
            "vigencia": timezone.localdate().year,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Campaña abierta."))
            return redirect("questionnaires:campaign_detail", campaign.pk)
    return render(request, "questionnaires/campaign_form.html", {"form": form, "title": _("Nueva campaña")})


@login_required
def sector_campaign_create(request):
    sector_ids = selectors.sector_ids_open_for_campaigns(request.user)
    if not sector_ids:
        raise PermissionDenied(
            _(
                "Solo planeación sectorial (con todas las entidades del sector) puede abrir una "
                "campaña sectorial."
            )
        )
    form = SectorCampaignForm(
        request.POST or None,
        questionnaires=selectors.planning_questionnaires_for(request.user),
        sectors=Sector.objects.filter(pk__in=sector_ids),
        initial={"vigencia": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        # One campaign per entity of the sector: opened by a background job (issue 14 item 5), in one
        # transaction (a failure opens none); the job's page links to the sector campaign.
        from mipg.jobs import offload

        return redirect("jobs:detail", pk=offload.sector_campaign(user=request.user, **form.cleaned_data).pk)
    return render(
        request, "questionnaires/campaign_form.html", {"form": form, "title": _("Nueva campaña sectorial")}
    )


@login_required
def sector_campaign_detail(request, pk):
    sector_campaign = get_object_or_404(selectors.sector_campaigns_for(request.user), pk=pk)
    rows = selectors.sector_consolidated(request.user, sector_campaign)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"campana-sectorial-{sector_campaign.pk}.xlsx",
            [
                (
                    _("Consolidado"),
                    [_("Entidad"), _("Avance (%)"), _("Estimación interna (no es el índice oficial)")],
                    [
                        [
                            c.entity.name,
                            total.progress if total else 0,
                            float(total.estimate) if total and total.estimate is not None else "",
                        ]
                        for c, total in rows
                    ],
                )
            ],
        )
    return render(
        request,
        "questionnaires/sector_campaign_detail.html",
        {"sector_campaign": sector_campaign, "rows": rows, "today": timezone.localdate()},
    )


@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    aggregates = selectors.aggregates(campaign)
    by_kind = {
        kind: [a for a in aggregates if a.kind == kind] for kind in ("module", "policy", "dimension", "total")
    }
    return render(
        request,
        "questionnaires/campaign_detail.html",
        {
            "campaign": campaign,
            "modules": by_kind["module"],
            "policies": by_kind["policy"],
            "dimensions": by_kind["dimension"],
            "total": by_kind["total"][0] if by_kind["total"] else None,
            "by_dependencia": selectors.progress_by(campaign, "assigned_dependencia"),
            "by_person": selectors.progress_by(campaign, "assigned_person"),
            "status_counts": selectors.status_counts(campaign),
            "late": selectors.is_late(campaign),
            "can_manage": can_manage(request.user, campaign.entity),
            "can_open_sector_campaign": campaign.sector_campaign_id is not None
            and selectors.sector_campaigns_for(request.user).filter(pk=campaign.sector_campaign_id).exists(),
            "chart": {
                "labels": [a.label for a in by_kind["module"]],
                "progress": [a.progress for a in by_kind["module"]],
                "estimate": [
                    float(a.estimate) if a.estimate is not None else None for a in by_kind["module"]
                ],
            },
        },
    )


@login_required
def campaign_questions(request, pk):
    campaign = _campaign(request, pk)
    answers = selectors.campaign_answers(request.user, campaign)
    module = request.GET.get("module", "")
    status = request.GET.get("status", "")
    if module.isdigit():
        answers = answers.filter(question__module_id=int(module))
    if status in Answer.Status.values:
        answers = answers.filter(status=status)
    if request.GET.get("mine"):
        person = getattr(request.user, "person", None) if hasattr(request.user, "person") else None
        answers = answers.filter(selectors.assigned_to(person)) if person else answers.none()
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"campana-{campaign.pk}-preguntas.xlsx", transcription_sheets(campaign, answers))
    page = _page(request, answers, 100)
    for answer in page.object_list:
        answer.display = answer_text(answer) if answer.is_answered else ""
    late = selectors.is_late(campaign)
    return render(
        request,
        "questionnaires/campaign_questions.html",
        {
            "campaign": campaign,
            "page": page,
            "modules": selectors.modules_of(campaign.questionnaire),
            "statuses": Answer.Status.choices,
            "module": module,
            "status": status,
            "late": late,
            "type_names": TYPE_NAMES,
        },
    )


@login_required
def campaign_transcription(request, pk):
    campaign = _campaign(request, pk)
    return xlsx_response(
        f"transcripcion-{campaign.pk}.xlsx",
        transcription_sheets(campaign, selectors.campaign_answers(request.user, campaign)),
    )


@login_required
def campaign_assign(request, pk):
    campaign = _campaign(request, pk)
    if not can_manage(request.user, campaign.entity):
        raise PermissionDenied(_("Solo planeación de la entidad asigna preguntas."))
    form = AssignForm(
        request.POST or None,
        modules=selectors.modules_of(campaign.questionnaire),
        dependencias=dependencias_for(request.user, campaign.entity),
        people=people_for(request.user, campaign.entity),
    )
    if request.method == "POST" and form.is_valid():
        codes = [c.strip() for c in form.cleaned_data["question_codes"].split(",") if c.strip()]
        questions = list(Question.objects.filter(questionnaire=campaign.questionnaire, code__in=codes))
        unknown = set(codes) - {q.code for q in questions}
        if unknown:
            form.add_error(
                "question_codes",
                _("No existen las preguntas: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
            )
        else:
            try:
                count = services.campaign_assign(
                    user=request.user,
                    campaign=campaign,
                    modules=list(form.cleaned_data["modules"]),
                    questions=questions,
                    dependencia=form.cleaned_data["dependencia"],
                    person=form.cleaned_data["person"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("%(n)s preguntas asignadas.") % {"n": count})
                return redirect("questionnaires:campaign_detail", campaign.pk)
    return render(request, "questionnaires/assign.html", {"campaign": campaign, "form": form})


@login_required
def campaign_compare(request, pk):
    campaign = _campaign(request, pk)
    previous = selectors.previous_campaign(request.user, campaign)
    rows = []
    if previous is not None:
        before = {a.question.code: a for a in selectors.campaign_answers(request.user, previous)}
        for answer in selectors.campaign_answers(request.user, campaign):
            old = before.get(answer.question.code)
            old_text = answer_text(old) if old else ""
            new_text = answer_text(answer)
            rows.append(
                {
                    "answer": answer,
                    "old": old,
                    "old_text": old_text,
                    "new_text": new_text,
                    "changed": old is not None and answer.is_answered and old_text != new_text,
                    "reusable": [e for e in old.evidence.all()] if old else [],
                }
            )
    return render(
        request,
        "questionnaires/compare.html",
        {"campaign": campaign, "previous": previous, "rows": rows},
    )
