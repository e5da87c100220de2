"""Writes: enqueue a job, and what the worker records while running it (start, progress and log lines,
result, failure). The log is append-only: lines are added with one UPDATE, never rewritten."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from .models import Job

logger = logging.getLogger(__name__)


def _stamp(line: str) -> str:
    return f"{timezone.localtime().strftime('%H:%M:%S')} {line}\n"


@service
def job_enqueue(*, user, kind: str, title: str, entity=None, params: dict | None = None) -> Job:
    """Record the job and hand it to the task backend (in the same transaction: a worker of the database
    backend sees the task only once the job exists)."""
    from .tasks import run_job

    job = Job(kind=kind, title=title[:250], entity=entity, created_by=user, params=params or {})
    job.log = _stamp(_("Trabajo solicitado."))
    job.full_clean()
    job.save()
    record_event(user=user, obj=job, verb="trabajo solicitado", description=job.title, data={"kind": kind})
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_log(job: Job, line: str, *, progress: int | None = None) -> None:
    """Append a line to the log (and move the bar); outside any transaction of the work, so the page
    polling the job sees it at once."""
    changes = {"log": Concat(F("log"), Value(_stamp(line)))}
    if progress is not None:
        changes["progress"] = max(0, min(100, int(progress)))
    Job.objects.filter(pk=job.pk).update(**changes)


def job_start(job: Job) -> bool:
    """Mark a queued job running; False if it already ran (a task delivered twice runs once)."""
    started = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress=1
    )
    if started:
        job_log(job, _("Trabajo iniciado."))
    return bool(started)


@service
def job_finish(*, job: Job, outcome) -> Job:
    job.refresh_from_db()
    if outcome.content is not None:
        job.result_file.save(outcome.file_name, ContentFile(outcome.content), save=False)
        job.result_name = outcome.file_name[:200]
    job.result_summary = outcome.summary
    job.result_url = outcome.url[:300]
    job.status = Job.Status.SUCCEEDED
    job.progress = 100
    job.finished_at = timezone.now()
    job.log += _stamp(_("Trabajo terminado."))
    job.full_clean()
    job.save()
    record_event(user=job.created_by, obj=job, verb="trabajo terminado", description=job.title)
    _notify(job)
    return job


@service
def job_fail(*, job: Job, error: str) -> Job:
    job.refresh_from_db()
    job.status = Job.Status.FAILED
    job.error = error
    job.finished_at = timezone.now()
    job.log += _stamp(_("El trabajo falló; no quedó nada a medias."))
    job.full_clean()
    job.save()
    record_event(user=job.created_by, obj=job, verb="trabajo fallido", description=error[:500])
    _notify(job)
    return job


def _notify(job: Job) -> None:
    from .mail import send_job_mail

    pk = job.pk

    def send() -> None:
        try:
            send_job_mail(Job.objects.select_related("created_by").get(pk=pk))
        except Exception:  # a mail server down must not turn a finished job into a failed one
            logger.exception("No se pudo enviar el correo del trabajo %s", pk)

    transaction.on_commit(send)


def jobs_prune(*, days: int | None = None) -> int:
    """Retention (MIPG_JOB_RETENTION_DAYS; 0 keeps everything): finished jobs older than that go, with their
    result files (local disk or the bucket) and, with the database task backend, its finished task rows
    (django-tasks-db's own `prune_db_task_results`). Queued and running jobs always stay. Returns how many
    jobs went. The deletions are in the audit log (auditlog records each job's deletion, by the system)."""
    days = settings.MIPG_JOB_RETENTION_DAYS if days is None else days
    if days <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        old = list(
            Job.objects.select_for_update()
            .filter(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED], finished_at__lt=cutoff)
            .order_by("pk")
        )
        files = [job.result_file.name for job in old if job.result_file]
        for job in old:
            job.delete()
        if files:  # only once the rows are gone for good: a rolled-back prune keeps its files
            storage = Job._meta.get_field("result_file").storage
            transaction.on_commit(lambda: [storage.delete(name) for name in files])
    _prune_task_rows(days)
    return len(old)


def _prune_task_rows(days: int) -> None:
    from django.core.management import call_command
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task_backends["default"], DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=days, verbosity=0)
