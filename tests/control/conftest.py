"""Fixtures of the Control interno tests: a process map, a risk policy 2026 (Guía v6 tables), a process
leader, a control owner, and the same for the `world` child entity (to prove the entity gate)."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mipg.control import services
from mipg.control.models import Process
from mipg.institutional.models import Committee, Decision, Session
from mipg.organizations.models import Dependencia, Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant, minimal_pdf

# A real one-page PDF: uploaded PDFs are parsed before they are accepted.
PDF = minimal_pdf()


def pdf_upload(name="evidencia.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class Ctl:
    world: object
    policy: object
    process: object
    other_process: object
    leader: object
    leader_person: object
    owner: object
    owner_person: object
    stranger: object
    child_policy: object
    child_process: object
    child_person: object
    period: object


def control_committee_decision(entity, approved=True, kind=Committee.Kind.INTERNAL_CONTROL):
    committee, _created = Committee.objects.get_or_create(
        entity=entity, kind=kind, name=f"Comité {kind} {entity.pk}"
    )
    session = Session.objects.create(
        committee=committee, starts_at=timezone.now(), status=Session.Status.HELD
    )
    return Decision.objects.create(
        session=session,
        text="Aprobar la política de administración del riesgo",
        votes_for=5,
        approved=approved,
    )


@pytest.fixture
def ctl(world):
    planning = Dependencia.objects.create(entity=world.head, name="Oficina de Planeación")
    finance = Dependencia.objects.create(entity=world.head, name="Dirección Financiera")
    leader = UserFactory(username="lider_proceso", first_name="Lina", last_name="Líder")
    grant(leader, world.head, Role.POLICY_LEADER)
    leader_person = Person.objects.create(
        entity=world.head, full_name="Lina Líder", dependencia=finance, user=leader
    )
    owner = UserFactory(username="dueno_control", first_name="Omar", last_name="Dueño")
    grant(owner, world.head, Role.COMMITTEE_MEMBER)
    owner_person = Person.objects.create(
        entity=world.head, full_name="Omar Dueño", dependencia=finance, user=owner
    )
    stranger = UserFactory(username="otro_lider")
    grant(stranger, world.head, Role.POLICY_LEADER)
    Person.objects.create(entity=world.head, full_name="Otro Líder", dependencia=planning, user=stranger)
    planner = world.head_planner
    policy = services.policy_create(user=planner, entity=world.head, vigencia=2026)
    process = services.process_save(
        user=planner,
        entity=world.head,
        code="GF",
        name="Gestión financiera",
        kind=Process.Kind.SUPPORT,
        objective="Administrar los recursos financieros.",
        leader_dependencia=finance,
        leader=leader_person,
    )
    other_process = services.process_save(
        user=planner,
        entity=world.head,
        code="DE",
        name="Direccionamiento estratégico",
        kind=Process.Kind.STRATEGIC,
        objective="Planear la entidad.",
        leader_dependencia=planning,
    )
    child_dep = Dependencia.objects.create(entity=world.child, name="Dirección del Hospital")
    child_person = Person.objects.create(entity=world.child, full_name="Hugo Hospital", dependencia=child_dep)
    child_policy = services.policy_create(user=world.child_planner, entity=world.child, vigencia=2026)
    child_process = services.process_save(
        user=world.child_planner,
        entity=world.child,
        code="AH",
        name="Atención hospitalaria",
        kind=Process.Kind.MISSION,
        objective="Atender pacientes.",
        leader_dependencia=child_dep,
    )
    period = services.period_create(
        user=planner,
        entity=world.head,
        vigencia=2026,
        name="2026 – primer cuatrimestre",
        start=date(2026, 1, 1),
        end=date(2026, 4, 30),
    )
    return Ctl(
        world,
        policy,
        process,
        other_process,
        leader,
        leader_person,
        owner,
        owner_person,
        stranger,
        child_policy,
        child_process,
        child_person,
        period,
    )


def make_risk(ctl, user=None, **overrides):
    fields = {
        "process": ctl.process,
        "risk_class": "gestion",
        "impact_text": "pérdida económica",
        "immediate_cause": "pagos sin soporte",
        "root_cause": "falta de verificación de los documentos",
        "inherent_probability": "media",
        "inherent_impact": "moderado",
    }
    fields.update(overrides)
    return services.risk_save(user=user or ctl.leader, policy=ctl.policy, **fields)


def add_control(ctl, risk, control_type="preventivo", implementation="manual", user=None, **extra):
    return services.control_save(
        user=user or ctl.leader,
        risk=risk,
        name=extra.pop("name", f"Control {control_type} {implementation}"),
        control_type=control_type,
        implementation=implementation,
        owner=extra.pop("owner", ctl.owner_person),
        **extra,
    )
