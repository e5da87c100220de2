"""Thin views: check permission, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.imports import ImportRejected
from mipg.core.numbers import format_number
from mipg.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from mipg.organizations.models import Sector
from mipg.organizations.roles import Role, can_manage, roles_over, user_has_role
from mipg.organizations.selectors import current_entity, dependencias_for, entities_for, people_for

from . import selectors, services
from .exporter import answer_text, questionnaire_workbook, transcription_sheets
from .forms import AssignForm, CampaignForm, EvidenceAttachForm, ImportForm, NoteForm, SectorCampaignForm
from .importer import TYPE_NAMES
from .models import Answer, Question, QuestionType
from .permissions import is_internal_control_kind


def _page(request, items, size=50, max_size=1000):
    try:
        size = min(max_size, max(1, int(request.GET.get("page_size", size))))
    except ValueError:
        pass
    return Paginator(items, size).get_page(request.GET.get("page"))


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@login_required
def index(request):
    entity = current_entity(request)
    if request.GET.get("format") == "xlsx":
        rows = [
            [q.name, q.version, q.get_kind_display(), q.question_count]
            for q in selectors.questionnaires_for(request.user)
        ]
        return xlsx_response(
            "cuestionarios.xlsx",
            [(_("Cuestionarios"), [_("Nombre"), _("Versión"), _("Clase"), _("Preguntas")], rows)],
        )
    questionnaires = _page(request, selectors.questionnaires_for(request.user), 20)
    campaigns = selectors.campaigns_for(request.user).for_planning()  # SCI evaluations live in control
    if request.GET.get("format") == "campaigns-xlsx":
        return xlsx_response(
            "campanas.xlsx",
            [
                (
                    _("Campañas"),
                    [_("Cuestionario"), _("Entidad"), _("Vigencia"), _("Fecha límite")],
                    [[str(c.questionnaire), c.entity.name, c.vigencia, c.deadline] for c in campaigns],
                )
            ],
        )
    manageable = [e for e in entities_for(request.user) if can_manage(request.user, e)]
    return render(
        request,
        "questionnaires/index.html",
        {
            "entity": entity,
            "page": questionnaires,
            "campaigns": Paginator(campaigns.order_by("-vigencia", "entity__name", "pk"), 20).get_page(
                request.GET.get("cpage")
            ),
            "sector_campaigns": selectors.sector_campaigns_for(request.user)[:20],
            "can_import": services.can_import(request.user),
            "can_create": bool(manageable),
            "can_create_sector": bool(selectors.sector_ids_open_for_campaigns(request.user, manageable)),
            "today": timezone.localdate(),
        },
    )


@login_required
def questionnaire_detail(request, pk):
    questionnaire = get_object_or_404(selectors.questionnaires_for(request.user), pk=pk)
    page = _page(request, selectors.questionnaire_questions(questionnaire), 50)
    return render(
        request,
        "questionnaires/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "modules": selectors.modules_of(questionnaire),
            "page": page,
            "type_names": TYPE_NAMES,
        },
    )


@login_required
def questionnaire_export(request, pk):
    questionnaire = get_object_or_404(selectors.questionnaires_for(request.user), pk=pk)
    response = HttpResponse(questionnaire_workbook(questionnaire), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cuestionario-{questionnaire.pk}.xlsx"'
    return response


@login_required
def questionnaire_import(request):
    if not services.can_import(request.user):
        raise PermissionDenied(_("Solo planeación o un administrador pueden importar cuestionarios."))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_import(
                user=request.user,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                version=form.cleaned_data["version"],
            )
        except ImportRejected as error:
            problems = [str(p) for p in error.problems]
        except (ValidationError, PermissionDenied) as error:
            problems = [_error_text(error)]
        else:
            messages.success(
                request,
                _("Cuestionario importado: %(n)s preguntas.") % {"n": questionnaire.question_count},
            )
            return redirect("questionnaires:questionnaire_detail", questionnaire.pk)
    return render(
        request,
        "questionnaires/import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )


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


def _campaign(request, pk):
    return get_object_or_404(selectors.campaigns_for(request.user), pk=pk)


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


def _range_help(question) -> str:
    """What a numeric answer accepts, from the questionnaire's «Mínimo», «Máximo» and «Decimales»."""
    if question.qtype not in (QuestionType.NUMBER, QuestionType.MULTIPLE_NUMERIC, QuestionType.SCALE):
        return ""
    decimals, minimum, maximum = question.number_rules()
    if decimals == 0:
        kind = _("Un número entero, por ejemplo 1.250.")
    else:
        kind = _(
            "Hasta %(n)s decimales. Ejemplo: 1.250,5 (punto para los miles, coma para los decimales)."
        ) % {"n": decimals}
    if maximum is not None:
        bounds = _("Entre %(min)s y %(max)s.") % {
            "min": format_number(minimum),
            "max": format_number(maximum),
        }
    elif minimum:
        bounds = _("Desde %(min)s.") % {"min": format_number(minimum)}
    else:
        bounds = ""
    return f"{bounds} {kind}".strip()


