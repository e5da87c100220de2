"""Fixtures of the Operación tests: dependencias and people of the `world` head entity and an action plan
built through the real import service."""

import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mipg.core.xlsx import build_workbook
from mipg.operation import services
from mipg.operation.services.xlsx_import import HEADERS, SHEET
from mipg.organizations.models import Dependencia, Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant, minimal_pdf

PDF = minimal_pdf()


def xlsx_upload(rows, headers=None, name="plan.xlsx", sheet=SHEET):
    data = build_workbook([(sheet, headers or HEADERS, rows)])
    return SimpleUploadedFile(name, data, content_type="application/vnd.ms-excel")


def pdf_upload(name="evidencia.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def plan_rows(goals=2, activities=3, year=2026, leader_name="Lina Líder"):
    """`goals` goals with `activities` activities each; weights add up to 100 per goal."""
    rows = []
    policies = [f"POL{n:02d}" for n in range(1, 20)]
    counter = 0
    for g in range(1, goals + 1):
        weights = [100 // activities] * activities
        weights[-1] += 100 - sum(weights)
        for a in range(1, activities + 1):
            counter += 1
            rows.append(
                [
                    f"M{g}",
                    f"Meta {g}",
                    "",
                    f"M{g}.{a}",
                    f"Actividad {g}.{a}",
                    "Oficina de Planeación" if a % 2 else "Secretaría General",
                    leader_name if a == 1 else "",
                    f"01/01/{year}",
                    date(year, 12, 31),
                    weights[a - 1],
                    f"Entregable {g}.{a}",
                    policies[counter % 19],
                ]
            )
    return rows


@dataclass
class Ops:
    world: object
    planning: object
    treasury: object
    leader_person: object
    leader: object
    owner_person: object
    owner: object


@pytest.fixture
def ops(world):
    planning = Dependencia.objects.create(entity=world.head, name="Oficina de Planeación", code="OAP")
    treasury = Dependencia.objects.create(entity=world.head, name="Secretaría General", code="SG")
    Dependencia.objects.create(entity=world.child, name="Dirección del Hospital")
    leader = UserFactory(username="lider", first_name="Lina", last_name="Líder")
    grant(leader, world.head, Role.POLICY_LEADER)
    leader_person = Person.objects.create(
        entity=world.head, full_name="Lina Líder", dependencia=planning, user=leader
    )
    owner = UserFactory(username="owner")
    grant(owner, world.head, Role.COMMITTEE_MEMBER)
    owner_person = Person.objects.create(
        entity=world.head, full_name="Omar Dueño", dependencia=treasury, user=owner
    )
    return Ops(world, planning, treasury, leader_person, leader, owner_person, owner)


@pytest.fixture
def plan(ops):
    """An action plan 2026 of the head entity, in execution, with Lina leading every policy."""
    from mipg.catalog.selectors import current_policies

    world = ops.world
    plan = services.plan_import(
        user=world.head_planner, entity=world.head, vigencia=2026, upload=xlsx_upload(plan_rows())
    )
    for policy in current_policies():
        services.leadership_save(
            user=world.head_planner,
            entity=world.head,
            vigencia=2026,
            policy=policy,
            leading_dependencia=ops.planning,
            leader=ops.leader_person,
        )
    services.plan_set_status(user=world.head_planner, plan=plan, status="ejecucion")
    plan.refresh_from_db()
    return plan


__all__ = ["io", "pdf_upload", "xlsx_upload", "plan_rows"]
