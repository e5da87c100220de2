"""The GOV.CO frame of every page (bar, entity identity, footer) and the error summary of failed forms."""

import re

from django.test import override_settings


def test_every_page_has_the_govco_bar_the_entity_and_its_footer(world, login):
    body = login(world.head_planner).get("/").content.decode()
    assert '<div class="govco-bar">' in body
    assert '<a href="https://www.gov.co"' in body
    assert "Ministerio de Defensa Nacional" in body  # the demo's entity by default
    assert 'src="/static/core/entity-logo.svg"' in body
    footer = body.split('<footer class="footer">')[1]
    assert "Políticas de privacidad y tratamiento de datos personales" in footer
    assert "Bogotá D.C., Colombia" in footer


@override_settings(
    MIPG_ENTITY_NAME="Alcaldía de Prueba",
    MIPG_ENTITY_LOGO="core/otro-logo.svg",
    MIPG_ENTITY_EMAIL="planeacion@prueba.gov.co",
    MIPG_ENTITY_PHONE="601 000 0000",
    MIPG_POLICY_LINKS=[("Política de datos", "https://prueba.gov.co/datos")],
)
def test_the_entity_name_logo_contact_and_policy_links_come_from_settings(world, login, client):
    anonymous = client.get("/cuenta/ingresar/").content.decode()
    signed_in = login(world.head_planner).get("/").content.decode()
    for body in (anonymous, signed_in):
        assert "Alcaldía de Prueba" in body
        assert "Ministerio de Defensa Nacional" not in body
        assert 'src="/static/core/otro-logo.svg"' in body
        assert '<a href="mailto:planeacion@prueba.gov.co">' in body
        assert "601 000 0000" in body
        assert '<a href="https://prueba.gov.co/datos">Política de datos</a>' in body


def test_a_failed_form_puts_error_in_the_title_and_a_summary_linked_to_each_field(world, login):
    client = login(world.head_planner)
    ok = client.get("/cuenta/clave/").content.decode()
    assert "<title>Error:" not in ok and "error-summary" not in ok
    response = client.post(
        "/cuenta/clave/", {"old_password": "mala", "new_password1": "a", "new_password2": "b"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: ", body)
    summary = body.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_old_password"' in summary
    assert 'href="#id_new_password2"' in summary
    # The summary comes before the form it describes.
    assert body.index('class="error-summary"') < body.index('name="old_password"')
