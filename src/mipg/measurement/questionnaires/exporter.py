"""Workbooks out: a questionnaire in the import layout (lossless), and a campaign's answers in the
questionnaire's order for transcription into the official form."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from mipg.core.xlsx import build_workbook

from .importer import (
    ALL_COLUMNS,
    APPLIES_NAMES,
    KIND_NAMES,
    META_COLUMNS,
    META_SHEET,
    SHEET,
    TYPE_NAMES,
    format_number,
    option_line,
)
from .models import Option, Question


def questionnaire_rows(questionnaire) -> list[list]:
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("module", "policy", "condition_question")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order")))
        .order_by("order")
    )
    rows = []
    for question in questions:
        options = list(question.options.all())
        has_points = any(o.points is not None for o in options)
        condition = ""
        if question.condition_question_id:
            condition = f"{question.condition_question.code} = " + " | ".join(question.condition_options)
        rows.append(
            [
                question.code,
                question.module.name,
                question.policy.code if question.policy_id else "",
                question.text,
                TYPE_NAMES[question.qtype],
                "\n".join(option_line(o) for o in options),
                "Sí" if question.evidence_required else "No",
                APPLIES_NAMES[question.applies_to],
                condition,
                "\n".join(format_number(o.points) if o.points is not None else "0" for o in options)
                if has_points
                else "",
                question.component,
                question.category,
                "\n".join(question.columns),
                "\n".join(format_number(p) for p in question.column_points),
                format_number(question.minimum),
                format_number(question.maximum),
                "" if question.decimals is None else str(question.decimals),
                question.applicability,
            ]
        )
    return rows


def questionnaire_meta_rows(questionnaire) -> list[list]:
    return [
        [
            questionnaire.name,
            questionnaire.version,
            KIND_NAMES.get(questionnaire.kind, questionnaire.kind),
            questionnaire.description,
        ]
    ]


def questionnaire_workbook(questionnaire) -> bytes:
    """The import layout: «Preguntas» and the questionnaire's own data in «Cuestionario»."""
    return build_workbook(
        [
            (SHEET, list(ALL_COLUMNS), questionnaire_rows(questionnaire)),
            (META_SHEET, list(META_COLUMNS), questionnaire_meta_rows(questionnaire)),
        ]
    )


def answer_text(answer) -> str:
    """The answer as it must be typed into the official form."""
    question = answer.question
    options = {o.pk: o for o in question.options.all()}
    if question.qtype in ("seleccion_unica", "seleccion_multiple"):
        parts = []
        for pk in answer.choices:
            option = options.get(pk)
            if option is None:
                continue
            text = option.text
            if option.asks_free_text and answer.free_text:
                text += f": {answer.free_text}"
            parts.append(text)
        return "\n".join(parts)
    if question.qtype == "seleccion_multiple_numerica":
        return "\n".join(
            f"{options[int(k)].text}: {format_number(v)}"
            for k, v in answer.values.items()
            if int(k) in options
        )
    if question.qtype == "matricial":
        labels = {c.key: c.label for c in question.matrix_columns()}
        ordered = sorted(
            ((options[int(k)], v) for k, v in answer.values.items() if int(k) in options),
            key=lambda p: p[0].order,
        )
        return "\n".join(f"{o.text}: {labels.get(v, v)}" for o, v in ordered)
    if question.qtype in ("abierta_numerica", "escala"):
        return format_number(answer.number) if answer.number is not None else ""
    return answer.text


def transcription_sheets(campaign, answers) -> list:
    headers = [
        _("Código"),
        _("Módulo"),
        _("Pregunta"),
        _("Tipo"),
        _("Respuesta"),
        _("Justificación"),
        _("Evidencias"),
        _("Estado"),
        _("Estimación interna (no es el índice oficial)"),
    ]
    rows = (
        [
            a.question.code,
            a.question.module.name,
            a.question.text,
            TYPE_NAMES[a.question.qtype],
            answer_text(a) if a.applicable else _("No aplica (condición)"),
            a.justification,
            "\n".join(e.title for e in a.evidence.all()),
            a.get_status_display(),
            float(a.score) if a.score is not None else "",
        ]
        for a in answers
    )
    return [(_("Transcripción"), headers, rows)]
