"""Background jobs (issue 14 item 5): who sees a job, its page, JSON status and download; the log, the
audit events and the e-mail when it ends; the vigencia export in its three formats; the list's queries."""

import csv
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from mipg.core.models import DomainEvent
from mipg.jobs.models import Job
from mipg.jobs.services import job_enqueue
from mipg.measurement.results import samples
from mipg.measurement.results.services import results_import
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant
from tests.results.conftest import make_rows

from .helpers import download, run_page_job


@pytest.fixture
def vigencia_2024(world):
    rows = make_rows(
        5, seed=4, extra=[{"sigep_code": "1001", "name": "Ministerio de Prueba", "peer_group": "G"}]
    )
    results_import(user=world.admin, file=samples.build_results_workbook(rows, vigencia=2024), vigencia=2024)


def _export(client, fmt="csv", vigencia=2024):
    return run_page_job(client, reverse("jobs:vigencia_export"), {"vigencia": vigencia, "fmt": fmt})


def test_vigencia_export_in_csv_json_and_xlsx(world, login, vigencia_2024):
    client = login(world.reader)
    job, content = _export(client, "csv")
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0][0] == "codigo_sigep" and len(table) == 7  # header + 6 entities
    assert "1001" in {row[0] for row in table[1:]}
    job, content = _export(client, "json")
    data = json.loads(content)
    assert data["vigencia"] == 2024 and len(data["results"]) == 6
    job, content = _export(client, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 7 and sheet.cell(1, 1).value == "codigo_sigep"
    assert job.result_name == "resultados-2024.xlsx"
    assert "6 entidades" in job.result_summary
    assert "Trabajo iniciado." in job.log and "Trabajo terminado." in job.log


def test_a_failed_export_says_why_in_spanish_and_offers_no_file(world, login):
    client = login(world.reader)
    job, content = _export(client, "csv", vigencia=2019)
    assert job.status == Job.Status.FAILED and content is None
    assert "No hay resultados importados para la vigencia 2019" in job.error
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "No hay resultados importados para la vigencia 2019" in page and "no cambió nada" in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_bad_export_input_is_a_form_error_and_enqueues_nothing(world, login):
    response = login(world.reader).post(
        reverse("jobs:vigencia_export"), {"vigencia": "dos mil", "fmt": "pdf"}
    )
    assert response.status_code == 200 and not Job.objects.exists()


def _job_over(entity, user, kind=Job.Kind.SECTOR_PDF):
    return job_enqueue(
        user=user, kind=kind, title="Trabajo de prueba", entity=entity, params={"sector_id": 0}
    )


@pytest.mark.parametrize(
    "who, sees",
    [
        ("head_planner", True),  # created it
        ("sector_planner", True),  # planning over the entity (subtree grant)
        ("admin", True),  # system administrator
        ("entity_admin", True),  # the entity's administrator
        ("reader", False),  # sees the entity's data, not other people's jobs
        ("control", False),
        ("child_planner", False),  # planning of another entity of the sector
        ("outsider", False),
    ],
)
def test_who_sees_a_job_over_an_entity(world, login, who, sees):
    if who == "entity_admin":
        user = UserFactory(username="admin_entidad")
        grant(user, world.head, Role.ENTITY_ADMIN)
    else:
        user = getattr(world, who)
    job = _job_over(world.head, world.head_planner)
    assert job.status == Job.Status.FAILED  # the sector does not exist: failed, as a real job would
    client = login(user)
    urls = [reverse(name, args=[job.pk]) for name in ("jobs:detail", "jobs:status", "jobs:download")]
    detail, status, _download = (client.get(url) for url in urls)
    listing = client.get(reverse("jobs:list")).content.decode()
    if sees:
        assert detail.status_code == 200 and status.status_code == 200
        assert status.json()["status"] == "fallido" and status.json()["done"] is True
        assert "Trabajo de prueba" in listing
    else:
        assert detail.status_code == status.status_code == _download.status_code == 404
        assert "Trabajo de prueba" not in listing


def test_jobs_over_shared_data_are_seen_only_by_who_started_them(world, login, vigencia_2024):
    job, _content = _export(login(world.head_planner))
    for other in (world.sector_planner, world.outsider, world.reader):
        client = login(other)
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert download(login(world.admin), job).startswith(b"\xef\xbb\xbf")


def test_anonymous_users_are_sent_to_sign_in(world, client):
    job = _job_over(world.head, world.head_planner)
    for name, args in [
        ("jobs:list", []),
        ("jobs:detail", [job.pk]),
        ("jobs:status", [job.pk]),
        ("jobs:vigencia_export", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_the_job_page_polls_with_a_static_script_and_works_without_it(world, login):
    job = _job_over(world.head, world.head_planner)
    job.status, job.progress = Job.Status.RUNNING, 40
    job.save()
    page = login(world.head_planner).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'src="/static/jobs/progress.js"' in page
    assert '<script id="job-status-url" type="application/json">' in page  # json_script, not inline JS
    assert 'value="40"' in page and "Actualizar el estado" in page  # the refresh link without JS
    assert "<script>" not in page


def test_audit_events_and_the_mail_when_a_job_ends(
    world, login, vigencia_2024, django_capture_on_commit_callbacks
):
    world.reader.email = "lectora@example.gov.co"
    world.reader.save()
    with django_capture_on_commit_callbacks(execute=True):
        job, _content = _export(login(world.reader), "csv")
    events = DomainEvent.objects.filter(content_type__model="job", object_id=str(job.pk)).order_by("pk")
    verbs = list(events.values_list("verb", "actor__username"))
    assert verbs == [("trabajo solicitado", "reader"), ("trabajo terminado", "reader")]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lectora@example.gov.co"] and "terminó" in message.subject
    assert f"/trabajos/{job.pk}/" in message.body
    html = message.alternatives[0][0]
    assert "Gestor MIPG" in html and "Ver el trabajo" in html and 'lang="es-CO"' in html


def test_the_mail_of_a_failed_job_says_why(world, login, django_capture_on_commit_callbacks):
    world.reader.email = "lectora@example.gov.co"
    world.reader.save()
    with django_capture_on_commit_callbacks(execute=True):
        _export(login(world.reader), "csv", vigencia=2019)
    assert "falló" in mail.outbox[0].subject and "No hay resultados importados" in mail.outbox[0].body


def test_the_log_is_append_only_lines(world):
    from mipg.jobs.services import job_log

    job = _job_over(world.head, world.head_planner)
    before = job.log_lines
    job_log(job, "Una línea más", progress=150)
    job.refresh_from_db()
    assert job.log_lines[: len(before)] == before and job.log_lines[-1].endswith("Una línea más")
    assert job.progress == 100  # clamped


def _count(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("jobs:list"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", [3, 30])
def test_job_list_queries_do_not_grow_with_the_jobs(world, login, django_assert_max_num_queries, size):
    for _ in range(size):
        _job_over(world.head, world.head_planner)
        _job_over(world.child, world.child_planner)
    response = _count(login(world.sector_planner), django_assert_max_num_queries, 12)
    assert response.content.decode().count("Trabajo de prueba") == min(2 * size, 30)
