from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.measurement.results import samples
from mipg.measurement.results.samples import recommendations_workbook
from mipg.measurement.results.services import (
    actions_from_recommendations,
    plan_create,
    recommendations_import,
    results_import,
)
from tests.jobs.helpers import run_page_job
from tests.results.conftest import make_rows

WORLD_ROWS = [
    {"sigep_code": "1001", "name": "Ministerio de Prueba", "peer_group": "Fuerzas", "level": 60},
    {"sigep_code": "1002", "name": "Hospital de Prueba", "peer_group": "Rama", "level": 50},
    {"sigep_code": "2001", "name": "Entidad Ajena", "peer_group": "Fuerzas", "level": 80},
]


def load_results(world, peers: int, vigencias) -> None:
    for vigencia in vigencias:
        rows = make_rows(
            peers, seed=vigencia, groups=("Fuerzas", "Rama"), extra=[dict(r) for r in WORLD_ROWS]
        )
        results_import(
            user=world.admin,
            file=samples.build_results_workbook(rows, vigencia=vigencia),
            vigencia=vigencia,
            replace=True,
        )


def count_queries(client, url) -> int:
    cache.clear()  # counted cold: cached chart data only lowers the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def urls(world):
    return [
        f"/tableros/entidad/{world.child.pk}/",
        f"/tableros/entidad/{world.child.pk}/dimension/D3/",
        f"/tableros/entidad/{world.child.pk}/politica/POL07/",
        f"/tableros/sector/{world.sector.pk}/",
        "/medicion/resultados/ranking/",
        # with a vigencia chosen (issue 11.5) and the ranking of one grupo par
        f"/tableros/entidad/{world.child.pk}/?vigencia=2023",
        f"/tableros/entidad/{world.child.pk}/politica/POL07/?vigencia=2023",
        f"/tableros/sector/{world.sector.pk}/?vigencia=2023",
        "/medicion/resultados/ranking/?vigencia=2023&grupo=Rama",
        "/medicion/resultados/ranking/?vigencia=2024&q=Prueba",
    ]


def test_dashboards_run_a_fixed_number_of_queries_whatever_the_data_size(world, login):
    client = login(world.sector_planner)
    load_results(world, 10, [2023, 2024])
    small = [count_queries(client, url) for url in urls(world)]
    load_results(world, 80, [2021, 2022, 2023, 2024, 2025])
    large = [count_queries(client, url) for url in urls(world)]
    assert small == large
    assert max(large) <= 22  # 20 plus the synthetic-data flag (one query)


def test_entity_dashboard_shows_position_in_peer_group(world, login):
    load_results(world, 20, [2023, 2024])
    response = login(world.child_planner).get(f"/tableros/entidad/{world.child.pk}/")
    context = response.context
    assert context["latest"] == 2024 and context["previous"] == 2023
    idi = context["idi"]
    assert idi["n"] == 11  # the hospital and the 10 synthetic peers of grupo «Rama»
    assert 1 <= idi["rank"] <= 11 and 1 <= idi["quintile"] <= 5
    assert idi["gap"] == idi["max"] - idi["value"]
    values = [p["value"] for p in context["policies_weakest"]]
    assert values == sorted(values)  # weakest first
    html = response.content.decode()
    assert "vendor/echarts/echarts.min.js" in html and 'id="chart-data"' in html
    assert "Vecindario en el ranking del grupo par" in html


def test_entity_dashboard_requires_a_role_over_the_entity(world, login):
    load_results(world, 5, [2024])
    assert login(world.outsider).get(f"/tableros/entidad/{world.child.pk}/").status_code == 404
    assert login(world.outsider).get(f"/tableros/entidad/{world.child.pk}/politica/POL01/").status_code == 404
    assert login(world.outsider).get(f"/tableros/sector/{world.sector.pk}/").status_code == 404
    # public scores stay visible to everyone in rankings
    ranking = login(world.outsider).get("/medicion/resultados/ranking/?q=Hospital").content.decode()
    assert "Hospital de Prueba" in ranking
    assert login(world.reader).get(f"/tableros/entidad/{world.head.pk}/").status_code == 200


