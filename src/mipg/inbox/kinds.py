"""Kinds of pending items and their Spanish labels (the API's `kind` is the code)."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "acta_to_approve": _("Acta por aprobar"),
    "commitment_due": _("Compromiso de comité"),
    "progress_to_submit": _("Avance por reportar"),
    "progress_to_approve": _("Avance por revisar"),
    "decree_612_publication": _("Planes del Decreto 612 por publicar"),
    "questions_assigned": _("Preguntas por responder"),
    "questions_unassigned": _("Preguntas sin asignar"),
    "answers_to_review": _("Respuestas por revisar"),
    "answers_to_verify": _("Respuestas por verificar"),
    "evidence_to_verify": _("Evidencias por verificar"),
    "improvement_action_due": _("Acción de mejora"),
    "improvement_action_to_verify": _("Acción de mejora por verificar"),
    "control_to_self_assess": _("Control por autoevaluar"),
    "control_to_review": _("Autoevaluación por revisar"),
    "control_to_evaluate": _("Autoevaluación por evaluar"),
    "ci_evaluation_to_sign": _("Evaluación del SCI por firmar"),
}


def label(kind: str) -> str:
    return str(KINDS.get(kind, kind))
