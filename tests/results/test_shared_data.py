"""Shared national data (official results, recommendations) is imported, replaced and restored only by
the results administrator, after a preview and an explicit confirmation; what is replaced is archived as a
restorable version. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from mipg.core.models import DomainEvent
from mipg.measurement.results import samples
from mipg.measurement.results.models import (
    ArchivedScore,
    Recommendation,
    RecommendationVersion,
    ResultImport,
    ResultSubject,
    ResultVersion,
    Score,
    StagedImport,
)
from mipg.measurement.results.samples import recommendations_workbook
from mipg.measurement.results.services import (
    StaleData,
    recommendations_import,
    recommendations_stage,
    recommendations_version_restore,
    results_import,
    results_stage,
    results_version_restore,
    staged_import_confirm,
)
from mipg.organizations.models import Entity
from mipg.organizations.roles import Role, can_view
from tests.factories import UserFactory, grant

from .conftest import make_rows

HEADER_OLD = ["Código Sigep", "Entidad", "Grupo par", "IDI", "POL05 Compras", "I03 Algo"]
HEADER_NEW = ["Código Sigep", "Entidad", "Grupo par", "IDI", "POL05 Compras", "D1 Talento"]
OLD_ROWS = [
    ["1001", "Ministerio de Prueba", "G", 50, 60, 70],
    ["1002", "Hospital de Prueba", "G", 40, 40, 40],
    ["3001", "Entidad Retirada", "G", 30, 30, 30],
]
NEW_ROWS = [
    ["1001", "Ministerio de Prueba", "G", 50, 60, 10],  # I03 removed, D1 added
    ["1002", "Hospital de Prueba", "G", 41, 40, 20],  # IDI changed, I03 removed, D1 added
    ["4001", "Entidad Nueva", "G", 1, 2, 3],  # new entity: 3 scores added
]  # 3001 gone: 3 scores removed


def book(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Resultados"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scores(vigencia: int) -> list[tuple]:
    return sorted(Score.objects.filter(vigencia=vigencia).values_list("subject__sigep_code", "code", "value"))


def state() -> tuple:
    return (
        scores(2024),
        ResultImport.objects.count(),
        ResultVersion.objects.count(),
        ArchivedScore.objects.count(),
        sorted(Recommendation.objects.values_list("entity_id", "policy__code", "text")),
    )


@pytest.fixture
def current(world, results_admin):
    """Vigencia 2024 in force: the OLD rows."""
    return results_import(
        user=results_admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024, file_name="v1.xlsx"
    )


@pytest.fixture
def staged(current, results_admin):
    return results_stage(
        user=results_admin, file=book(HEADER_NEW, NEW_ROWS), vigencia=2024, file_name="v2.xlsx"
    )


# ---------------------------------------------------------------- the reported attack


@pytest.mark.parametrize("who", ["child_planner", "head_planner", "sector_planner", "control", "reader"])
def test_an_entity_planner_cannot_replace_the_country_results(world, login, current, who):
    """Issue 9.1: as `hmc` (planning at one entity) a one-row workbook replaced every stored score."""
    before = state()
    client = login(getattr(world, who))
    one_row = SimpleUploadedFile("uno.xlsx", book(HEADER_OLD, [["1001", "X", "G", 1, 1, 1]]))
    response = client.post("/medicion/resultados/importar/", {"file": one_row, "vigencia": "2024"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        results_stage(user=getattr(world, who), file=book(HEADER_OLD, OLD_ROWS[:1]), vigencia=2024)
    assert state() == before


def test_the_results_admin_role_is_national_and_opens_no_entity(world, results_admin):
    assert not can_view(results_admin, world.other)  # the entity it was filed over
    assert not Entity.objects.visible_to(results_admin).exists()


# ---------------------------------------------------------------- preview numbers


def test_preview_counts_added_changed_and_removed_and_changes_nothing(world, current, staged):
    summary = staged.preview["summary"]
    assert summary["replaces"] is True
    assert (summary["current_entities"], summary["current_scores"]) == (3, 9)
    assert (summary["entities_added"], summary["entities_changed"], summary["entities_removed"]) == (1, 2, 1)
    assert summary["entities_unchanged"] == 0
    assert (summary["scores_added"], summary["scores_changed"], summary["scores_removed"]) == (5, 1, 5)
    assert summary["scores_unchanged"] == 3
    by_entity = {row["sigep_code"]: row for row in staged.preview["entities"]}
    assert by_entity["1002"] == {
        "sigep_code": "1002",
        "name": "Hospital de Prueba",
        "status": "changed",
        "added": 1,
        "changed": 1,
        "removed": 1,
    }
    assert by_entity["3001"]["status"] == "removed" and by_entity["4001"]["status"] == "added"
    change = next(c for c in staged.preview["changes"] if c["kind"] == "changed")
    assert (change["sigep_code"], change["code"], change["old"], change["new"]) == (
        "1002",
        "IDI",
        "40.0",
        "41.0",
    )
    assert len(staged.sha256) == 64 and bytes(staged.content).startswith(b"PK")
    assert scores(2024) == sorted(
        (row[0], code, Decimal(value))
        for row in OLD_ROWS
        for code, value in zip(["IDI", "POL05", "I03"], row[3:], strict=True)
    )


def test_first_import_preview_adds_everything(world, results_admin):
    staged = results_stage(user=results_admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2023)
    summary = staged.preview["summary"]
    assert summary["replaces"] is False
    assert (summary["entities_added"], summary["scores_added"], summary["scores_removed"]) == (3, 9, 0)


# ---------------------------------------------------------------- confirm, archive, restore


def test_confirm_replaces_archives_the_previous_data_and_refuses_a_second_confirm(
    world, current, staged, results_admin
):
    before = scores(2024)
    record = staged_import_confirm(user=results_admin, staged=staged)
    assert record.replaced_previous and record.file_name == "v2.xlsx"
    assert ("4001", "D1", Decimal("3")) in scores(2024) and len(scores(2024)) == 9
    version = ResultVersion.objects.get()
    assert (version.vigencia, version.file_name, version.sha256) == (2024, "v1.xlsx", current.sha256)
    assert (version.subject_count, version.score_count, version.archived_by) == (3, 9, results_admin)
    archived = sorted(
        ArchivedScore.objects.filter(version=version).values_list("sigep_code", "code", "value")
    )
    assert archived == before
    staged.refresh_from_db()
    assert staged.status == StagedImport.Status.APPLIED and bytes(staged.content) == b""
    after = state()
    with pytest.raises(StaleData, match="ya se aplicó"):
        staged_import_confirm(user=results_admin, staged=staged)
    assert state() == after
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {"vigencia reimportada", "versión de resultados archivada", "importación confirmada"} <= verbs


def test_restore_puts_back_the_archived_rows_identically_and_archives_the_current(
    world, current, staged, results_admin
):
    original = scores(2024)
    original_names = dict(ResultSubject.objects.values_list("sigep_code", "name"))
    staged_import_confirm(user=results_admin, staged=staged)
    replaced = scores(2024)
    version = ResultVersion.objects.get()
    record = results_version_restore(
        user=results_admin, version=version, expected_marker=str(ResultImport.objects.latest("pk").pk)
    )
    assert scores(2024) == original  # row for row
    assert record.restored_from == version and record.score_count == 9
    names = dict(ResultSubject.objects.values_list("sigep_code", "name"))
    assert all(names[code] == original_names[code] for code in ("1001", "1002", "3001"))
    newest = ResultVersion.objects.order_by("-pk").first()
    assert newest.reason == ResultVersion.Reason.RESTORE
    assert (
        sorted(ArchivedScore.objects.filter(version=newest).values_list("sigep_code", "code", "value"))
        == replaced
    )
    assert DomainEvent.objects.filter(verb="versión de resultados restaurada").count() == 1
    # a second restore with the same (now stale) marker is refused and changes nothing
    before = state()
    with pytest.raises(StaleData):
        results_version_restore(user=results_admin, version=version, expected_marker=str(record.pk - 1))
    assert state() == before


def test_confirm_after_the_data_changed_is_refused(world, current, results_admin):
    first = results_stage(user=results_admin, file=book(HEADER_NEW, NEW_ROWS), vigencia=2024)
    second = results_stage(user=results_admin, file=book(HEADER_OLD, OLD_ROWS[:2]), vigencia=2024)
    staged_import_confirm(user=results_admin, staged=second)
    before = state()
    with pytest.raises(StaleData, match="cambiaron desde la vista previa"):
        staged_import_confirm(user=results_admin, staged=first)
    assert state() == before


@pytest.mark.parametrize("who", ["child_planner", "sector_planner", "control"])
def test_services_refuse_everyone_but_the_results_admin(world, current, staged, who):
    user = getattr(world, who)
    results_import(user=world.admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024, replace=True)
    version = ResultVersion.objects.get()
    before = state()
    with pytest.raises(PermissionDenied):
        staged_import_confirm(user=user, staged=staged)
    with pytest.raises(PermissionDenied):
        results_version_restore(user=user, version=version)
    assert state() == before


# ---------------------------------------------------------------- pages


def test_pages_preview_confirm_list_and_restore(world, login, current, results_admin):
    client = login(results_admin)
    upload = SimpleUploadedFile("v2.xlsx", book(HEADER_NEW, NEW_ROWS))
    response = client.post("/medicion/resultados/importar/", {"file": upload, "vigencia": "2024"})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert 'data-total="scores_removed">5<' in page and 'data-total="entities_added">1<' in page
    assert "Entidad Retirada" in page and "Confirmar el reemplazo" in page
    assert scores(2024)[0] == ("1001", "I03", Decimal("70.0"))  # nothing changed yet
    response = client.post(preview_url + "confirmar/")  # applied by a job (immediate backend in tests)
    assert response.status_code == 302 and response["Location"].startswith("/trabajos/")
    job_page = client.get(response["Location"]).content.decode()
    assert "Vigencia 2024 importada" in job_page and "/vigencias/2024/versiones/" in job_page
    again = client.post(preview_url + "confirmar/")
    assert again.status_code == 409 and "ya se confirmó" in again.content.decode()
    listing = client.get("/medicion/resultados/vigencias/2024/versiones/").content.decode()
    version = ResultVersion.objects.get()
    assert "v1.xlsx" in listing and current.sha256[:16] in listing
    restore_url = f"/medicion/resultados/versiones/{version.pk}/restaurar/"
    page = client.get(restore_url)
    assert page.status_code == 200 and "Confirmar la restauración" in page.content.decode()
    marker = page.context["marker"]
    assert client.post(restore_url, {"marker": marker}).status_code == 302
    assert ("1001", "I03", Decimal("70.0")) in scores(2024)
    stale = client.post(restore_url, {"marker": marker})  # a second submit of the same form
    assert stale.status_code == 409 and "cambiaron desde la vista previa" in stale.content.decode()


@pytest.mark.parametrize("who", ["child_planner", "sector_planner", "control", "anonymous"])
def test_pages_refuse_everyone_but_the_results_admin(world, client, login, current, staged, who):
    results_import(user=world.admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024, replace=True)
    version = ResultVersion.objects.get()
    reco_version = _recommendation_version(world)
    if who != "anonymous":
        client = login(getattr(world, who))
    before = state()
    urls = [
        ("get", "/medicion/resultados/importar/"),
        ("get", f"/medicion/resultados/importar/{staged.pk}/"),
        ("post", f"/medicion/resultados/importar/{staged.pk}/confirmar/"),
        ("get", "/medicion/resultados/vigencias/2024/versiones/"),
        ("get", f"/medicion/resultados/versiones/{version.pk}/restaurar/"),
        ("post", f"/medicion/resultados/versiones/{version.pk}/restaurar/"),
        ("get", "/medicion/resultados/recomendaciones/importar/"),
        ("get", "/medicion/resultados/recomendaciones/versiones/"),
        ("get", f"/medicion/resultados/recomendaciones/versiones/{reco_version.pk}/restaurar/"),
        ("post", f"/medicion/resultados/recomendaciones/versiones/{reco_version.pk}/restaurar/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"], url
        else:
            assert response.status_code in (403, 404), url
    assert state() == before


def test_another_admin_cannot_see_or_confirm_my_staged_import(world, login, staged):
    other_admin = UserFactory(username="otro_admin")
    grant(other_admin, world.head, Role.RESULTS_ADMIN)
    client = login(other_admin)
    assert client.get(f"/medicion/resultados/importar/{staged.pk}/").status_code == 404
    assert client.post(f"/medicion/resultados/importar/{staged.pk}/confirmar/").status_code == 404
    staged.refresh_from_db()
    assert staged.status == StagedImport.Status.PENDING


def test_version_list_query_count_is_bounded(world, login, results_admin, django_assert_max_num_queries):
    client = login(results_admin)
    for count in (2, 6):
        for index in range(count):
            results_import(
                user=results_admin,
                file=book(HEADER_OLD, [["1001", "M", "G", index, 1, 1]]),
                vigencia=2022,
                replace=True,
            )
        with django_assert_max_num_queries(12):
            response = client.get("/medicion/resultados/vigencias/2022/versiones/")
        assert response.status_code == 200


# ---------------------------------------------------------------- API


def test_api_preview_confirm_once_and_restore(world, api, current, results_admin):
    client = api(results_admin)
    response = client.post(
        "/api/v1/staged-imports/",
        {"file": SimpleUploadedFile("v2.xlsx", book(HEADER_NEW, NEW_ROWS)), "vigencia": "2024"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["preview"]["summary"]["scores_removed"] == 5
    assert ResultVersion.objects.count() == 0  # a dry run: nothing applied
    confirm = client.post(f"/api/v1/staged-imports/{body['id']}/confirm/")
    assert confirm.status_code == 200 and confirm.json()["status"] == "applied"
    again = client.post(f"/api/v1/staged-imports/{body['id']}/confirm/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    version = client.get("/api/v1/result-versions/?vigencia=2024").json()["results"][0]
    assert version["file_name"] == "v1.xlsx" and version["score_count"] == 9
    dry = client.post(f"/api/v1/result-versions/{version['id']}/restore/", {"dry_run": True}, format="json")
    assert dry.status_code == 200 and dry.json()["preview"]["summary"]["scores_added"] == 5
    assert ("4001", "D1", Decimal("3.0")) in scores(2024)
    done = client.post(
        f"/api/v1/result-versions/{version['id']}/restore/", {"marker": dry.json()["marker"]}, format="json"
    )
    assert done.status_code == 200 and ("3001", "IDI", Decimal("30.0")) in scores(2024)
    stale = client.post(
        f"/api/v1/result-versions/{version['id']}/restore/", {"marker": dry.json()["marker"]}, format="json"
    )
    assert stale.status_code == 409


def test_api_rejects_bad_files_with_the_error_shape(world, api, results_admin):
    response = api(results_admin).post(
        "/api/v1/staged-imports/",
        {"file": SimpleUploadedFile("x.xlsx", b"no soy excel"), "vigencia": "2024"},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert StagedImport.objects.count() == 0


@pytest.mark.parametrize("who", ["child_planner", "sector_planner", "control", "anonymous"])
def test_api_refuses_everyone_but_the_results_admin(world, api, current, staged, who):
    results_import(user=world.admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024, replace=True)
    version = ResultVersion.objects.get()
    client = api(None if who == "anonymous" else getattr(world, who))
    before = state()
    upload = SimpleUploadedFile("uno.xlsx", book(HEADER_OLD, OLD_ROWS[:1]))
    calls = [
        client.post("/api/v1/staged-imports/", {"file": upload, "vigencia": "2024"}, format="multipart"),
        client.get(f"/api/v1/staged-imports/{staged.pk}/"),
        client.post(f"/api/v1/staged-imports/{staged.pk}/confirm/"),
        client.get("/api/v1/result-versions/"),
        client.post(f"/api/v1/result-versions/{version.pk}/restore/", {"marker": ""}, format="json"),
    ]
    for response in calls:
        assert response.status_code in (401, 403, 404), response.content
    assert state() == before


# ---------------------------------------------------------------- command


def test_command_shows_the_diff_and_replaces_only_with_replace(world, current, tmp_path):
    path = tmp_path / "v2.xlsx"
    path.write_bytes(book(HEADER_NEW, NEW_ROWS))
    out = io.StringIO()
    before = state()
    with pytest.raises(CommandError, match="use --replace"):
        call_command("import-results", str(path), "--vigencia", "2024", stdout=out)
    assert "Puntajes: 5 agregados, 1 cambian, 5 retirados, 3 sin cambio." in out.getvalue()
    assert state() == before
    out = io.StringIO()
    call_command("import-results", str(path), "--vigencia", "2024", "--replace", stdout=out)
    assert "archivada como versión restaurable" in out.getvalue()
    assert ResultVersion.objects.count() == 1 and ("4001", "IDI", Decimal("1.0")) in scores(2024)
    call_command("import-results", str(path), "--vigencia", "2024", "--yes", stdout=io.StringIO())
    assert ResultVersion.objects.count() == 2


def test_command_asks_for_si_in_a_terminal(world, current, tmp_path, monkeypatch):
    import sys

    path = tmp_path / "v2.xlsx"
    path.write_bytes(book(HEADER_NEW, NEW_ROWS))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="No se confirmó"):
        call_command("import-results", str(path), "--vigencia", "2024", stdout=io.StringIO())
    assert ResultVersion.objects.count() == 0
    monkeypatch.setattr("builtins.input", lambda prompt: "sí")
    call_command("import-results", str(path), "--vigencia", "2024", stdout=io.StringIO())
    assert ResultVersion.objects.count() == 1


# ---------------------------------------------------------------- recommendations


ROWS_V1 = [("POL07", "Uno.", ""), ("POL05", "Dos.", "POL03")]
ROWS_V2 = [("POL07", "Uno.", ""), ("POL08", "Tres.", "")]


def _recommendation_version(world):
    admin = world.admin
    recommendations_import(
        user=admin, entity=world.head, vigencia=2023, file=recommendations_workbook(ROWS_V1)
    )
    recommendations_import(
        user=admin, entity=world.head, vigencia=2023, file=recommendations_workbook(ROWS_V2), replace=True
    )
    return RecommendationVersion.objects.get(entity=world.head, vigencia=2023)


def rows_of(entity, vigencia):
    return sorted(
        Recommendation.objects.filter(entity=entity, vigencia=vigencia).values_list(
            "policy__code", "text", "related_policy__code", "status", "source_row"
        )
    )


def test_recommendations_preview_confirm_archive_and_restore(world, results_admin, login):
    recommendations_import(
        user=results_admin, entity=world.child, vigencia=2024, file=recommendations_workbook(ROWS_V1)
    )
    original = rows_of(world.child, 2024)
    client = login(results_admin)
    upload = SimpleUploadedFile("r.xlsx", recommendations_workbook(ROWS_V2))
    response = client.post(
        "/medicion/resultados/recomendaciones/importar/",
        {"file": upload, "vigencia": "2024", "entity": world.child.pk},
    )
    assert response.status_code == 302
    staged = StagedImport.objects.get(kind=StagedImport.Kind.RECOMMENDATIONS)
    assert staged.preview["summary"] == {
        "current": 2,
        "new": 2,
        "added": 1,
        "removed": 1,
        "unchanged": 1,
        "replaces": True,
    }
    assert rows_of(world.child, 2024) == original
    confirmed = client.post(response["Location"] + "confirmar/")
    assert confirmed.status_code == 302 and confirmed["Location"].startswith("/trabajos/")
    assert [r[1] for r in rows_of(world.child, 2024)] == ["Uno.", "Tres."]
    assert client.post(response["Location"] + "confirmar/").status_code == 409
    version = RecommendationVersion.objects.get()
    assert version.count == 2 and version.archived_by == results_admin
    url = f"/medicion/resultados/recomendaciones/versiones/{version.pk}/restaurar/"
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url, {"marker": page.context["marker"]}).status_code == 302
    assert rows_of(world.child, 2024) == original
    assert RecommendationVersion.objects.count() == 2
    assert client.post(url, {"marker": page.context["marker"]}).status_code == 409


def test_recommendations_feeding_actions_are_never_replaced(world, results_admin):
    from datetime import date

    from mipg.measurement.results.services import actions_from_recommendations, plan_create

    created = recommendations_import(
        user=results_admin, entity=world.child, vigencia=2024, file=recommendations_workbook(ROWS_V1)
    )
    plan = plan_create(user=world.child_planner, entity=world.child, name="Plan")
    actions_from_recommendations(
        user=world.child_planner,
        plan=plan,
        recommendations=created[:1],
        start_date=date(2025, 1, 1),
        due_date=date(2025, 6, 1),
        responsible="",
    )
    from mipg.core.imports import ImportRejected

    with pytest.raises(ImportRejected, match="ya alimentan acciones de mejora"):
        recommendations_stage(
            user=results_admin, entity=world.child, vigencia=2024, file=recommendations_workbook(ROWS_V2)
        )
    assert RecommendationVersion.objects.count() == 0


def test_recommendation_restore_is_refused_to_planners(world):
    version = _recommendation_version(world)
    before = rows_of(world.head, 2023)
    for user in (world.head_planner, world.sector_planner, world.control):
        with pytest.raises(PermissionDenied):
            recommendations_version_restore(user=user, version=version)
    assert rows_of(world.head, 2023) == before


# ---------------------------------------------------------------- national scale (reduced)


def test_archive_and_restore_at_scale_are_set_based(world, results_admin, django_assert_max_num_queries):
    """600 entities × 97 codes: archiving and restoring run a fixed number of statements."""
    data = samples.build_results_workbook(make_rows(600), vigencia=2024)
    results_import(user=results_admin, file=data, vigencia=2024)
    original = scores(2024)
    replacement = samples.build_results_workbook(make_rows(10, seed=9), vigencia=2024)
    results_import(user=results_admin, file=replacement, vigencia=2024, replace=True)
    version = ResultVersion.objects.get()
    assert version.score_count == len(original) == 600 * len(samples.ALL_CODES)
    with django_assert_max_num_queries(40):
        results_version_restore(user=results_admin, version=version)
    assert scores(2024) == original


def test_the_results_admin_works_without_any_entity(world, login, current, results_admin):
    client = login(results_admin)
    assert client.get("/").status_code == 200
    page = client.get("/medicion/resultados/").content.decode()
    assert "Importar resultados de una vigencia" in page and "/vigencias/2024/versiones/" in page
    form = client.get("/medicion/resultados/recomendaciones/importar/").content.decode()
    assert "Entidad Ajena" in form and "Hospital de Prueba" in form  # any entity can be chosen
    assert client.get(f"/tableros/entidad/{world.child.pk}/").status_code == 404  # but sees none of its data
    planner_page = login(world.child_planner).get("/medicion/resultados/").content.decode()
    assert "Importar resultados de una vigencia" not in planner_page


@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirms_apply_once_on_postgresql(world, results_admin):
    """Four confirmations of one staged import at the same time: one applies, three are refused."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite serialises every write)")
    results_import(user=results_admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024)
    staged = results_stage(user=results_admin, file=book(HEADER_NEW, NEW_ROWS), vigencia=2024)
    barrier, outcomes = threading.Barrier(4), []

    def confirm():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            staged_import_confirm(user=results_admin, staged=staged)
            outcomes.append("applied")
        except StaleData:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "refused", "refused", "refused"]
    assert ResultVersion.objects.count() == 1 and ResultImport.objects.count() == 2
    assert DomainEvent.objects.filter(verb="importación confirmada").count() == 1