def test_unknown_codes_in_drill_down_answer_404(world, login):
    client = login(world.sector_planner)
    assert client.get(f"/tableros/entidad/{world.child.pk}/politica/POL99/").status_code == 404
    assert client.get(f"/tableros/entidad/{world.child.pk}/dimension/D9/").status_code == 404


def test_policy_drill_reaches_recommendations_actions_evidence_and_next_change(world, login):
    load_results(world, 5, [2023, 2024])
    recos = recommendations_import(
        user=world.admin,
        entity=world.child,
        vigencia=2023,
        file=recommendations_workbook([("POL07", "Mejorar el gobierno digital.", "")]),
    )
    plan = plan_create(user=world.child_planner, entity=world.child, name="Plan")
    actions_from_recommendations(
        user=world.child_planner,
        plan=plan,
        recommendations=recos,
        start_date=date(2024, 1, 1),
        due_date=date(2024, 6, 1),
    )
    response = login(world.child_planner).get(f"/tableros/entidad/{world.child.pk}/politica/POL07/")
    html = response.content.decode()
    assert "Mejorar el gobierno digital." in html
    assert "Atender la recomendación" in html
    series = response.context["series"]
    assert (
        series[0]["vigencia"] == 2023 and series[0]["next_change"] == series[1]["value"] - series[0]["value"]
    )


def test_sector_dashboard_heat_map_exports(world, login):
    load_results(world, 10, [2023, 2024])
    client = login(world.sector_planner)
    response = client.get(f"/tableros/sector/{world.sector.pk}/")
    rows = response.context["rows"]
    assert {r["subject"].sigep_code for r in rows} == {"1001", "1002"}  # only the sector's entities
    assert len(rows[0]["cells"]) == 19
    assert "Mapa de calor" in response.content.decode()
    xlsx = client.get(f"/tableros/sector/{world.sector.pk}/excel/")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    job, pdf = run_page_job(client, f"/tableros/sector/{world.sector.pk}/informe.pdf")  # a background job
    assert job.status == "terminado" and job.entity == world.head and pdf.startswith(b"%PDF")
    assert job.result_name == "informe-comite-sectorial-defensa-test-2024.pdf"


def test_sector_without_results_says_so(world, login):
    response = login(world.sector_planner).get(f"/tableros/sector/{world.sector.pk}/")
    assert "No hay resultados oficiales" in response.content.decode()
    job, pdf = run_page_job(login(world.sector_planner), f"/tableros/sector/{world.sector.pk}/informe.pdf")
    assert job.status == "fallido" and pdf is None
    assert "no tiene resultados oficiales" in job.error


def test_sector_report_job_is_refused_to_who_cannot_read_the_sector(world, login, client):
    from mipg.jobs.models import Job

    load_results(world, 2, [2024])
    url = f"/tableros/sector/{world.sector.pk}/informe.pdf"
    outsider = login(world.outsider)
    assert outsider.get(url).status_code == 404 and outsider.post(url).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302  # anonymous: to the sign-in page
    assert not Job.objects.exists()


def test_sector_report_page_explains_and_enqueues_on_post(world, login):
    load_results(world, 2, [2024])
    page = login(world.sector_planner).get(f"/tableros/sector/{world.sector.pk}/informe.pdf")
    assert page.status_code == 200 and "se genera en segundo plano" in page.content.decode()


@pytest.mark.parametrize("path", ["/tableros/", "/medicion/resultados/"])
def test_landings_render(world, login, path):
    assert login(world.reader).get(path).status_code == 200


def test_home_panel_shows_latest_idi_and_pending_recommendations(world, login):
    load_results(world, 3, [2024])
    recommendations_import(
        user=world.admin,
        entity=world.child,
        vigencia=2024,
        file=recommendations_workbook([("POL01", "Una recomendación.", "")]),
    )
    html = login(world.child_planner).get("/").content.decode()
    assert "Resultados FURAG" in html and "IDI 2024" in html
    assert "1 recomendaciones FURAG pendientes" in html
