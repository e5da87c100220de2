"""Dashboards take a vigencia (issue 11.5), sector pages for a one-entity scope and the presidency of the
Comité Sectorial (11.9), precomputed peer statistics and their cache (14.1)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache

from mipg.dashboards import selectors as dash
from mipg.dashboards.stats import position
from mipg.institutional.models import Committee, Seat, SeatHolding
from mipg.measurement.results import samples
from mipg.measurement.results.models import PeerGroupStat, PeerRank, ResultSubject, ResultVersion, Score
from mipg.measurement.results.services import results_import, results_version_restore
from mipg.organizations.models import Person
from tests.dashboards.test_dashboards import WORLD_ROWS, count_queries, load_results
from tests.factories import UserFactory, make_entity
from tests.results.conftest import make_rows


def test_entity_dashboard_defaults_to_the_latest_vigencia_and_follows_the_selector(world, login):
    load_results(world, 5, [2022, 2023, 2024])
    client = login(world.child_planner)
    default = client.get(f"/tableros/entidad/{world.child.pk}/")
    assert default.context["latest"] == 2024 and default.context["previous"] == 2023
    html = default.content.decode()
    assert 'name="vigencia"' in html and '<option value="2024" selected>' in html
    chosen = client.get(f"/tableros/entidad/{world.child.pk}/?vigencia=2023")
    assert chosen.context["latest"] == 2023 and chosen.context["previous"] == 2022
    own = Score.objects.get(vigencia=2023, code="IDI", subject__sigep_code="1002").value
    assert chosen.context["idi"]["value"] == own
    # the links of the page keep the vigencia
    assert f"/tableros/entidad/{world.child.pk}/politica/" in chosen.content.decode()
    assert "?vigencia=2023" in chosen.content.decode()
    oldest = client.get(f"/tableros/entidad/{world.child.pk}/?vigencia=2022")
    assert oldest.context["previous"] is None and oldest.context["idi"]["change"] is None


def test_a_vigencia_without_data_is_said_not_shown_as_empty_figures(world, login):
    load_results(world, 5, [2024])
    client = login(world.sector_planner)
    for url in (
        f"/tableros/entidad/{world.child.pk}/?vigencia=2019",
        f"/tableros/sector/{world.sector.pk}/?vigencia=2019",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no tiene resultados oficiales en la vigencia 2019" in response.content.decode() or (
            "Ninguna entidad de esta página tiene resultados oficiales en la vigencia 2019"
            in response.content.decode()
        )
    drill = client.get(f"/tableros/entidad/{world.child.pk}/dimension/D3/?vigencia=2019")
    assert drill.status_code == 302
    assert drill["Location"].endswith(f"/entidad/{world.child.pk}/?vigencia=2019")
    # nonsense falls back to the latest vigencia, never a 500
    assert client.get(f"/tableros/sector/{world.sector.pk}/?vigencia=abc").context["latest"] == 2024
    ranking = client.get("/medicion/resultados/ranking/?vigencia=2019")
    assert ranking.status_code == 200 and "No hay resultados oficiales de la vigencia 2019" in (
        ranking.content.decode()
    )


def test_ranking_defaults_to_the_latest_vigencia_with_shared_ranks(world, login):
    load_results(world, 12, [2023, 2024])
    response = login(world.outsider).get("/medicion/resultados/ranking/")
    assert response.context["vigencia"] == 2024
    rows = list(response.context["page"])
    values = [r.value for r in rows]
    assert values == sorted(values, reverse=True)
    for row in rows:  # ties share the rank: 1 + the number of better scores
        assert row.rank == 1 + sum(1 for v in values if v > row.value)
    grouped = login(world.outsider).get("/medicion/resultados/ranking/?vigencia=2023&grupo=Rama")
    subjects = list(grouped.context["page"])
    assert subjects and all(r.subject.peer_group == "Rama" for r in subjects)
    assert subjects[0].rank == 1


def _import(world, vigencia, rows):
    results_import(
        user=world.admin,
        file=samples.build_results_workbook(rows, vigencia=vigencia),
        vigencia=vigencia,
        replace=True,
    )


def test_sector_deltas_compare_the_same_entities_and_list_those_without_data(world, login):
    third = make_entity(
        "Hotel Tequendama de Prueba", parent=world.head, sector=world.sector, sigep_code="1003"
    )
    newcomer = {"sigep_code": "1003", "name": "HOTEL TEQUENDAMA", "peer_group": "Rama", "level": 95}
    _import(world, 2023, make_rows(3, seed=1, extra=[dict(r) for r in WORLD_ROWS]))
    _import(world, 2024, make_rows(3, seed=2, extra=[dict(r) for r in WORLD_ROWS] + [newcomer]))
    client = login(world.sector_planner)
    context = client.get(f"/tableros/sector/{world.sector.pk}/").context
    idi = next(a for a in context["averages"] if a["code"] == "IDI")
    scores = {
        (s.vigencia, s.subject.sigep_code): s.value
        for s in Score.objects.filter(code="IDI", subject__sigep_code__in=["1001", "1002", "1003"])
    }
    same_now = (scores[(2024, "1001")] + scores[(2024, "1002")]) / 2
    same_before = (scores[(2023, "1001")] + scores[(2023, "1002")]) / 2
    assert idi["n"] == 3 and idi["compared"] == 2
    assert idi["previous"] == same_before.quantize(Decimal("0.1"))
    assert idi["change"] == same_now.quantize(Decimal("0.1")) - same_before.quantize(Decimal("0.1"))
    # in 2023 the newcomer has no results: listed apart, not as an "n/a" row of the heat map
    old = client.get(f"/tableros/sector/{world.sector.pk}/?vigencia=2023")
    assert {r["subject"].sigep_code for r in old.context["rows"]} == {"1001", "1002"}
    assert [m["entity"].pk for m in old.context["missing"]] == [third.pk]
    html = old.content.decode()
    assert "Entidades sin resultados en la vigencia 2023" in html and "Hotel Tequendama de Prueba" in html
    average_2023 = next(a for a in old.context["averages"] if a["code"] == "IDI")
    assert average_2023["n"] == 2


def test_sector_page_of_a_one_entity_scope_says_so(world, login):
    load_results(world, 3, [2024])
    html = login(world.child_planner).get(f"/tableros/sector/{world.sector.pk}/").content.decode()
    assert "Su acceso cubre una sola entidad del sector (Hospital de Prueba)" in html
    full = login(world.sector_planner).get(f"/tableros/sector/{world.sector.pk}/").content.decode()
    assert "Su acceso cubre" not in full


def _presidency(world, user, *, end=None, kind=Committee.Kind.SECTORIAL):
    person = Person.objects.create(entity=world.head, full_name=f"Persona {user.username}", user=user)
    committee = Committee.objects.create(entity=world.head, kind=kind, name=f"Comité de {user.username}")
    seat = Seat.objects.create(committee=committee, role=Seat.Role.PRESIDENCY, title="Ministra")
    SeatHolding.objects.create(seat=seat, person=person, start=date(2020, 1, 1), end=end)


def test_the_president_of_the_sector_committee_sees_the_whole_sector(world, login):
    load_results(world, 3, [2024])
    minister = UserFactory(username="ministra")
    from mipg.organizations.roles import Role
    from tests.factories import grant

    grant(minister, world.head, Role.COMMITTEE_MEMBER)  # a role over the head entity only
    client = login(minister)
    before = client.get(f"/tableros/sector/{world.sector.pk}/")
    assert {r["subject"].sigep_code for r in before.context["rows"]} == {"1001"}
    _presidency(world, minister)
    after = client.get(f"/tableros/sector/{world.sector.pk}/")
    assert {r["subject"].sigep_code for r in after.context["rows"]} == {"1001", "1002"}
    assert "Su acceso cubre" not in after.content.decode()
    # the sector read scope opens no entity's own pages
    assert client.get(f"/tableros/entidad/{world.child.pk}/").status_code == 404
    assert f"/tableros/entidad/{world.child.pk}/" not in after.content.decode()
    assert world.sector.name in client.get("/tableros/").content.decode()
    # a fixed number of queries for the minister's page, at two data sizes
    url = f"/tableros/sector/{world.sector.pk}/"
    small = count_queries(client, url)
    load_results(world, 40, [2022, 2023, 2024])
    assert count_queries(client, url) == small <= 22  # 21 plus the synthetic-data flag


def test_an_ended_or_institutional_presidency_grants_no_sector_scope(world, login):
    load_results(world, 3, [2024])
    former = UserFactory(username="exministra")
    _presidency(world, former, end=date.today() - timedelta(days=1))
    assert login(former).get(f"/tableros/sector/{world.sector.pk}/").status_code == 404
    institutional = UserFactory(username="presidente_institucional")
    _presidency(world, institutional, kind=Committee.Kind.INSTITUTIONAL)
    assert login(institutional).get(f"/tableros/sector/{world.sector.pk}/").status_code == 404


def _on_the_fly(vigencia: int) -> tuple[dict, dict]:
    """The statistics as the dashboards computed them before the precomputed table (stats.position)."""
    values: dict = {}
    for code, sid, group, value in Score.objects.filter(vigencia=vigencia).values_list(
        "code", "subject_id", "subject__peer_group", "value"
    ):
        if not code.startswith("I") or code == "IDI":
            values.setdefault((code, group), []).append((sid, value))
    ranks, groups = {}, {}
    for (code, group), items in values.items():
        present = [v for _s, v in items if v is not None]
        if group and present:
            stats = position(None, present)
            groups[(code, group)] = (stats["n"], stats["median"], stats["max"])
        for sid, value in items:
            if value is not None and group:
                stats = position(value, present)
                ranks[(code, sid)] = (stats["rank"], stats["quintile"], stats["gap"])
    return ranks, groups


@pytest.mark.parametrize("vigencia", [2023, 2024])
def test_precomputed_peer_statistics_equal_the_on_the_fly_computation(world, vigencia):
    load_results(world, 40, [2023, 2024])
    ranks, groups = _on_the_fly(vigencia)
    stored_ranks = {
        (code, sid): (rank, quintile, gap)
        for code, sid, rank, quintile, gap in PeerRank.objects.filter(vigencia=vigencia).values_list(
            "code", "subject_id", "group_rank", "quintile", "gap"
        )
    }
    stored_groups = {
        (code, group): (n, med, top)
        for code, group, n, med, top in PeerGroupStat.objects.filter(vigencia=vigencia).values_list(
            "code", "peer_group", "count", "median", "maximum"
        )
    }
    assert len(ranks) > 1000 and stored_ranks == ranks
    assert stored_groups == groups
    # national rank: 1 + the number of better IDI scores in the vigencia
    idi = dict(Score.objects.filter(vigencia=vigencia, code="IDI").values_list("subject_id", "value"))
    for sid, national in PeerRank.objects.filter(vigencia=vigencia, code="IDI").values_list(
        "subject_id", "national_rank"
    ):
        assert national == 1 + sum(1 for v in idi.values() if v is not None and v > idi[sid])


def test_an_import_invalidates_cached_chart_data(world, login, django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        load_results(world, 5, [2024])
    client = login(world.sector_planner)
    first = client.get(f"/tableros/sector/{world.sector.pk}/").context["group_summary"]
    assert dash.group_stats(2024)  # cached now
    rows = make_rows(5, seed=2024, groups=("Fuerzas", "Rama"), extra=[dict(r) for r in WORLD_ROWS])
    for row in rows:
        row["values"] = {code: 99.0 if code == "IDI" else value for code, value in row["values"].items()}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _import(world, 2024, rows)
    assert callbacks  # the invalidation runs after the commit
    second = client.get(f"/tableros/sector/{world.sector.pk}/").context["group_summary"]
    assert first != second and all(g["max"] == Decimal("99.0") for g in second)


def test_a_restore_recomputes_the_peer_statistics(world, login):
    load_results(world, 5, [2024])
    before = dict(PeerRank.objects.filter(vigencia=2024, code="IDI").values_list("subject_id", "value"))
    rows = make_rows(5, seed=99, groups=("Fuerzas", "Rama"), extra=[dict(r) for r in WORLD_ROWS])
    _import(world, 2024, rows)
    assert (
        dict(PeerRank.objects.filter(vigencia=2024, code="IDI").values_list("subject_id", "value")) != before
    )
    version = ResultVersion.objects.filter(vigencia=2024).latest("archived_at")
    results_version_restore(user=world.admin, version=version)
    restored = dict(PeerRank.objects.filter(vigencia=2024, code="IDI").values_list("subject_id", "value"))
    assert restored == before
    assert ResultSubject.objects.count() >= len(restored)
