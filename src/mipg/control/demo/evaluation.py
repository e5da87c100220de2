"""Demo: the signed first-semester independent evaluation of the SCI."""

from .. import services
from ..models import CIEvaluation


def ensure_evaluation(control_user, ugg, vigencia) -> None:
    """The first-semester independent evaluation of the SCI, signed (numbered PDF with SHA-256)."""
    if CIEvaluation.objects.filter(entity=ugg, vigencia=vigencia, semester=1).exists():
        return
    evaluation = services.evaluation_create(user=control_user, entity=ugg, vigencia=vigencia, semester=1)
    ratings = {}
    for index, rating in enumerate(services.requirement_ratings(evaluation)):
        functioning = index % 5 != 2
        ratings[rating.pk] = (True, functioning, "" if functioning else "Se evidenciaron debilidades (demo).")
    conclusions = {
        c.pk: f"El componente «{c.module.name}» está presente; ver observaciones (demo)."
        for c in evaluation.conclusions.select_related("module")
    }
    services.evaluation_save(
        user=control_user,
        evaluation=evaluation,
        ratings=ratings,
        conclusions=conclusions,
        overall_conclusion="El Sistema de Control Interno está presente y funcionando, con oportunidades de "
        "mejora en la evaluación del riesgo y el monitoreo (demo).",
    )
    services.evaluation_sign(user=control_user, evaluation=evaluation)