def test_api_stages_and_confirms_recommendations_for_an_entity(world, api, results_admin):
    client = api(results_admin)
    upload = SimpleUploadedFile("r.xlsx", recommendations_workbook(ROWS_V1))
    missing = client.post(
        "/api/v1/staged-imports/",
        {"kind": "recomendaciones", "file": upload, "vigencia": "2024"},
        format="multipart",
    )
    assert missing.status_code == 400 and "entity" in missing.json()["error"]["details"]
    upload = SimpleUploadedFile("r.xlsx", recommendations_workbook(ROWS_V1))
    staged = client.post(
        "/api/v1/staged-imports/",
        {"kind": "recomendaciones", "file": upload, "vigencia": "2024", "entity": world.child.pk},
        format="multipart",
    )
    assert staged.status_code == 201 and staged.json()["preview"]["summary"]["added"] == 2
    assert Recommendation.objects.count() == 0
    done = client.post(f"/api/v1/staged-imports/{staged.json()['id']}/confirm/")
    assert done.status_code == 200 and done.json()["recommendations"] == 2
    assert rows_of(world.child, 2024)[0][:2] == ("POL05", "Dos.")
    refused = api(world.child_planner).post(
        "/api/v1/staged-imports/",
        {"kind": "recomendaciones", "file": upload, "vigencia": "2024", "entity": world.child.pk},
        format="multipart",
    )
    assert refused.status_code == 403


