"""Retention of background jobs (MIPG_JOB_RETENTION_DAYS): finished jobs older than that go with their result
files after each job and with `mipg prune-jobs`; queued, running and recent jobs stay; each deletion is in
the audit log."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from mipg.jobs.models import Job
from mipg.jobs.services import jobs_prune
from mipg.measurement.results import samples
from mipg.measurement.results.services import results_import
from tests.results.conftest import make_rows

from .helpers import run_page_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def vigencia_2024(world):
    entity = {"sigep_code": "1001", "name": "Ministerio de Prueba", "peer_group": "G"}
    rows = make_rows(4, seed=2, extra=[entity])
    results_import(user=world.admin, file=samples.build_results_workbook(rows, vigencia=2024), vigencia=2024)


def _export(client):
    job, content = run_page_job(client, reverse("jobs:vigencia_export"), {"vigencia": 2024, "fmt": "csv"})
    assert job.status == Job.Status.SUCCEEDED and content
    return job


def _age(job, days):
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days))


def test_old_finished_jobs_and_their_files_go_after_the_next_job(
    world, login, vigencia_2024, settings, django_capture_on_commit_callbacks
):
    settings.MIPG_JOB_RETENTION_DAYS = 30
    client = login(world.reader)
    old, recent = _export(client), _export(client)
    _age(old, 31)
    _age(recent, 29)
    waiting = Job.objects.create(kind=Job.Kind.VIGENCIA_EXPORT, title="en cola", created_by=world.reader)
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=90))
    storage, name = old.result_file.storage, old.result_file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        newest = _export(client)
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk, newest.pk}
    assert not storage.exists(name) and storage.exists(recent.result_file.name)
    deletion = LogEntry.objects.get(object_pk=str(old.pk), action=LogEntry.Action.DELETE)
    assert deletion.content_type.model == "job"
    # The page of a pruned job answers 404, not an error.
    assert client.get(reverse("jobs:detail", args=[old.pk])).status_code == 404


def test_zero_days_keeps_every_job_and_the_command_takes_its_own_age(world, login, vigencia_2024, settings):
    settings.MIPG_JOB_RETENTION_DAYS = 0
    client = login(world.reader)
    first = _export(client)
    _age(first, 400)
    _export(client)
    assert Job.objects.count() == 2 and jobs_prune() == 0
    with pytest.raises(CommandError):
        call_command("prune-jobs", days=0)
    call_command("prune-jobs", days=365)
    assert not Job.objects.filter(pk=first.pk).exists() and Job.objects.count() == 1
