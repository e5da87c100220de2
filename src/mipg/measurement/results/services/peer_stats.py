"""Precomputed peer statistics (rank, quintile, median, maximum, gap) per vigencia, code and grupo par.

`peer_stats_recompute` runs inside the transaction of every import, confirmed replacement and restore of
a vigencia (services/official_results.py, services/versions.py), so the dashboards and the ranking read
ready figures instead of sorting a whole vigencia on each request. The computation is one flat query and
one sort per (code, grupo par) in Python: measured at national scale (5,400 entities × 27 codes) it costs
well under the time of writing the rows, and it is the same code on SQLite and PostgreSQL. The formulas
are those of mipg.dashboards.stats (a test compares both on the same data).

`results_changed` is the one invalidation point for cached dashboard data: it runs after the transaction
commits."""

import math
from collections import defaultdict
from decimal import Decimal
from itertools import groupby

from django.core.cache import cache
from django.db import connection, transaction

from ..codes import IDI, code_kind
from ..models import PeerGroupStat, PeerRank, ResultImport, Score

BATCH_SIZE = 5000
CACHE_GENERATION_KEY = "mipg:results:generation"


def ranked_codes(codes) -> list[str]:
    """The codes with peer statistics: the IDI, the dimensions and the policies (sub-indices are shown
    only on the entity's own pages, without peer comparison)."""
    return sorted({c for c in codes if code_kind(c) != "subindex"})


def _median(ordered_desc: list[Decimal]) -> Decimal:
    ordered = ordered_desc[::-1]
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ((ordered[middle - 1] + ordered[middle]) / 2).quantize(Decimal("0.1"))


def _ranks(items: list[tuple]) -> list[int]:
    """Competition ranks (ties share; 1 = best) of items already sorted by value descending."""
    ranks, previous, current = [], None, 0
    for index, item in enumerate(items, start=1):
        if item[0] != previous:
            current, previous = index, item[0]
        ranks.append(current)
    return ranks


def _insert(model, columns: list[str], rows) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def compute(vigencia: int) -> tuple[list[tuple], list[tuple]]:
    """(group rows, rank rows) for the vigencia, ready to insert (see the two models)."""
    from .official_results import known_codes

    # the IDI, dimensions and policies of the catalogue, read in one flat query
    rows = (
        Score.objects.filter(
            vigencia=vigencia, value__isnull=False, code__in=ranked_codes(known_codes() | {IDI})
        )
        # the published order, sorted by the database (faster than sorting Decimals in Python)
        .order_by("code", "-value", "subject__name", "subject_id")
        .values_list("code", "value", "subject__name", "subject_id", "subject__peer_group")
    )
    ranks: dict[tuple[str, int], list] = {}
    group_rows = []
    for code, items in groupby(rows, key=lambda r: r[0]):
        items = [(value, name, sid, group) for _code, value, name, sid, group in items]
        for position, (item, rank) in enumerate(zip(items, _ranks(items), strict=True), start=1):
            value, _name, sid, group = item
            # vigencia, code, subject, peer_group, value, national_rank, position, group_rank,
            # group_position, quintile, gap
            ranks[(code, sid)] = [vigencia, code, sid, group, value, rank, position, None, None, None, None]
        by_group = defaultdict(list)
        for item in items:
            if item[3]:
                by_group[item[3]].append(item)
        for group, members in by_group.items():
            top, size = members[0][0], len(members)
            group_rows.append((vigencia, code, group, size, _median([m[0] for m in members]), top))
            for position, (item, rank) in enumerate(zip(members, _ranks(members), strict=True), start=1):
                row = ranks[(code, item[2])]
                row[7], row[8] = rank, position
                row[9] = min(5, max(1, math.ceil(rank / size * 5)))
                row[10] = top - item[0]
    return group_rows, [tuple(r) for r in ranks.values()]


def peer_stats_recompute(vigencia: int) -> int:
    """Replace the vigencia's precomputed statistics (inside the caller's transaction). Returns the number
    of ranked scores, and schedules the invalidation of cached dashboard data after the commit."""
    PeerRank.objects.filter(vigencia=vigencia).delete()
    PeerGroupStat.objects.filter(vigencia=vigencia).delete()
    group_rows, rank_rows = compute(vigencia)
    _insert(PeerGroupStat, ["vigencia", "code", "peer_group", "count", "median", "maximum"], group_rows)
    count = _insert(
        PeerRank,
        [
            "vigencia",
            "code",
            "subject_id",
            "peer_group",
            "value",
            "national_rank",
            "position",
            "group_rank",
            "group_position",
            "quintile",
            "gap",
        ],
        rank_rows,
    )
    results_changed()
    return count


def cache_generation() -> str:
    """Part of every cache key of dashboard data. The counter is bumped by `results_changed`; the id of the
    latest import (one indexed query) keeps keys right even with a per-process cache (LocMemCache), where
    another worker's bump is not seen."""
    latest = ResultImport.objects.order_by("-pk").values_list("pk", "imported_at").first()
    marker = f"{latest[0]}.{latest[1].timestamp():.6f}" if latest else "0"
    return f"{cache.get_or_set(CACHE_GENERATION_KEY, 1, timeout=None)}.{marker}"


def _bump() -> None:
    try:
        cache.incr(CACHE_GENERATION_KEY)
    except ValueError:
        cache.set(CACHE_GENERATION_KEY, 2, timeout=None)


def results_changed() -> None:
    """The one invalidation of cached dashboard data (chart data per vigencia): called by the import,
    the confirmed replacement and the restore of results; takes effect when the transaction commits."""
    transaction.on_commit(_bump)
