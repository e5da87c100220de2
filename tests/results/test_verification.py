"""Issue 11 item 6 (improvement plans): an action is verified "eficaz" only on verified evidence, and an
action returned "no eficaz" keeps the execution its responsible reported (never a made-up 99 %)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mipg.core.services import evidence_create, evidence_verify
from mipg.measurement.results.models import Finding, ImprovementAction
from mipg.measurement.results.services import (
    action_create,
    action_verify,
    finding_create,
    plan_create,
    progress_report,
)

pytestmark = pytest.mark.django_db


def _evidence(world, title):
    return evidence_create(user=world.head_planner, entity=world.head, title=title, url="https://x.gov.co/e")


def _executed(world, *evidence):
    plan = plan_create(user=world.head_planner, entity=world.head, name="Plan 2026")
    finding = finding_create(
        user=world.head_planner, plan=plan, origin=Finding.Origin.INTERNAL_AUDIT, description="Hallazgo"
    )
    action = action_create(
        user=world.head_planner,
        finding=finding,
        description="Documentar los controles",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 6, 30),
    )
    progress_report(user=world.head_planner, action=action, percent=100, note="Hecho", evidence=evidence)
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.COMPLETED
    return action


def test_no_effective_verification_without_verified_evidence(world):
    action = _executed(world)
    with pytest.raises(ValidationError, match="no tiene evidencia verificada"):
        action_verify(user=world.control, action=action, effective=True)
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.COMPLETED


def test_pending_evidence_blocks_effective_verification(world):
    action = _executed(world, _evidence(world, "Mapa de riesgos"))
    with pytest.raises(ValidationError, match="«Mapa de riesgos» está pendiente de verificación"):
        action_verify(user=world.control, action=action, effective=True)
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.COMPLETED and action.verified_by is None


def test_rejected_evidence_blocks_until_verified_evidence_replaces_it(world):
    first = _evidence(world, "Borrador ilegible")
    action = _executed(world, first)
    evidence_verify(user=world.control, evidence=first, verified=False, note="No se lee")
    with pytest.raises(ValidationError, match="«Borrador ilegible» fue rechazada"):
        action_verify(user=world.control, action=action, effective=True)
    replacement = _evidence(world, "Mapa de riesgos firmado")
    progress_report(user=world.head_planner, action=action, percent=100, note="Nueva", evidence=[replacement])
    with pytest.raises(ValidationError, match="pendiente de verificación"):
        action_verify(user=world.control, action=action, effective=True)
    evidence_verify(user=world.control, evidence=replacement, verified=True)
    action_verify(user=world.control, action=action, effective=True, note="Eficaz")
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.EFFECTIVE


def test_not_effective_keeps_the_reported_percentage_everywhere(world, login, api):
    action = _executed(world, _evidence(world, "Soporte"))
    # "no eficaz" is allowed whatever the evidence says, and needs a reason
    action_verify(user=world.control, action=action, effective=False, note="El riesgo persiste")
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.NOT_EFFECTIVE
    assert action.progress == 100
    page = login(world.head_planner).get(f"/medicion/resultados/acciones/{action.pk}/").content.decode()
    assert "99 %" not in page and "100 %" in page and "No eficaz" in page
    plan_page = (
        login(world.head_planner)
        .get(f"/medicion/resultados/planes/{action.finding.plan_id}/")
        .content.decode()
    )
    assert "99 %" not in plan_page
    data = api(world.head_planner).get(f"/api/v1/improvement-plans/{action.finding.plan_id}/").json()
    assert data["findings"][0]["actions"][0]["progress"] == 100
    # the responsible acts again and reports; control interno verifies again
    progress_report(user=world.head_planner, action=action, percent=100, note="Segunda ronda")
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.COMPLETED


def test_the_action_page_tells_control_interno_why_it_cannot_be_effective_yet(world, login):
    action = _executed(world, _evidence(world, "Mapa de riesgos"))
    page = login(world.control).get(f"/medicion/resultados/acciones/{action.pk}/").content.decode()
    assert 'id="verify-blockers"' in page and "«Mapa de riesgos» está pendiente de verificación" in page
    response = login(world.control).post(
        f"/medicion/resultados/acciones/{action.pk}/", {"verif-effective": "1", "verif-note": "ok"}
    )
    assert response.status_code == 200 and "pendiente de verificación" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.COMPLETED
