"""Bulk onboarding: the people workbook imports all-or-nothing with every problem by row and column,
previews exactly what confirming does, and importing it again creates no duplicates."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from mipg.core.imports import ImportRejected
from mipg.organizations.models import Dependencia, Person, RoleAssignment
from mipg.organizations.people_import import COLUMNS, people_import
from mipg.organizations.roles import Role


def workbook(rows, header=COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Personas"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        "Gloria Ruiz",
        "gloria@example.gov.co",
        "Jefe de planeación",
        "Oficina de Planeación",
        "",
        "planeacion",
        "",
    ],
    [
        "Hugo Díaz",
        "HUGO@example.gov.co",
        "Profesional",
        "Talento Humano",
        "1002",
        "Líder de política, consulta",
        "",
    ],
    ["Irene Sol", "irene@example.gov.co", "Asesora", "", "", "", ""],
]


def test_good_file_imports_once_and_again_without_duplicates(world, admins):
    data = workbook(GOOD)
    preview = people_import(user=admins.child_admin, file=data, default_entity=world.child, dry_run=True)
    assert (preview.created, preview.updated, preview.unchanged) == (3, 0, 0)
    assert not Person.objects.filter(email="gloria@example.gov.co").exists()  # a preview writes nothing

    plan = people_import(user=admins.child_admin, file=data, default_entity=world.child)
    assert (plan.created, plan.updated) == (3, 0)
    hugo = Person.objects.get(email="hugo@example.gov.co")
    assert hugo.entity == world.child and hugo.dependencia.name == "Talento Humano"
    assert set(RoleAssignment.objects.filter(user=hugo.user).values_list("role", flat=True)) == {
        Role.POLICY_LEADER,
        Role.READ_ONLY,
    }
    assert not hugo.user.has_usable_password()
    assert Person.objects.get(email="irene@example.gov.co").user is None  # no roles, no account
    counts = (Person.objects.count(), RoleAssignment.objects.count(), Dependencia.objects.count())

    again = people_import(user=admins.child_admin, file=data, default_entity=world.child)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (Person.objects.count(), RoleAssignment.objects.count(), Dependencia.objects.count()) == counts

    # A changed cargo updates the person in place.
    changed = [list(GOOD[0]), *GOOD[1:]]
    changed[0][2] = "Directora de planeación"
    plan = people_import(user=admins.child_admin, file=workbook(changed), default_entity=world.child)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 2)
    assert Person.objects.get(email="gloria@example.gov.co").position == "Directora de planeación"


def test_broken_file_is_refused_whole_with_row_and_column(world, admins):
    rows = [
        GOOD[0],
        ["", "sin-arroba", "", "", "", "", ""],
        ["Juan", "juan@example.gov.co", "", "", "9999", "", ""],
        ["Karla", "karla@example.gov.co", "", "", "", "rol-inventado", ""],
        ["Luis", "luis@example.gov.co", "", "", "", "admin", ""],
        ["Mara", "mara@example.gov.co", "", "", "", "planeacion", "subordinadas"],
        ["Nora", "nora@example.gov.co", "", "", "2001", "planeacion", ""],
        ["Gloria bis", "gloria@example.gov.co", "", "", "", "", ""],
    ]
    before = Person.objects.count()
    with pytest.raises(ImportRejected) as caught:
        people_import(user=admins.child_admin, file=workbook(rows), default_entity=world.child)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert {
        (3, "Nombre completo"),
        (3, "Correo electrónico"),
        (4, "Entidad (código SIGEP)"),
        (5, "Roles"),
        (6, "Roles"),
        (7, "Alcance"),
        (8, "Entidad (código SIGEP)"),
        (9, "Correo electrónico"),
    } <= where
    assert all(p.sheet == "Personas" for p in caught.value.problems)
    assert Person.objects.count() == before  # the good first row was not imported either

    with pytest.raises(ImportRejected, match="Falta la columna obligatoria"):
        people_import(
            user=admins.child_admin, file=workbook([], header=["Nombre"]), default_entity=world.child
        )
    with pytest.raises(ImportRejected, match="no es un libro de Excel"):
        people_import(user=admins.child_admin, file=b"not a workbook", default_entity=world.child)


def test_import_pages_preview_then_confirm(world, admins, login):
    client = login(admins.child_admin)
    assert client.get("/entidades/personas/plantilla.xlsx").status_code == 200
    upload = io.BytesIO(workbook(GOOD))
    upload.name = "personas.xlsx"
    response = client.post("/entidades/personas/importar/", {"file": upload, "entity": world.child.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Vista previa" in page and "gloria@example.gov.co" in page
    assert not Person.objects.filter(email="gloria@example.gov.co").exists()
    digest = client.session["mipg_people_import"]["digest"]
    response = client.post("/entidades/personas/importar/confirmar/", {"digest": digest})
    assert response.status_code == 302
    assert Person.objects.filter(email="gloria@example.gov.co", entity=world.child).exists()
    # A broken upload shows its problems and creates nothing.
    broken = io.BytesIO(workbook([["", "x", "", "", "", "", ""]]))
    broken.name = "malo.xlsx"
    response = client.post("/entidades/personas/importar/", {"file": broken, "entity": world.child.pk})
    assert response.status_code == 400 and "no se importó nada" in response.content.decode()
    # Someone who administers nothing cannot import.
    assert login(world.head_planner).get("/entidades/personas/importar/").status_code == 403


def test_import_people_command_with_dry_run(world, admins, tmp_path):
    path = tmp_path / "personas.xlsx"
    path.write_bytes(workbook(GOOD))
    out = io.StringIO()
    call_command(
        "import-people", str(path), "--entity", "1002", "--user", "child_admin", "--dry-run", stdout=out
    )
    assert "Simulación" in out.getvalue() and "3 personas nuevas" in out.getvalue()
    assert not Person.objects.filter(email="gloria@example.gov.co").exists()
    call_command(
        "import-people", str(path), "--entity", "1002", "--user", "child_admin", stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("import-people", str(path), "--entity", "1002", "--user", "child_admin", stdout=out)
    assert "0 personas nuevas, 0 actualizadas, 3 sin cambios" in out.getvalue()
    bad = tmp_path / "malo.xlsx"
    bad.write_bytes(workbook([["", "x", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="no se cambió nada"):
        call_command("import-people", str(bad), "--entity", "1002", stderr=io.StringIO())
