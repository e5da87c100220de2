"""QA fix: the plan pages offer «Descargar plantilla» and «Importar desde Excel» to planeación only."""

from django.urls import reverse

from mipg.operation import services

TEMPLATE = reverse("operation:plan_template")
IMPORT = reverse("operation:plan_import")


def test_plan_detail_offers_template_and_import_to_planeacion(plan, login, ops, world):
    draft = services.plan_create(user=world.head_planner, entity=world.head, vigencia=2027)
    client = login(world.head_planner)
    # A plan in execution cannot be replaced: the import link points to the next vigencia.
    html = client.get(reverse("operation:plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{TEMPLATE}">Descargar plantilla</a>' in html
    assert f'href="{IMPORT}?vigencia=2027">Importar desde Excel</a>' in html
    # A plan in formulación can be replaced by an import of its own vigencia.
    html = client.get(reverse("operation:plan_detail", args=[draft.pk])).content.decode()
    assert f'href="{TEMPLATE}">Descargar plantilla</a>' in html
    assert f'href="{IMPORT}?vigencia=2027">Importar desde Excel</a>' in html


def test_plan_home_without_plan_offers_template_and_import(login, world):
    html = login(world.head_planner).get("/operacion/plan/?vigencia=2030").content.decode()
    assert f'href="{TEMPLATE}">Descargar plantilla</a>' in html
    assert f'href="{IMPORT}?vigencia=2030">' in html


def test_plan_excel_actions_hidden_from_other_roles(plan, login, ops, world):
    for user in (world.control, world.reader, ops.leader):
        client = login(user)
        html = client.get(reverse("operation:plan_detail", args=[plan.pk])).content.decode()
        assert "Descargar plantilla" not in html, user
        assert "Importar desde Excel" not in html, user
