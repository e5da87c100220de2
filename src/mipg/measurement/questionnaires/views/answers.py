"""Answering one question of a campaign: the answer page and how its form is read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mipg.core.numbers import format_number
from mipg.organizations.roles import Role, can_manage, roles_over, user_has_role

from .. import selectors, services
from ..forms import EvidenceAttachForm, NoteForm
from ..importer import TYPE_NAMES
from ..models import Answer, QuestionType
from ..permissions import is_internal_control_kind
from .common import _error_text


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
