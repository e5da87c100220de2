"""The shared helpers of race-free transitions (mipg/core/concurrency.py) and their API answer."""

import pytest
from django.db import IntegrityError

from mipg.core.api import exception_handler
from mipg.core.concurrency import Conflict, conflict_on_integrity, lock
from mipg.core.models import Evidence
from mipg.core.services import evidence_create
from mipg.organizations.models import Entity


@pytest.fixture
def evidence(world):
    return evidence_create(
        user=world.head_planner, entity=world.head, title="Informe", url="https://x.gov.co/i"
    )


def test_lock_refreshes_the_object_with_what_others_committed(world, evidence):
    stale = Evidence.objects.select_related("entity").get(pk=evidence.pk)
    Evidence.objects.filter(pk=evidence.pk).update(status=Evidence.Status.VERIFIED, entity=world.child)
    assert lock(stale) is stale
    assert stale.status == Evidence.Status.VERIFIED
    assert stale.entity == world.child  # the cached related object is not left stale


def test_lock_of_a_deleted_row_is_a_conflict_in_spanish(evidence):
    Evidence.objects.filter(pk=evidence.pk).delete()
    with pytest.raises(Conflict) as error:
        lock(evidence)
    assert "ya no existe" in error.value.messages[0]


def test_a_known_constraint_becomes_a_conflict_and_the_transaction_stays_usable(world):
    with pytest.raises(Conflict) as error:
        with conflict_on_integrity("Ya existe.", Entity, "sigep_code"):
            Entity.objects.create(name="Otra", sigep_code=world.head.sigep_code, path="/x/")
    assert error.value.messages == ["Ya existe."]
    assert Entity.objects.filter(pk=world.head.pk).exists()


def test_an_unknown_integrity_error_is_not_hidden(world):
    with pytest.raises(IntegrityError):
        with conflict_on_integrity("Ya existe.", Evidence, "no_such_constraint"):
            Entity.objects.create(name="Otra", sigep_code=world.head.sigep_code, path="/x/")


def test_the_api_answers_a_conflict_with_409_and_the_one_error_shape():
    response = exception_handler(Conflict("Otra persona ya aprobó el reporte."), {})
    assert response.status_code == 409
    assert response.data == {
        "error": {"code": "conflict", "message": "Otra persona ya aprobó el reporte.", "details": {}}
    }
