"""QA fix: /tableros/ lists the entity dashboards alphabetically by name, not by id read as text."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_entity

NAMES = [
    "Zona Franca de Prueba",
    "agencia de Prueba",
    "Órgano de Prueba",
    "Instituto Beta",
    "Peña Blanca E.S.E.",
    "Penz Laboratorio",
    "Instituto Alfa",
    "Escuela de Prueba",
    "Banco de Prueba",
    "Corporación de Prueba",
    "Museo de Prueba",
]


def listed_names(html: str) -> list[str]:
    section = html.split("Tableros por entidad", 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/tableros/entidad/\d+/">([^<]*)</a>', section)


def count_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/tableros/").content.decode()
    return len(queries), html


def test_entity_dashboards_listed_alphabetically(world, login):
    client = login(world.sector_planner)
    few, _ = count_queries(client)
    for name in NAMES:
        make_entity(name, parent=world.head, sector=world.sector)
    many, html = count_queries(client)
    assert many == few
    assert listed_names(html) == [
        "agencia de Prueba",
        "Banco de Prueba",
        "Corporación de Prueba",
        "Escuela de Prueba",
        "Hospital de Prueba",
        "Instituto Alfa",
        "Instituto Beta",
        "Ministerio de Prueba",
        "Museo de Prueba",
        "Órgano de Prueba",
        "Penz Laboratorio",
        "Peña Blanca E.S.E.",
        "Zona Franca de Prueba",
    ]


def test_entity_dashboard_list_shows_only_visible_entities(world, login):
    html = login(world.child_planner).get("/tableros/").content.decode()
    assert listed_names(html) == ["Hospital de Prueba"]
    assert reverse("dashboards:entity", args=[world.head.pk]) not in html
