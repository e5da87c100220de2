"""Stored script injection: an entity named like markup is shown as text on every page, and where its
name is handed to JavaScript it travels inside a `json_script` block that parses back to the name."""

from django.utils.html import escape

from mipg.institutional.models import Session
from mipg.measurement.questionnaires.models import Answer, Campaign
from mipg.measurement.results.models import ResultSubject
from mipg.operation.models import Indicator
from mipg.organizations.models import Entity

from .pages import json_data, strings_in

HOSTILE = ["</script><svg onload=alert(1)>", '"><img src=x onerror=alert(1)>']


def rename(entity: Entity, name: str) -> None:
    """The entity and its official-results subject carry the hostile name, with no acronym to hide it."""
    Entity.objects.filter(pk=entity.pk).update(name=name, acronym="")
    ResultSubject.objects.filter(entity=entity).update(name=name)


def assert_inert(html: str, path: str) -> dict:
    for payload in HOSTILE:
        assert payload not in html, path
    assert "<svg onload" not in html and "<img src=x" not in html, path
    return json_data(html)  # every json_script block is valid JSON


def test_hostile_entity_names_stay_text_on_every_page_that_shows_them(demo, client):
    ugg = Entity.objects.get(acronym="MDN-UGG")
    homic = Entity.objects.get(acronym="HOMIC")
    rename(ugg, HOSTILE[0])
    rename(homic, HOSTILE[1])
    client.force_login(demo)
    session = client.session
    session["mipg_entity_id"] = ugg.pk
    session.save()
    campaign = Campaign.objects.filter(entity=ugg).order_by("pk").first()
    answer = Answer.objects.filter(campaign=campaign).order_by("pk").first()
    meeting = Session.objects.filter(committee__entity=ugg).order_by("pk").first()
    indicator = Indicator.objects.filter(entity=ugg).order_by("pk").first()

    # Pages whose JSON for the charts carries the entities' names.
    names_in_json = {
        f"/tableros/sector/{ugg.sector_id}/": "heatmap-data",
        "/operacion/tablero/sector/": "sector-chart",
    }
    for path, block in names_in_json.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        data = assert_inert(html, path)
        for name in HOSTILE:
            assert name in strings_in(data[block]), (path, name)
            assert escape(name) in html, (path, name)  # the table twin shows it as text
    sector = json_data(client.get(f"/tableros/sector/{ugg.sector_id}/").content.decode())["heatmap-data"]
    assert set(HOSTILE) <= set(sector["entities"]) and set(HOSTILE) <= {r[0] for r in sector["ranking"]}

    # Pages that show the name as text and hand other data to their scripts.
    shown = [
        f"/tableros/entidad/{ugg.pk}/",
        f"/tableros/entidad/{homic.pk}/",
        f"/tableros/entidad/{ugg.pk}/dimension/D1/",
        f"/tableros/entidad/{ugg.pk}/politica/POL01/",
        "/operacion/tablero/",
        f"/medicion/cuestionarios/campanas/{campaign.pk}/",
    ]
    elsewhere = [
        "/",
        "/tableros/",
        "/operacion/",
        f"/operacion/indicadores/{indicator.pk}/",
        f"/medicion/cuestionarios/respuestas/{answer.pk}/",
        f"/institucionalidad/sesiones/{meeting.pk}/",
        "/medicion/resultados/ranking/",
        "/entidades/",
    ]
    for path in shown + elsewhere:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert_inert(html, path)
        if path in shown:
            assert escape(HOSTILE[0]) in html or escape(HOSTILE[1]) in html, path
