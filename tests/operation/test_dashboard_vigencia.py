"""The operation dashboards take a vigencia (issue 11.5): a selector with the vigencias that have a plan,
``?vigencia=`` in the URL, and by default the current vigencia if it has a plan, else the latest one with
a plan. Another entity's plans add no vigencia to the selector."""

import re

import pytest

from mipg.operation import services

from .conftest import plan_rows, xlsx_upload

pytestmark = pytest.mark.django_db


def _plan(world, entity, user, vigencia):
    return services.plan_import(
        user=user, entity=entity, vigencia=vigencia, upload=xlsx_upload(plan_rows(year=vigencia))
    )


def _options(page: str) -> list[str]:
    select = page.split('id="f-vigencia"')[1].split("</select>")[0]
    return re.findall(r'<option value="(\d+)"', select)


def _selected(page: str) -> str:
    select = page.split('id="f-vigencia"')[1].split("</select>")[0]
    return re.search(r'<option value="(\d+)" selected', select).group(1)


def test_entity_dashboard_defaults_to_the_latest_vigencia_with_a_plan_and_follows_the_selector(ops, login):
    world = ops.world
    _plan(world, world.head, world.head_planner, 2024)
    _plan(world, world.head, world.head_planner, 2025)
    client = login(world.head_planner)
    page = client.get("/operacion/tablero/").content.decode()
    assert _options(page) == ["2025", "2024"] and _selected(page) == "2025"
    assert "Vigencia 2025" in page and "no tiene plan de acción" not in page
    page = client.get("/operacion/tablero/?vigencia=2024").content.decode()
    assert _selected(page) == "2024" and "Vigencia 2024" in page
    # A vigencia without a plan is said, and still offered in the selector as chosen.
    page = client.get("/operacion/tablero/?vigencia=2023").content.decode()
    assert "La entidad no tiene plan de acción para esta vigencia." in page and _selected(page) == "2023"
    assert "2023 (sin datos)" in page
    # Malformed text falls back to the current vigencia without an error.
    assert client.get("/operacion/tablero/?vigencia=abc").status_code == 200


def test_the_current_vigencia_wins_when_it_has_a_plan(ops, login, plan):
    world = ops.world
    _plan(world, world.head, world.head_planner, 2025)
    page = login(world.head_planner).get("/operacion/tablero/").content.decode()
    assert _selected(page) == str(plan.vigencia) and _options(page) == [str(plan.vigencia), "2025"]


def test_sector_dashboard_offers_only_the_vigencias_of_visible_plans(ops, login):
    world = ops.world
    _plan(world, world.head, world.head_planner, 2025)
    services.plan_create(user=world.outsider, entity=world.other, vigencia=2022)
    page = login(world.head_planner).get("/operacion/tablero/sector/").content.decode()
    assert _options(page) == ["2025"] and _selected(page) == "2025"
    assert "Vigencia 2025" in page
    other = login(world.outsider).get("/operacion/tablero/sector/").content.decode()
    assert _options(other) == ["2022"]
