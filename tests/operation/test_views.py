"""Pages: who may read and write, the entity gate (404 for a foreign entity), bad uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from mipg.core.models import Evidence
from mipg.operation import services
from mipg.operation.models import Activity, Indicator, Instrument, ProgressReport

from .conftest import PDF


@pytest.fixture
def objects(plan, ops):
    world = ops.world
    indicator = services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2026, name="Ind", numerator="a", denominator="b"
    )
    instrument = services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        kind="plan",
        name="Plan X",
        status="borrador",
    )
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    return {
        "plan": reverse("operation:plan_detail", args=[plan.pk]),
        "export": reverse("operation:plan_export", args=[plan.pk]),
        "activity": reverse("operation:activity_detail", args=[activity.pk]),
        "indicator": reverse("operation:indicator_detail", args=[indicator.pk]),
        "instrument": reverse("operation:instrument_detail", args=[instrument.pk]),
        "activity_obj": activity,
    }


def test_foreign_entity_objects_answer_404(objects, login, world):
    for user in (world.outsider, world.child_planner):
        client = login(user)
        for key in ("plan", "export", "activity", "indicator", "instrument"):
            assert client.get(objects[key]).status_code == 404, (user, key)


def test_sector_planner_and_control_read_everything(objects, login, world):
    for user in (world.sector_planner, world.control, world.reader):
        client = login(user)
        for key in ("plan", "activity", "indicator", "instrument"):
            assert client.get(objects[key]).status_code == 200, (user, key)


def test_readers_and_control_cannot_write(objects, login, world, ops):
    activity = objects["activity_obj"]
    for user in (world.control, world.reader):
        client = login(user)
        assert (
            client.post(objects["activity"], {"period": "T1", "percent": "10", "narrative": "x"}).status_code
            == 403
        )
        assert client.get(reverse("operation:instrument_create")).status_code == 403
        assert client.get(reverse("operation:indicator_create")).status_code == 403
        assert client.get(reverse("operation:leadership_edit", args=[activity.policy_id])).status_code == 403
        assert (
            client.post(objects["indicator"], {"target-period": "2026-T1", "target-value": "5"}).status_code
            == 403
        )
        assert client.post(objects["instrument"], {"url": "https://example.org"}).status_code == 403
    assert not ProgressReport.objects.exists()


def test_report_form_with_pdf_then_review(objects, login, ops, world):
    client = login(ops.leader)
    response = client.post(
        objects["activity"],
        {
            "period": "T1",
            "percent": "25",
            "narrative": "Primer trimestre",
            "evidence_file": SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    assert "Se envió el reporte de avance" in response.content.decode()
    report = ProgressReport.objects.get()
    assert report.evidence.count() == 1
    response = login(world.head_planner).post(
        reverse("operation:report_review", args=[report.pk]),
        {"decision": "approve", "comment": ""},
        follow=True,
    )
    assert "El reporte quedó «Aprobado»." in response.content.decode()
    assert Activity.objects.get(pk=objects["activity_obj"].pk).progress == 25


@pytest.mark.parametrize(
    "data, message",
    [
        ({"percent": "120"}, "El avance no puede superar el 100 %."),
        ({"percent": "-1"}, "El avance no puede ser negativo."),
    ],
)
def test_report_form_bad_percent(objects, login, ops, data, message):
    payload = {"period": "T1", "narrative": "x", **data}
    response = login(ops.leader).post(objects["activity"], payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_report_form_backwards_without_reason(objects, login, ops, world):
    activity = objects["activity_obj"]
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=50, narrative="x"
    )
    services.progress_report_review(user=world.head_planner, report=report, approve=True)
    response = login(ops.leader).post(
        objects["activity"], {"period": "T2", "percent": "40", "narrative": "y"}
    )
    assert "es menor que el reportado antes (50,0 %): explique el motivo" in response.content.decode()
    assert ProgressReport.objects.count() == 1


def test_evidence_that_is_not_what_its_extension_claims(objects, login, ops):
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(ops.leader).post(
        objects["activity"], {"period": "T1", "percent": "10", "narrative": "x", "evidence_file": fake}
    )
    assert "El contenido de «informe.pdf» no corresponde a un archivo PDF." in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


@override_settings(MIPG_MAX_UPLOAD_BYTES=100)
def test_evidence_too_large(objects, login, ops):
    big = SimpleUploadedFile("informe.pdf", PDF + b"0" * 200, content_type="application/pdf")
    response = login(ops.leader).post(
        objects["activity"], {"period": "T1", "percent": "10", "narrative": "x", "evidence_file": big}
    )
    assert "y el máximo es" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_return_without_comment_shows_message(objects, login, ops, world):
    report = services.progress_report_submit(
        user=ops.leader, activity=objects["activity_obj"], period="T1", percent=10, narrative="x"
    )
    response = login(world.head_planner).post(
        reverse("operation:report_review", args=[report.pk]),
        {"decision": "return", "comment": ""},
        follow=True,
    )
    assert "Escriba la observación por la que devuelve el reporte." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_leader_cannot_review(objects, login, ops):
    report = services.progress_report_submit(
        user=ops.leader, activity=objects["activity_obj"], period="T1", percent=10, narrative="x"
    )
    response = login(ops.leader).post(
        reverse("operation:report_review", args=[report.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_instrument_form_end_before_start(ops, login, world):
    response = login(world.head_planner).post(
        reverse("operation:instrument_create"),
        {
            "vigencia": 2026,
            "kind": "plan",
            "name": "Plan",
            "status": "borrador",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
        },
    )
    assert "La fecha de fin no puede ser anterior a la fecha de inicio." in response.content.decode()
    assert not Instrument.objects.exists()


def test_indicator_pages(ops, login, world):
    client = login(world.head_planner)
    response = client.post(
        reverse("operation:indicator_create"),
        {
            "vigencia": 2026,
            "name": "Ejecución",
            "numerator": "Comprometido",
            "denominator": "Apropiado",
            "unit": "%",
            "frequency": "trimestral",
            "direction": "mayor",
        },
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("operation:indicator_detail", args=[indicator.pk]),
        {"target-period": "2026-T1", "target-value": "30"},
    )
    client.post(
        reverse("operation:indicator_detail", args=[indicator.pk]),
        {
            "m-period": "2026-T1",
            "m-numerator_value": "3",
            "m-denominator_value": "10",
            "m-evidence_url": "https://example.gov.co/informe",
        },
    )
    body = client.get(reverse("operation:indicator_detail", args=[indicator.pk])).content.decode()
    assert '<td class="num">30</td>' in body and "indicator-chart" in body
    measurement = indicator.measurements.get()
    assert measurement.value == 30 and measurement.evidence.count() == 1
    response = client.post(
        reverse("operation:indicator_detail", args=[indicator.pk]),
        {"m-period": "2026-T2", "m-numerator_value": "3", "m-denominator_value": "0"},
    )
    assert "El denominador no puede ser cero." in response.content.decode()
    assert indicator.measurements.count() == 1


def test_my_activities_filter(plan, login, ops):
    body = login(ops.owner).get(reverse("operation:plan_detail", args=[plan.pk]) + "?mias=1").content.decode()
    assert "El plan no tiene actividades." in body
    body = (
        login(ops.leader).get(reverse("operation:plan_detail", args=[plan.pk]) + "?mias=1").content.decode()
    )
    assert "M1.1 Actividad 1.1" in body and "M2.3 Actividad 2.3" in body


def test_activity_edit_page_refuses_end_before_start(ops, login, world):
    from .conftest import plan_rows, xlsx_upload

    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, activities=2)),
    )
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    url = reverse("operation:activity_edit", args=[activity.pk])
    data = {
        "code": "M1.1",
        "name": "Cambiada",
        "responsible_dependencia": ops.planning.pk,
        "start_date": "2026-06-01",
        "end_date": "2026-05-01",
        "weight": "50",
        "policy": activity.policy_id,
    }
    assert login(world.control).post(url, data).status_code == 403
    response = login(world.head_planner).post(url, data)
    assert "La fecha de fin no puede ser anterior a la fecha de inicio." in response.content.decode()
    activity.refresh_from_db()
    assert activity.name == "Actividad 1.1"
    data["end_date"] = "2026-07-01"
    assert login(world.head_planner).post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.name == "Cambiada" and activity.weight == 50


def test_indicator_edit_page(ops, login, world):
    indicator = services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2026, name="Ind", numerator="a"
    )
    url = reverse("operation:indicator_edit", args=[indicator.pk])
    assert login(world.reader).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404
    response = login(world.head_planner).post(
        url,
        {
            "vigencia": 2026,
            "name": "Ind 2",
            "numerator": "a",
            "unit": "%",
            "frequency": "anual",
            "direction": "menor",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Ind 2" and indicator.direction == "menor"
