"""Races on a real PostgreSQL: `race(n, call)` starts `call(i)` in `n` threads (each with its own
database connection) that wait at a barrier, so they really hit the database together. SQLite
serialises writers by itself (one writer at a time for the whole file), so these tests need
PostgreSQL: run them with `DATABASE_URL` pointing at one (see scripts/postgres.sh)."""

import threading

import pytest
from django.db import connection, connections

from mipg.core.concurrency import Conflict

THREADS = 8

postgres_only = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers, so it cannot show a race: run with DATABASE_URL on PostgreSQL.",
    ),
]


def race(call, n: int = THREADS) -> list:
    """Run `call(i)` for i in 0..n-1 at once; return each outcome: ("ok", value) or ("error", exc)."""
    barrier = threading.Barrier(n, timeout=30)
    outcomes = [None] * n

    def run(i):
        try:
            barrier.wait()
            outcomes[i] = ("ok", call(i))
        except Exception as error:  # noqa: BLE001 - every loser's answer is what we assert on
            outcomes[i] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(o is not None for o in outcomes), "a thread did not finish"
    return outcomes


def one_winner(outcomes) -> object:
    """Exactly one call succeeded and every other one lost with a `Conflict` (no other error)."""
    winners = [value for kind, value in outcomes if kind == "ok"]
    losers = [value for kind, value in outcomes if kind == "error"]
    assert len(winners) == 1, outcomes
    assert all(isinstance(error, Conflict) for error in losers), losers
    assert all(error.messages and error.messages[0] for error in losers)
    return winners[0]


def all_succeed(outcomes) -> list:
    errors = [value for kind, value in outcomes if kind == "error"]
    assert not errors, errors
    return [value for _kind, value in outcomes]


def events(obj, verb: str) -> int:
    from django.contrib.contenttypes.models import ContentType

    from mipg.core.models import DomainEvent

    return DomainEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), verb=verb
    ).count()
