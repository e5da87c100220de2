"""Run a job in the worker: start it, call its runner, and record the outcome or, in Spanish, why it
failed. The runner's services roll their own transaction back on failure, so a failed job leaves
nothing half-done."""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from mipg.core.imports import ImportRejected

from . import services
from .models import Job
from .runners import RUNNERS

logger = logging.getLogger(__name__)
SHOWN_PROBLEMS = 20


def failure_message(error: Exception, job: Job) -> str:
    """Why the job failed, in words the user can act on."""
    from mipg.measurement.results.services import StaleData

    if isinstance(error, ImportRejected):
        lines = [str(problem) for problem in error.problems[:SHOWN_PROBLEMS]]
        more = len(error.problems) - len(lines)
        text = _("La importación se rechazó y no cambió nada. Problemas encontrados (%(n)s):") % {
            "n": len(error.problems)
        }
        text += "\n" + "\n".join(f"- {line}" for line in lines)
        if more > 0:
            text += "\n" + _("… y %(n)s más.") % {"n": more}
        return text
    if isinstance(error, StaleData):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) or _("No tiene permiso para hacer esto.")
    if isinstance(error, Http404 | ObjectDoesNotExist):
        return _("Lo que pidió ya no existe o ya no tiene acceso a ello.")
    logger.exception("Trabajo %s falló", job.pk)
    return _(
        "Ocurrió un error inesperado y no cambió nada. El equipo técnico puede verlo en el registro del "
        "servidor (trabajo n.º %(pk)s)."
    ) % {"pk": job.pk}


def execute(job_id: int) -> str:
    with override("es-co"):
        try:
            job = Job.objects.select_related("created_by", "entity").get(pk=job_id)
        except Job.DoesNotExist:
            return "missing"
        if not services.job_start(job):
            return "already-run"
        runner = import_string(RUNNERS[job.kind])

        def progress(percent: int, line: str = "") -> None:
            services.job_log(job, line or _("Avance: %(p)s %%") % {"p": percent}, progress=percent)

        try:
            outcome = runner(job=job, progress=progress)
        except Exception as error:  # every failure ends the job with its reason
            services.job_fail(job=job, error=failure_message(error, job))
            _prune()
            return "failed"
        services.job_finish(job=job, outcome=outcome)
        _prune()
        return "succeeded"


def _prune() -> None:
    """Old finished jobs go after each job (MIPG_JOB_RETENTION_DAYS): the worker keeps its own tables small
    without a scheduler. A failed prune is logged and never fails the job that just finished."""
    try:
        services.jobs_prune()
    except Exception:
        logger.exception("No se pudieron borrar los trabajos antiguos")
