"""Acceptance of Institucionalidad: a technical secretary convenes a session, records attendance and sees
the quorum live, records two decisions and three commitments, generates the acta PDF; the president
approves it; the next session shows the commitments to follow up; a user of another entity can
neither see nor touch any of it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from mipg.institutional.models import Acta, Commitment, Decision, Session
from tests.institutional.conftest import cw  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("heading", name="Ingresar al Gestor MIPG")).to_be_visible()


def test_secretary_runs_a_session_and_the_president_approves_the_acta(cw, page, sign_in):  # noqa: F811
    today = timezone.localdate()
    sign_in("secretary")
    page.get_by_role("navigation", name="Navegación principal").get_by_role(
        "link", name="Institucionalidad"
    ).click()
    page.get_by_role("link", name="Comité Sectorial de Prueba").click()
    expect(page.get_by_role("heading", name="Comité Sectorial de Prueba")).to_be_visible()

    # convene a session
    page.get_by_role("link", name="Programar sesión").click()
    page.get_by_label("Tipo de sesión").select_option(label="Ordinaria")
    page.get_by_label("Fecha").fill((today + timedelta(days=7)).isoformat())
    page.get_by_label("Hora").fill("09:00")
    page.get_by_label("Lugar").fill("Sala de juntas del Despacho")
    page.get_by_label("Orden del día (un punto por línea)").fill("Informe FURAG\nPlan de acción")
    page.get_by_role("button", name="Programar sesión").click()
    expect(page.get_by_text("Sesión programada.")).to_be_visible()
    page.get_by_role("button", name="Convocar por correo").click()
    expect(page.get_by_text("Sesión convocada: se envió la convocatoria a 5 miembros.")).to_be_visible()
    assert len(mail.outbox) == 5 and "Informe FURAG" in mail.outbox[0].body
    # before the session's day attendance cannot be recorded; the day comes (the session starts now)
    expect(page.get_by_text("La asistencia se registra desde el día de la sesión")).to_be_visible()
    Session.objects.update(starts_at=timezone.now() - timedelta(minutes=1))
    page.reload()

    # attendance, quorum shown live; the selects start «sin registrar»
    expect(page.get_by_label("Asistencia de Ana Miembro")).to_have_value("")
    quorum = page.locator("#quorum")
    expect(quorum).to_contain_text("No hay quórum")
    for name, status in (
        ("Pedro Presidente", "Presente"),
        ("Sonia Secretaria", "Presente"),
        ("Ana Miembro", "Presente"),
        ("Gina Invitada", "Ausente"),
    ):
        page.get_by_label(f"Asistencia de {name}").select_option(label=status)
        page.get_by_role("button", name=f"Registrar asistencia de {name}").click()
        expect(quorum).to_contain_text(f"{name}: {status}")
    expect(page.locator("#quorum")).to_contain_text("Hay quórum para deliberar y decidir.")
    expect(page.locator("#quorum")).to_contain_text("2 de 3")
    page.get_by_label("Asistencia de Beto Miembro").select_option(label="Representado por delegado")
    page.get_by_label("Delegado de Beto Miembro").fill("Subdirector del Hospital")
    page.get_by_role("button", name="Registrar asistencia de Beto Miembro").click()
    expect(page.locator("#quorum")).to_contain_text("3 de 3")

    # a vote count above the members present is refused in Spanish
    page.reload()
    page.locator("summary", has_text="Registrar decisión").click()
    page.get_by_label(re.compile(r"^Decisión:?$")).fill("Decisión inválida")
    page.get_by_label("Votos a favor").fill("4")
    page.get_by_role("button", name="Registrar decisión").click()
    expect(page.get_by_text("superan los miembros con voto presentes (3)")).to_be_visible()

    # two decisions
    for text, votes in (("Aprobar el informe FURAG", "3"), ("Aprobar el plan de acción", "2")):
        page.locator("summary", has_text="Registrar decisión").click()
        page.get_by_label(re.compile(r"^Decisión:?$")).fill(text)
        page.get_by_label("Votos a favor").fill(votes)
        page.get_by_role("button", name="Registrar decisión").click()
        expect(page.get_by_text("Decisión registrada.")).to_be_visible()
    assert Decision.objects.filter(approved=True).count() == 2

    # three commitments
    due = (today + timedelta(days=30)).isoformat()
    for text, person in (
        ("Publicar el informe", "Ana Miembro"),
        ("Ajustar el plan", "Beto Miembro"),
        ("Enviar presentación", "Sonia Secretaria – Directora de Planeación"),
    ):
        page.locator("summary", has_text="Registrar compromiso").click()
        page.get_by_label(re.compile(r"^Compromiso:?$")).fill(text)
        page.get_by_label("Responsable").select_option(label=person)
        page.get_by_label("Fecha límite").fill(due)
        page.get_by_role("button", name="Registrar compromiso").click()
        expect(page.get_by_text("Compromiso registrado.")).to_be_visible()
    assert Commitment.objects.count() == 3

    # the acta, as PDF
    page.get_by_role("button", name="Generar acta").click()
    label = f"Acta No. 01 de {timezone.localdate().year}"
    expect(page.get_by_text(label)).to_be_visible()
    href = page.get_by_role("link", name="Descargar acta en PDF").get_attribute("href")
    pdf = page.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    session_url = page.url
    expect(page.get_by_role("button", name="Aprobar acta")).to_have_count(0)
    sign_out(page)

    # the president approves it
    sign_in("president")
    page.goto(session_url)
    page.get_by_role("button", name="Aprobar acta").click()
    expect(page.get_by_text("Aprobada por Pedro Presidente")).to_be_visible()
    acta = Acta.objects.get()
    assert acta.is_approved and acta.approved_by.username == "president"
    # nothing of the session can be edited any more
    expect(page.locator("summary", has_text="Registrar decisión")).to_have_count(0)
    sign_out(page)

    # the next session follows up the commitments by itself
    sign_in("secretary")
    page.goto(session_url)
    page.get_by_role("link", name="Comité Sectorial de Prueba").click()
    page.get_by_role("link", name="Programar sesión").click()
    page.get_by_label("Fecha").fill((today + timedelta(days=40)).isoformat())
    page.get_by_label("Hora").fill("10:00")
    page.get_by_label("Lugar").fill("Sala virtual")
    page.get_by_role("button", name="Programar sesión").click()
    follow_up = page.locator("#follow-up")
    expect(page.get_by_text("Seguimiento a compromisos", exact=True)).to_be_visible()
    for text in ("Publicar el informe", "Ajustar el plan", "Enviar presentación"):
        expect(follow_up.get_by_role("link", name=text)).to_be_visible()
    sign_out(page)


def test_a_user_of_another_entity_can_neither_see_nor_touch(cw, page, sign_in, world):  # noqa: F811
    from mipg.institutional import services
    from tests.institutional.conftest import attend_all, aware

    session = services.session_create(
        user=cw.secretary_user, committee=cw.committee, starts_at=aware(timezone.localdate()), place="Sala"
    )
    attend_all(cw, session)
    sign_in("outsider")
    page.goto("/institucionalidad/")
    expect(page.get_by_text("Comité Sectorial de Prueba")).to_have_count(0)
    response = page.goto(f"/institucionalidad/sesiones/{session.pk}/")
    assert response.status == 404
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"/institucionalidad/sesiones/{session.pk}/decisiones/",
        form={"text": "Intrusión", "votes_for": "1"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 404
    api = page.request.get("/api/v1/committee-sessions/")
    assert api.json()["count"] == 0
    assert not Decision.objects.exists() and Session.objects.count() == 1


def test_secretary_maintains_members_and_agenda(cw, page, sign_in, world, tmp_path):  # noqa: F811
    from mipg.core.xlsx import build_workbook
    from mipg.institutional import services
    from mipg.institutional.models import SeatHolding
    from tests.institutional.conftest import aware

    session = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=3)),
        place="Sala",
        agenda=["Informe FURAG", "Plan de acción", "Varios"],
    )
    sign_in("secretary")

    # agenda: move up, edit, retire
    page.goto(f"/institucionalidad/sesiones/{session.pk}/")
    page.get_by_role("button", name="Subir el punto «Plan de acción»").click()
    expect(page.get_by_text("Orden del día actualizado.")).to_be_visible()
    items = page.locator("#agenda-h + ol > li > strong")
    expect(items).to_have_text(["Plan de acción", "Informe FURAG", "Varios"])
    last = page.locator("#agenda-h + ol > li").nth(2)
    last.locator("summary", has_text="Editar punto").click()
    last.get_by_label("Tema").fill("Proposiciones y varios")
    last.get_by_role("button", name="Guardar punto").click()
    expect(page.get_by_text("Punto del orden del día actualizado.")).to_be_visible()
    page.get_by_role("button", name="Retirar punto «Informe FURAG»").click()
    expect(page.get_by_text("Punto retirado del orden del día.")).to_be_visible()
    expect(items).to_have_text(["Plan de acción", "Proposiciones y varios"])

    # a member leaves: the seat is vacant
    page.goto(f"/institucionalidad/comites/{cw.committee.pk}/")
    row = page.get_by_role("row").filter(has_text="Director del Hospital")
    row.locator("summary", has_text="Terminar ocupación").click()
    row.get_by_label("Fecha en que Beto Miembro deja el puesto").fill(
        (timezone.localdate() - timedelta(days=1)).isoformat()
    )
    row.get_by_role("button", name="Terminar", exact=True).click()
    expect(page.get_by_text("Beto Miembro deja el puesto «Director del Hospital».")).to_be_visible()
    expect(page.get_by_text("Hoy hay 1 puesto con voto vacante")).to_be_visible()

    # members import: one error with row and column, nothing imported; then a good file
    page.get_by_role("link", name="Importar miembros desde Excel").click()
    bad = tmp_path / "malo.xlsx"
    bad.write_bytes(
        build_workbook(
            [
                (
                    "Miembros",
                    services.MEMBERS_COLUMNS,
                    [["Director del Hospital", "Miembro con voto", "X", "AJENA", "01/01/2030"]],
                )
            ]
        )
    )
    page.get_by_label("Archivo Excel (.xlsx) con los miembros").set_input_files(str(bad))
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_text("No se importó nada")).to_be_visible()
    expect(page.get_by_role("cell", name="Entidad (sigla o código SIGEP)")).to_be_visible()
    good = tmp_path / "bueno.xlsx"
    good.write_bytes(
        build_workbook(
            [
                (
                    "Miembros",
                    services.MEMBERS_COLUMNS,
                    [
                        [
                            "Director del Hospital",
                            "Miembro con voto",
                            "Hilda Nueva",
                            "HOSP",
                            timezone.localdate(),
                        ]
                    ],
                )
            ]
        )
    )
    page.get_by_label("Archivo Excel (.xlsx) con los miembros").set_input_files(str(good))
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_text("Miembros importados")).to_be_visible()
    expect(page.get_by_text("Hoy hay 1 puesto con voto vacante")).to_have_count(0)
    holding = SeatHolding.objects.get(seat=cw.seats["b"], end__isnull=True)
    assert holding.person.full_name == "Hilda Nueva" and holding.person.entity == world.child


def test_all_present_updates_selects_and_quorum_in_place(cw, page, sign_in):  # noqa: F811
    from mipg.institutional import services
    from tests.institutional.conftest import aware

    session = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() - timedelta(days=1)),
        place="Sala",
        agenda=["Informe"],
    )
    sign_in("secretary")
    page.goto(f"/institucionalidad/sesiones/{session.pk}/")
    expect(page.get_by_label("Asistencia de Beto Miembro")).to_have_value("")
    page.get_by_label("Asistencia de Beto Miembro").select_option(label="Excusado")
    page.get_by_role("button", name="Registrar asistencia de Beto Miembro").click()
    expect(page.locator("#quorum")).to_contain_text("Beto Miembro: Excusado")
    url = page.url
    page.get_by_role("button", name="Todos presentes").click()
    expect(page.get_by_text("4 miembros registrados como presentes.")).to_be_visible()
    assert page.url == url  # swapped in place by HTMX
    expect(page.get_by_label("Asistencia de Ana Miembro")).to_have_value("presente")
    expect(page.get_by_label("Asistencia de Beto Miembro")).to_have_value("excusado")
    expect(page.locator("#quorum")).to_contain_text("Hay quórum para deliberar y decidir.")
