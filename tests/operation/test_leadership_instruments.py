from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from mipg.catalog.selectors import current_policies
from mipg.operation import selectors, services
from mipg.operation.libraries import decree_612_plans
from mipg.operation.models import Instrument, PolicyLeadership


def test_decree_612_plans_are_data():
    plans = decree_612_plans()
    assert len(plans) == 12 and len({p["code"] for p in plans}) == 12


def test_matrix_flags_policies_without_leader(ops, login, world):
    policy = current_policies().first()
    services.leadership_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        policy=policy,
        leading_dependencia=ops.planning,
        leader=ops.leader_person,
        co_responsible=[ops.treasury],
        norms="Resolución 1 de 2026",
    )
    matrix = selectors.leadership_matrix(world.head_planner, world.head, 2026)
    assert matrix["gaps"] == current_policies().count() - 1
    row = matrix["rows"][0]
    assert not row["gap"] and "L" in row["cells"] and "C" in row["cells"]
    body = login(world.control).get("/operacion/liderazgo/?vigencia=2026").content.decode()
    assert "Sin líder" in body and "Resolución 1 de 2026" in body


def test_leadership_with_another_entitys_dependencia_is_refused(ops, world):
    from mipg.organizations.models import Dependencia

    foreign = Dependencia.objects.get(entity=world.child)
    with pytest.raises(ValidationError, match="no pertenece a esta entidad"):
        services.leadership_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            policy=current_policies().first(),
            leading_dependencia=foreign,
        )
    assert not PolicyLeadership.objects.exists()


def test_leadership_edit_page(ops, login, world):
    policy = current_policies().first()
    response = login(world.head_planner).post(
        f"/operacion/liderazgo/{policy.pk}/editar/?vigencia=2026",
        {
            "leading_dependencia": ops.planning.pk,
            "leader": ops.leader_person.pk,
            "co_responsible": [ops.treasury.pk],
            "norms": "Decreto",
        },
    )
    assert response.status_code == 302
    leadership = PolicyLeadership.objects.get()
    assert leadership.leader == ops.leader_person and list(leadership.co_responsible.all()) == [ops.treasury]


def test_decree_612_status_and_alert_before_31_january(ops, world):
    services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        kind="plan",
        decree_plan="PAA",
        name="PAA",
        status="publicado",
        published_on=date(2026, 1, 20),
    )
    services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        kind="plan",
        decree_plan="PIC",
        name="PIC",
        status="aprobado",
    )
    with mock.patch("mipg.operation.selectors.today", return_value=date(2026, 1, 15)):
        status = selectors.decree_612_status(world.head_planner, world.head, 2026)
    states = {row["code"]: row["state"] for row in status["rows"]}
    assert states["PAA"] == "published" and states["PIC"] == "unpublished" and states["PINAR"] == "missing"
    assert len(status["pending"]) == 11 and status["alert"] and not status["overdue"]
    with mock.patch("mipg.operation.selectors.today", return_value=date(2026, 2, 1)):
        status = selectors.decree_612_status(world.head_planner, world.head, 2026)
    assert status["overdue"] and not status["alert"]


def test_home_panel_alerts_before_the_deadline(ops, login, world):
    with mock.patch("mipg.operation.selectors.today", return_value=date(2026, 1, 10)):
        body = login(world.head_planner).get("/").content.decode()
    assert "Faltan publicar 12 planes del Decreto 612 de 2018 antes del 31/01/2026." in body


def test_instrument_rules(ops, world):
    with pytest.raises(ValidationError) as raised:
        services.instrument_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            kind="programa",
            decree_plan="PAA",
            name="x",
            status="publicado",
        )
    assert "Los planes del Decreto 612 de 2018 son de tipo «Plan»." in raised.value.messages
    assert "Indique la fecha en que se publicó." in raised.value.messages
    with pytest.raises(ValidationError, match="no es uno de los planes"):
        services.instrument_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            kind="plan",
            decree_plan="XYZ",
            name="x",
            status="borrador",
        )
    assert not Instrument.objects.exists()


def test_instrument_document_upload_checks_content(ops, login, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    instrument = services.instrument_save(
        user=world.head_planner, entity=world.head, vigencia=2026, kind="plan", name="Plan", status="borrador"
    )
    response = login(world.head_planner).post(
        f"/operacion/instrumentos/{instrument.pk}/",
        {"file": SimpleUploadedFile("plan.docx", b"not a zip at all")},
    )
    assert "no corresponde a un archivo DOCX" in response.content.decode()
    assert instrument.documents.count() == 0
