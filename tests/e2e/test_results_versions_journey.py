"""Acceptance: the results administrator replaces a vigencia after reading what changes, then restores
the previous version from the versions page; a planning office never sees the import button."""

import pytest
from playwright.sync_api import expect

from mipg.measurement.results.models import Score
from mipg.measurement.results.services import results_import
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant
from tests.results.test_shared_data import HEADER_NEW, HEADER_OLD, NEW_ROWS, OLD_ROWS, book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_replace_with_preview_then_restore(world, page, sign_in, tmp_path):
    admin = UserFactory(username="resultados")
    grant(admin, world.other, Role.RESULTS_ADMIN)
    results_import(user=admin, file=book(HEADER_OLD, OLD_ROWS), vigencia=2024, file_name="v1.xlsx")
    original = sorted(Score.objects.values_list("subject__sigep_code", "code", "value"))
    replacement = tmp_path / "v2.xlsx"
    replacement.write_bytes(book(HEADER_NEW, NEW_ROWS))

    sign_in("child_planner")
    page.goto("/medicion/resultados/")
    expect(page.get_by_role("link", name="Importar resultados de una vigencia")).to_have_count(0)
    page.context.clear_cookies()

    sign_in("resultados")
    page.goto("/medicion/resultados/")
    page.get_by_role("link", name="Importar resultados de una vigencia").click()
    page.get_by_label("Libro de resultados (.xlsx)").set_input_files(str(replacement))
    page.get_by_label("Vigencia medida (año)").fill("2024")
    page.get_by_role("button", name="Revisar cambios").click()
    expect(page.get_by_text("La vigencia 2024 ya tiene 3 entidades y 9 puntajes")).to_be_visible()
    expect(page.locator("[data-total=scores_removed]")).to_have_text("5")
    expect(page.get_by_role("cell", name="Entidad Retirada").first).to_be_visible()
    page.get_by_role("button", name="Confirmar el reemplazo").click()
    expect(page.get_by_text("Vigencia 2024 importada: 3 entidades")).to_be_visible()  # the job's page
    page.get_by_role("link", name="Ver el resultado").click()

    versions = page.get_by_role("row").filter(has_text="v1.xlsx")
    versions.get_by_role("link", name="Revisar y restaurar").click()
    expect(page.locator("[data-total=scores_added]")).to_have_text("5")
    page.get_by_role("button", name="Confirmar la restauración").click()
    expect(page.get_by_text("Vigencia 2024: restaurada la versión")).to_be_visible()
    assert sorted(Score.objects.values_list("subject__sigep_code", "code", "value")) == original
