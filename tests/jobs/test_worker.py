"""One real worker (issue 14 item 5): `mipg db_worker` started as a separate process against a file SQLite
database, with the database backend of django-tasks, picks up a job enqueued by another process and
completes it (result file stored, progress 100, log written)."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

MIPG = str(Path(sys.executable).with_name("mipg"))
ENQUEUE = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from mipg.jobs.services import job_enqueue
from mipg.measurement.results.models import ResultSubject, Score
user = get_user_model().objects.create_user("trabajadora", email="t@example.gov.co")
for n in range(3):
    subject = ResultSubject.objects.create(sigep_code=f"90{n}", name=f"Entidad {n}")
    Score.objects.create(vigencia=2024, subject=subject, code="IDI", value=Decimal("61.5") + n)
params = {"vigencia": 2024, "fmt": "csv"}
job = job_enqueue(user=user, kind="exportacion_vigencia", title="Exportación", params=params)
print("JOB", job.pk, job.status)
"""


def _run(args, env, timeout=600):
    done = subprocess.run([MIPG, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_real_worker_completes_a_job(tmp_path):
    database = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DATABASE_REPLICA_URL": f"sqlite:///{database}",
        "MIPG_DATA_DIR": str(tmp_path),
        "MIPG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MIPG_DEBUG": "0",
    }
    _run(["migrate", "--noinput", "-v", "0"], env)
    output = _run(["shell", "-c", ENQUEUE], env)
    job_id, status = output.split("JOB", 1)[1].split()
    assert status == "en_cola"  # nothing ran it yet: no worker
    worker = subprocess.Popen(
        [MIPG, "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        row = None
        while time.monotonic() < deadline:
            with sqlite3.connect(database, timeout=30) as connection:
                row = connection.execute(
                    "SELECT status, progress, result_file, log FROM jobs_job WHERE id = ?", (int(job_id),)
                ).fetchone()
            if row and row[0] in ("terminado", "fallido"):
                break
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    status, progress, result_file, log = row
    assert status == "terminado", log
    assert progress == 100 and "Trabajo terminado." in log
    assert (tmp_path / "media" / result_file).read_bytes().startswith(b"\xef\xbb\xbfcodigo_sigep")