def _answer_payload(post, answer) -> dict:
    qtype = answer.question.qtype
    payload = {"justification": post.get("justification", "")}
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        payload["choices"] = post.getlist("choice")
        payload["free_text"] = post.get("free_text", "")
    elif qtype == QuestionType.MULTIPLE_NUMERIC:
        payload["values"] = {k[6:]: v for k, v in post.items() if k.startswith("value_")}
    elif qtype == QuestionType.MATRIX:
        payload["values"] = {k[4:]: v for k, v in post.items() if k.startswith("row_")}
    elif qtype in (QuestionType.NUMBER, QuestionType.SCALE):
        payload["number"] = post.get("number", "")
    else:
        payload["text"] = post.get("text", "")
    return payload


@login_required
def answer_detail(request, pk):
    try:
        answer = selectors.answer_for(request.user, pk)
    except Answer.DoesNotExist as error:
        raise Http404 from error
    entity = answer.campaign.entity
    evidence_form = EvidenceAttachForm(
        evidence_choices=selectors.reusable_evidence(request.user, entity)
        if services.can_answer(request.user, answer)
        else ()
    )
    note_form = NoteForm()
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                services.answer_save(
                    user=request.user, answer=answer, **_answer_payload(request.POST, answer)
                )
                messages.success(request, _("Respuesta guardada."))
            elif action == "evidence":
                evidence_form = EvidenceAttachForm(
                    request.POST,
                    request.FILES,
                    evidence_choices=selectors.reusable_evidence(request.user, entity),
                )
                if not evidence_form.is_valid():
                    raise ValidationError(
                        " ".join(evidence_form.non_field_errors()) or _("Revise los datos de la evidencia.")
                    )
                data = evidence_form.cleaned_data
                services.answer_attach_evidence(
                    user=request.user,
                    answer=answer,
                    file=data.get("file"),
                    url=data.get("url") or "",
                    title=data.get("title") or "",
                    reuse=data.get("reuse") or None,
                )
                messages.success(request, _("Evidencia adjuntada."))
            elif action == "review":
                services.answer_review(user=request.user, answer=answer)
                messages.success(request, _("Respuesta revisada."))
            elif action == "verify":
                services.answer_verify(user=request.user, answer=answer)
                messages.success(request, _("Respuesta verificada."))
            elif action == "return":
                services.answer_return(user=request.user, answer=answer, note=request.POST.get("note", ""))
                messages.success(request, _("Respuesta devuelta con observación."))
            else:
                raise ValidationError(_("Acción desconocida."))
        except PermissionDenied:
            raise
        except ValidationError as exc:
            error = _error_text(exc)
            answer = selectors.answer_for(request.user, pk)
        else:
            return redirect("questionnaires:answer_detail", answer.pk)
    roles = roles_over(request.user, entity)
    # The SCI evaluation (permissions.py) has no review, verification or return.
    reviewable = not is_internal_control_kind(answer.campaign.questionnaire)
    evidence = list(answer.evidence.all())
    options = list(answer.question.options.all())
    siblings = Answer.objects.filter(campaign_id=answer.campaign_id)
    previous_pk = (
        siblings.filter(question__order__lt=answer.question.order)
        .order_by("-question__order")
        .values_list("pk", flat=True)
        .first()
    )
    next_pk = (
        siblings.filter(question__order__gt=answer.question.order)
        .order_by("question__order")
        .values_list("pk", flat=True)
        .first()
    )
    return render(
        request,
        "questionnaires/answer_detail.html",
        {
            "answer": answer,
            "question": answer.question,
            "options": options,
            "chosen": set(answer.choices),
            "values": {int(k): v for k, v in answer.values.items()},
            "evidence": evidence,
            "evidence_missing": answer.question.evidence_required and answer.is_answered and not evidence,
            "can_answer": services.can_answer(request.user, answer) and answer.status in services.EDITABLE,
            "can_review": reviewable
            and can_manage(request.user, entity)
            and answer.status == Answer.Status.ANSWERED,
            "can_verify": reviewable
            and user_has_role(request.user, entity, {Role.INTERNAL_CONTROL})
            and answer.status == Answer.Status.REVIEWED,
            "can_return": reviewable
            and bool(roles & {Role.ADMIN, Role.PLANNING, Role.INTERNAL_CONTROL})
            and answer.status in (Answer.Status.ANSWERED, Answer.Status.REVIEWED, Answer.Status.VERIFIED),
            "evidence_form": evidence_form,
            "note_form": note_form,
            "error": error,
            "type_names": TYPE_NAMES,
            "previous_pk": previous_pk,
            "next_pk": next_pk,
            "matrix_columns": answer.question.matrix_columns(),
            "matrix_rows": [{"option": o, "value": answer.values.get(str(o.pk), "")} for o in options],
            "range_help": _range_help(answer.question),
        },
        status=400 if error else 200,
    )