def test_an_expired_staged_import_is_refused(world, current, staged, results_admin):
    from datetime import timedelta

    from django.utils import timezone

    StagedImport.objects.filter(pk=staged.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before = state()
    with pytest.raises(StaleData, match="venció"):
        staged_import_confirm(user=results_admin, staged=staged)
    assert state() == before
    # the next upload clears expired staged imports (their files do not pile up)
    results_stage(user=results_admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024)
    assert not StagedImport.objects.filter(pk=staged.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_restores_of_one_vigencia_apply_once_on_postgresql(world, results_admin):
    """Two administrators restore two different versions of the same vigencia at once, each from the
    preview it saw: one restore applies, the other is refused as stale (never a duplicate-key 500)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite serialises every write)")
    for rows in (OLD_ROWS, OLD_ROWS[:2], NEW_ROWS):
        header = HEADER_NEW if rows is NEW_ROWS else HEADER_OLD
        results_import(user=results_admin, file=book(header, rows), vigencia=2024, replace=True)
    versions = list(ResultVersion.objects.order_by("pk"))
    marker = str(ResultImport.objects.latest("pk").pk)
    barrier, outcomes = threading.Barrier(2), []

    def restore(version):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results_version_restore(user=results_admin, version=version, expected_marker=marker)
            outcomes.append("applied")
        except StaleData:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=restore, args=(v,)) for v in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "refused"]
    restored = ResultImport.objects.latest("pk").restored_from
    assert len(scores(2024)) == restored.score_count


def test_api_restores_a_recommendation_version(world, api):
    version = _recommendation_version(world)
    before = rows_of(world.head, 2023)
    for user in (world.head_planner, world.sector_planner, world.control):
        client = api(user)
        assert client.get("/api/v1/recommendation-versions/").status_code == 403
        refused = client.post(f"/api/v1/recommendation-versions/{version.pk}/restore/", {}, format="json")
        assert refused.status_code == 404
    assert rows_of(world.head, 2023) == before
    client = api(world.admin)
    listed = client.get(f"/api/v1/recommendation-versions/?entity={world.head.pk}&vigencia=2023").json()
    assert listed["count"] == 1 and listed["results"][0]["count"] == 2
    url = f"/api/v1/recommendation-versions/{version.pk}/restore/"
    dry = client.post(url, {"dry_run": True}, format="json").json()
    assert dry["preview"]["summary"] == {
        "current": 2,
        "new": 2,
        "added": 1,
        "removed": 1,
        "unchanged": 1,
        "replaces": True,
    }
    assert client.post(url, {"marker": dry["marker"]}, format="json").status_code == 200
    assert [r[1] for r in rows_of(world.head, 2023)] == ["Dos.", "Uno."]
    assert client.post(url, {"marker": dry["marker"]}, format="json").status_code == 409
