"""Confirming a staged import runs as a background job (issue 14 item 5): all-or-nothing stays — a job
that fails midway changes no score, keeps the staged import pending and says why in Spanish."""

import pytest

from mipg.jobs.models import Job
from mipg.measurement.results.models import StagedImport
from mipg.measurement.results.services import peer_stats
from tests.jobs.helpers import job_from

from .test_shared_data import book, current, staged, state  # noqa: F401  (fixtures)


def _confirm(client, staged):  # noqa: F811
    return client.post(f"/medicion/resultados/importar/{staged.pk}/confirmar/")


def test_a_job_that_fails_midway_changes_no_score(world, login, staged, results_admin, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise RuntimeError("disco lleno")

    # Fails after the new scores are written, inside the import's transaction.
    monkeypatch.setattr(peer_stats, "peer_stats_recompute", broken)
    before = state()
    client = login(results_admin)
    job = job_from(_confirm(client, staged))
    assert job.status == Job.Status.FAILED and job.kind == Job.Kind.RESULTS_IMPORT
    assert "error inesperado y no cambió nada" in job.error and "disco lleno" not in job.error
    assert state() == before
    staged.refresh_from_db()
    assert staged.status == StagedImport.Status.PENDING
    page = client.get(f"/trabajos/{job.pk}/").content.decode()
    assert "El trabajo falló y no cambió nada" in page
    # once the cause is gone, the same staged import can be confirmed by a new job
    monkeypatch.undo()
    job = job_from(_confirm(client, staged))
    assert job.status == Job.Status.SUCCEEDED and state() != before


def test_a_stale_preview_fails_the_job_with_the_reason(world, login, staged, results_admin):  # noqa: F811
    from mipg.measurement.results.services import results_import

    from .test_shared_data import HEADER_OLD, OLD_ROWS

    results_import(user=results_admin, file=book(HEADER_OLD, OLD_ROWS[:2]), vigencia=2024, replace=True)
    before = state()
    job = job_from(_confirm(login(results_admin), staged))
    assert job.status == Job.Status.FAILED
    assert "cambiaron desde la vista previa" in job.error
    assert state() == before


@pytest.mark.parametrize("who", ["sector_planner", "outsider"])
def test_nobody_else_sees_the_import_job(world, login, staged, results_admin, who):  # noqa: F811
    job = job_from(_confirm(login(results_admin), staged))
    client = login(getattr(world, who))
    assert client.get(f"/trabajos/{job.pk}/").status_code == 404
    assert client.get(f"/trabajos/{job.pk}/estado.json").status_code == 404
