"""Race on evidence verification (PostgreSQL): one verification, one event; the same decision twice
is a conflict (issue 9 item 6)."""

from mipg.core.models import Evidence
from mipg.core.services import evidence_create, evidence_verify
from tests.concurrency import events, one_winner, postgres_only, race

pytestmark = postgres_only


def test_simultaneous_verifications_of_evidence_verify_once(world):
    evidence = evidence_create(
        user=world.head_planner, entity=world.head, title="Informe", url="https://intranet.example.gov.co/i"
    )
    one_winner(
        race(
            lambda i: evidence_verify(
                user=world.control, evidence=Evidence.objects.get(pk=evidence.pk), verified=True
            )
        )
    )
    assert events(evidence, "evidencia verificada") == 1
