"""Precomputed peer statistics (rank, quintile, median, maximum, gap) per vigencia, code and grupo par.

`peer_stats_recompute` runs inside the transaction of every import, confirmed replacement and restore of
a vigencia (services/official_results.py, services/versions.py), so the dashboards and the ranking read
ready figures instead of sorting a whole vigencia on each request.

The ranks are computed by the database in one `INSERT … SELECT` with window functions (RANK and
ROW_NUMBER per code and per (code, grupo par); SQLite ≥ 3.25 and PostgreSQL alike): no score travels to
Python. Only the middle values of each group (two rows per group at most) are read back to write the
medians. At national scale (5,400 entities × 27 codes) this replaced a flat read, a Python sort and a
re-insert of 145,800 rows that cost about 6 s per vigencia (docs/performance.md has the figures). The
formulas are those of mipg.dashboards.stats (a test compares both on the same data); the quintile is
ceil(5 · rank / size) in integer arithmetic, exactly what `math.ceil(rank / size * 5)` gives.

`results_changed` is the one invalidation point for cached dashboard data: it runs after the transaction
commits."""

from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction

from ..codes import IDI, code_kind
from ..models import PeerGroupStat, PeerRank, ResultImport, ResultSubject, Score

BATCH_SIZE = 5000
CACHE_GENERATION_KEY = "mipg:results:generation"
RANK_COLUMNS = [
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
]


def ranked_codes(codes) -> list[str]:
    """The codes with peer statistics: the IDI, the dimensions and the policies (sub-indices are shown
    only on the entity's own pages, without peer comparison)."""
    return sorted({c for c in codes if code_kind(c) != "subindex"})


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
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _ranked_scores_sql(codes: list[str]) -> str:
    """SELECT of the vigencia's ranked scores with every window column (parameters: vigencia, *codes)."""
    qn = connection.ops.quote_name
    score, subject = qn(Score._meta.db_table), qn(ResultSubject._meta.db_table)
    by_code = "PARTITION BY s.code"
    by_group = "PARTITION BY s.code, r.peer_group"
    published = "ORDER BY s.value DESC, r.name, s.subject_id"
    return (
        "SELECT s.vigencia AS vigencia, s.code AS code, s.subject_id AS subject_id, "
        "r.peer_group AS peer_group, s.value AS value, "
        f"RANK() OVER ({by_code} ORDER BY s.value DESC) AS national_rank, "
        f"ROW_NUMBER() OVER ({by_code} {published}) AS position, "
        f"RANK() OVER ({by_group} ORDER BY s.value DESC) AS group_rank, "
        f"ROW_NUMBER() OVER ({by_group} {published}) AS group_position, "
        f"COUNT(*) OVER ({by_group}) AS group_size, "
        f"MAX(s.value) OVER ({by_group}) AS group_top "
        f"FROM {score} s JOIN {subject} r ON r.id = s.subject_id "
        f"WHERE s.vigencia = %s AND s.value IS NOT NULL AND s.code IN ({', '.join(['%s'] * len(codes))})"
    )


def _insert_ranks(vigencia: int, codes: list[str]) -> int:
    """One INSERT … SELECT: every rank row of the vigencia, computed by the database."""
    qn = connection.ops.quote_name
    grouped = "peer_group <> ''"
    sql = (
        f"INSERT INTO {qn(PeerRank._meta.db_table)} ({', '.join(qn(c) for c in RANK_COLUMNS)}) "
        "SELECT vigencia, code, subject_id, peer_group, value, national_rank, position, "
        f"CASE WHEN {grouped} THEN group_rank END, "
        f"CASE WHEN {grouped} THEN group_position END, "
        f"CASE WHEN {grouped} THEN (group_rank * 5 + group_size - 1) / group_size END, "
        f"CASE WHEN {grouped} THEN ROUND(group_top - value, 1) END "
        f"FROM ({_ranked_scores_sql(codes)}) ranked"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [vigencia, *codes])
        return cursor.rowcount


def _decimal(value) -> Decimal:
    """A score as read by a raw cursor (Decimal on PostgreSQL, float or int on SQLite)."""
    return Decimal(str(value)).quantize(Decimal("0.1"))


def _group_rows(vigencia: int) -> list[tuple]:
    """(vigencia, code, grupo par, size, median, maximum) per group, from the rank rows just written:
    only the one or two middle rows of each group are read."""
    qn = connection.ops.quote_name
    sql = (
        "SELECT code, peer_group, group_size, group_top, value FROM ("
        "SELECT code, peer_group, value, group_position, "
        "COUNT(*) OVER (PARTITION BY code, peer_group) AS group_size, "
        "MAX(value) OVER (PARTITION BY code, peer_group) AS group_top "
        f"FROM {qn(PeerRank._meta.db_table)} WHERE vigencia = %s AND peer_group <> ''"
        ") grouped WHERE group_position IN ((group_size + 1) / 2, (group_size + 2) / 2) "
        "ORDER BY code, peer_group"
    )
    middles: dict[tuple[str, str], list] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [vigencia])
        for code, group, size, top, value in cursor.fetchall():
            middles.setdefault((code, group), [size, _decimal(top), []])[2].append(_decimal(value))
    rows = []
    for (code, group), (size, top, values) in middles.items():
        median = values[0] if len(values) == 1 else ((values[0] + values[1]) / 2).quantize(Decimal("0.1"))
        rows.append((vigencia, code, group, size, median, top))
    return rows


def peer_stats_recompute(vigencia: int) -> int:
    """Replace the vigencia's precomputed statistics (inside the caller's transaction). Returns the number
    of ranked scores, and schedules the invalidation of cached dashboard data after the commit."""
    from .official_results import known_codes

    PeerRank.objects.filter(vigencia=vigencia).delete()
    PeerGroupStat.objects.filter(vigencia=vigencia).delete()
    count = _insert_ranks(vigencia, ranked_codes(known_codes() | {IDI}))
    _insert(
        PeerGroupStat, ["vigencia", "code", "peer_group", "count", "median", "maximum"], _group_rows(vigencia)
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
