"""Dashboard reads. Every function runs a fixed number of queries whatever the number of entities or
vigencias: rows are fetched flat (values_list) and grouped in one pass in Python."""

import hashlib
import unicodedata
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q

from mipg.measurement.results.codes import IDI
from mipg.measurement.results.models import (
    Finding,
    ImprovementAction,
    PeerGroupStat,
    PeerRank,
    Recommendation,
    ResultSubject,
    Score,
)
from mipg.measurement.results.selectors import catalogue_codes
from mipg.measurement.results.services.peer_stats import cache_generation
from mipg.organizations.models import Entity

from .stats import band, median, position

CACHE_SECONDS = 6 * 3600


def _alphabetical_key(name: str) -> tuple[str, str]:
    """Spanish reading order: case and accents do not count (Á with A, ñ right after n)."""
    plain = "".join(
        c
        for c in unicodedata.normalize("NFKD", name.replace("ñ", "n~").replace("Ñ", "N~"))
        if not unicodedata.combining(c)
    )
    return plain.casefold(), name


def entities_alphabetical(user, limit: int = 200) -> list[Entity]:
    """The entities whose dashboard the user may open, by name in alphabetical order (one query)."""
    rows = Entity.objects.visible_to(user).only("pk", "name")
    return sorted(rows, key=lambda e: (_alphabetical_key(e.name), e.pk))[:limit]


def _main_codes(cat) -> list[str]:
    return [IDI, *cat["dimensions"], *cat["policies"]]


def parse_vigencia(raw) -> int | None:
    """`?vigencia=` as a year, or None (absent or not a year: the latest with data is used)."""
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def choose_vigencia(requested: int | None, years: list[int]) -> int | None:
    """The vigencia shown: the one asked for (even without data, which the page then says), else the
    latest with data."""
    if requested is not None:
        return requested
    return max(years) if years else None


def vigencias_with_data() -> list[int]:
    """Vigencias with ranked IDI scores, newest first (cached until results change)."""
    key = f"mipg:dash:{cache_generation()}:vigencias"
    years = cache.get(key)
    if years is None:
        years = sorted(
            PeerGroupStat.objects.filter(code=IDI).values_list("vigencia", flat=True).distinct(), reverse=True
        )
        cache.set(key, years, timeout=CACHE_SECONDS)
    return years


def peer_groups(vigencia: int) -> list[str]:
    """The grupos pares with IDI scores in the vigencia, by name (cached until results change)."""
    return sorted(g for code, g in group_stats(vigencia) if code == IDI)


def group_stats(vigencia: int, generation: str | None = None) -> dict[tuple[str, str], tuple]:
    """{(code, grupo par): (count, median, max)} of the vigencia, from the precomputed table (cached
    per vigencia until results change; `generation`: a `cache_generation()` the caller already read)."""
    key = f"mipg:dash:{generation or cache_generation()}:groups:{vigencia}"
    stats = cache.get(key)
    if stats is None:
        stats = {
            (code, group): (n, med, top)
            for code, group, n, med, top in PeerGroupStat.objects.filter(vigencia=vigencia).values_list(
                "code", "peer_group", "count", "median", "maximum"
            )
        }
        cache.set(key, stats, timeout=CACHE_SECONDS)
    return stats


def _peer_position(group_stat, rank_row) -> dict:
    """Same shape as stats.position, from precomputed rows."""
    n, med, top = group_stat if group_stat else (0, None, None)
    result = {"n": n, "median": med, "max": top, "rank": None, "quintile": None, "gap": None}
    if rank_row is not None and rank_row[0] is not None:
        result.update(rank=rank_row[0], quintile=rank_row[1], gap=rank_row[2])
    return result


def entity_dashboard(user, entity: Entity, vigencia: int | None = None) -> dict:
    """The entity's results of a vigencia (the latest with data by default), their evolution and its
    position in its grupo par (precomputed: services/peer_stats.py)."""
    cat = catalogue_codes()
    subject = ResultSubject.objects.for_user(user).filter(entity=entity).first()
    context = {"entity": entity, "subject": subject, "cat": cat, "has_results": False, "years": []}
    if subject is None:
        return context
    history: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for year, code, value in Score.objects.filter(subject=subject).values_list("vigencia", "code", "value"):
        history[year][code] = value
    if not history:
        return context
    years = sorted(history)
    latest = choose_vigencia(vigencia, years)
    context.update(years=years, vigencia=latest)
    if latest not in history:
        return context  # the page says there are no results for that vigencia
    earlier = [y for y in years if y < latest]
    previous = earlier[-1] if earlier else None
    own = history[latest]
    main = _main_codes(cat)
    group = subject.peer_group

    stats_by_group = group_stats(latest) if group else {}
    own_ranks = (
        {
            code: (rank, quintile, gap)
            for code, rank, quintile, gap in PeerRank.objects.filter(
                subject=subject, vigencia=latest, code__in=main
            ).values_list("code", "group_rank", "quintile", "gap")
        }
        if group
        else {}
    )

    def peer(code):
        if not group:  # no grupo par: the entity is compared with itself, as before
            return position(own.get(code), [own[code]] if own.get(code) is not None else [])
        return _peer_position(stats_by_group.get((code, group)), own_ranks.get(code))

    def line(code):
        value = own.get(code)
        prev = history[previous].get(code) if previous else None
        return {
            "code": code,
            "name": cat["names"].get(code, code),
            "value": value,
            "previous": prev,
            "change": (value - prev) if value is not None and prev is not None else None,
            "band": band(value),
            **peer(code),
        }

    idi = line(IDI)
    dimensions = [line(code) for code in cat["dimensions"]]
    policies = [line(code) for code in cat["policies"]]
    for item in policies:
        item["dimension"] = cat["policy_dimension"].get(item["code"])
    policies_weakest = sorted((p for p in policies if p["value"] is not None), key=lambda p: p["value"])
    subindices = []
    for code, (name, policy_code) in cat["subindices"].items():
        if code in own:
            subindices.append(
                {
                    "code": code,
                    "name": name,
                    "policy": policy_code,
                    "value": own[code],
                    "band": band(own[code]),
                }
            )
    subindices_weakest = sorted((s for s in subindices if s["value"] is not None), key=lambda s: s["value"])
    evolution = [
        {"vigencia": year, **{code: history[year].get(code) for code in [IDI, *cat["dimensions"]]}}
        for year in years
    ]

    # ranking neighbourhood in the grupo par: the top five and two places either side of the entity
    ranking = []
    if group and idi["rank"] is not None:
        own_position = (
            PeerRank.objects.filter(subject=subject, vigencia=latest, code=IDI)
            .values_list("group_position", flat=True)
            .first()
        ) or 0
        window = (
            PeerRank.objects.filter(vigencia=latest, code=IDI, peer_group=group)
            .filter(
                Q(group_position__lte=5)
                | Q(group_position__gte=max(6, own_position - 2), group_position__lte=own_position + 2)
            )
            .order_by("group_position")
            .values_list("group_rank", "subject__name", "value", "subject_id")
        )
        ranking = [
            {"rank": rank, "name": name, "value": value, "own": sid == subject.pk}
            for rank, name, value, sid in window
        ]
    elif own.get(IDI) is not None:
        ranking = [{"rank": 1, "name": subject.name, "value": own[IDI], "own": True}]
    reco_counts = dict(
        Recommendation.objects.for_user(user)
        .filter(entity=entity)
        .values_list("policy__code")
        .annotate(n=Count("pk"))
        .values_list("policy__code", "n")
    )
    for item in policies:
        item["recommendations"] = reco_counts.get(item["code"], 0)
    context.update(
        has_results=True,
        latest=latest,
        previous=previous,
        idi=idi,
        dimensions=dimensions,
        policies=policies,
        policies_weakest=policies_weakest,
        subindices_weakest=subindices_weakest,
        evolution=evolution,
        ranking=ranking,
        peer_count=idi["n"],
    )
    return context


def dimension_drill(context: dict, code: str) -> dict | None:
    """Policies of a dimension (from an entity_dashboard context), weakest first."""
    dimension = next((d for d in context.get("dimensions", []) if d["code"] == code), None)
    if dimension is None:
        return None
    policies = sorted(
        (p for p in context["policies"] if p.get("dimension") == code),
        key=lambda p: (p["value"] is None, p["value"] or 0),
    )
    return {"dimension": dimension, "policies": policies}


def policy_drill(user, entity: Entity, code: str, vigencia: int | None = None) -> dict | None:
    """A policy's score over the vigencias (with the change after each one), its sub-indices, its
    recommendations, the improvement actions taken and their evidence."""
    cat = catalogue_codes()
    policy = cat["policy_objects"].get(code)
    if policy is None:
        return None
    subject = ResultSubject.objects.for_user(user).filter(entity=entity).first()
    sub_codes = [c for c, (_n, p) in cat["subindices"].items() if p == code]
    history: dict[int, dict] = defaultdict(dict)
    if subject is not None:
        rows = Score.objects.filter(subject=subject, code__in=[code, *sub_codes]).values_list(
            "vigencia", "code", "value"
        )
        for vigencia, score_code, value in rows:
            history[vigencia][score_code] = value
    years = sorted(history)
    series = []
    for i, year in enumerate(years):
        value = history[year].get(code)
        nxt = history[years[i + 1]].get(code) if i + 1 < len(years) else None
        series.append(
            {
                "vigencia": year,
                "value": value,
                "next_change": (nxt - value) if nxt is not None and value is not None else None,
            }
        )
    latest = choose_vigencia(vigencia, years)
    subindices = sorted(
        (
            {"code": c, "name": cat["subindices"][c][0], "value": history[latest].get(c) if latest else None}
            for c in sub_codes
        ),
        key=lambda s: (s["value"] is None, s["value"] or 0),
    )
    recommendations = list(
        Recommendation.objects.for_user(user)
        .filter(entity=entity, policy__code=code)
        .order_by("-vigencia", "pk")
    )
    actions = list(
        ImprovementAction.objects.for_user(user)
        .filter(finding__plan__entity=entity, finding__policy__code=code)
        .select_related("finding__plan", "finding__recommendation")
        .prefetch_related("evidence")
        .order_by("due_date", "pk")
    )
    return {
        "policy": policy,
        "dimension_code": cat["policy_dimension"].get(code),
        "series": series,
        "latest": latest,
        "vigencia": latest,
        "years": years,
        "has_year": latest in history,
        "subindices": subindices,
        "recommendations": recommendations,
        "actions": actions,
        "open_findings": Finding.objects.for_user(user)
        .filter(plan__entity=entity, policy__code=code, status=Finding.Status.OPEN)
        .count(),
    }


def sector_dashboard(user, sector, entities: list[Entity], vigencia: int | None = None) -> dict:
    """Heat map entities x policies, ranking, year-over-year change, sector averages and each entity
    against its grupo par, for `entities` (the sector's entities the user may read: selectors in
    mipg.dashboards.scope) in a vigencia (the latest with data by default). Changes compare the same
    entities in both years; entities without results in the vigencia are listed apart.

    The figures are cached until results change (issue 14 item 1: the page, and the sector report built
    from it, then cost the catalogue's queries and the rendering only, for the latest vigencia as for an
    older one). The key holds everything the figures are computed from besides the results: the
    vigencia asked for, the sector, the entities shown (with the names and codes the page prints) and
    the catalogue's codes and names; results are public to every signed-in user, so it does not hold the
    user."""
    cat = catalogue_codes()
    if not getattr(user, "is_authenticated", False):
        return _sector_figures(user, sector, entities, vigencia, cat, None)
    described = repr(
        (
            vigencia,
            (sector.pk, sector.code, sector.name),
            [(e.pk, e.name, e.acronym, e.sigep_code) for e in entities],
            sorted(cat["names"].items()),
            cat["policies"],
            cat["dimensions"],
        )
    )
    generation = cache_generation()
    key = f"mipg:dash:{generation}:sector:{hashlib.sha256(described.encode('utf-8')).hexdigest()}"
    context = cache.get(key)
    if context is None:
        context = _sector_figures(user, sector, entities, vigencia, cat, generation)
        cache.set(key, {k: v for k, v in context.items() if k != "cat"}, timeout=CACHE_SECONDS)
    context["cat"] = cat
    return context


def _sector_figures(user, sector, entities: list[Entity], vigencia, cat: dict, generation) -> dict:
    main = _main_codes(cat)
    subjects = list(ResultSubject.objects.for_user(user).filter(entity__in=[e.pk for e in entities]))
    by_id = {s.pk: s for s in subjects}
    years = sorted(
        Score.objects.filter(subject__in=list(by_id), code=IDI).values_list("vigencia", flat=True).distinct()
    )
    latest = choose_vigencia(vigencia, years)
    context = {
        "sector": sector,
        "cat": cat,
        "has_results": latest in years,
        "entities": entities,
        "years": years,
        "vigencia": latest,
    }
    if latest not in years:
        return context
    earlier = [y for y in years if y < latest]
    previous = earlier[-1] if earlier else None
    values: dict[tuple[int, int], dict[str, Decimal | None]] = defaultdict(dict)
    wanted = [latest] + ([previous] if previous else [])
    for year, subject_id, code, value in Score.objects.filter(
        subject__in=list(by_id), vigencia__in=wanted, code__in=main
    ).values_list("vigencia", "subject_id", "code", "value"):
        values[(subject_id, year)][code] = value
    stats_by_group = group_stats(latest, generation)
    own_ranks = {
        sid: (rank, quintile, gap)
        for sid, rank, quintile, gap in PeerRank.objects.filter(
            subject__in=list(by_id), vigencia=latest, code=IDI
        ).values_list("subject_id", "group_rank", "quintile", "gap")
    }
    entity_by_id = {e.pk: e for e in entities}
    rows, missing = [], []
    for subject in subjects:
        own = values.get((subject.pk, latest))
        if not own or own.get(IDI) is None and all(own.get(c) is None for c in main):
            missing.append({"subject": subject, "entity": entity_by_id.get(subject.entity_id)})
            continue
        prev = values.get((subject.pk, previous), {}) if previous else {}
        idi = own.get(IDI)
        if subject.peer_group:
            stats = _peer_position(stats_by_group.get((IDI, subject.peer_group)), own_ranks.get(subject.pk))
        else:
            stats = position(idi, [])
        rows.append(
            {
                "subject": subject,
                "entity": entity_by_id.get(subject.entity_id),
                "idi": idi,
                "idi_previous": prev.get(IDI),
                "change": (idi - prev[IDI]) if idi is not None and prev.get(IDI) is not None else None,
                "cells": [
                    {"code": code, "value": own.get(code), "band": band(own.get(code))}
                    for code in cat["policies"]
                ],
                "dimensions": [{"code": code, "value": own.get(code)} for code in cat["dimensions"]],
                "peer": stats,
            }
        )
    # entities of the sector the platform knows but that have no measured subject at all
    measured = {s.entity_id for s in subjects}
    missing += [{"subject": None, "entity": e} for e in entities if e.pk not in measured]
    missing.sort(key=lambda m: _alphabetical_key(m["entity"].name if m["entity"] else m["subject"].name))
    rows.sort(key=lambda r: (r["idi"] is None, -(r["idi"] or 0), r["subject"].name))
    for rank, row in enumerate(rows, start=1):
        row["sector_rank"] = rank
    averages = []
    for code in main:
        current, now_same, before_same = [], [], []
        for row in rows:
            sid = row["subject"].pk
            value = values[(sid, latest)].get(code)
            if value is None:
                continue
            current.append(value)
            before = values.get((sid, previous), {}).get(code) if previous else None
            if before is not None:
                now_same.append(value)
                before_same.append(before)
        avg = _mean(current)
        avg_now_same, avg_prev = _mean(now_same), _mean(before_same)
        averages.append(
            {
                "code": code,
                "name": cat["names"].get(code, code),
                "average": avg,
                "n": len(current),
                "previous": avg_prev,
                "compared": len(before_same),
                "current_same": avg_now_same,
                "change": (avg_now_same - avg_prev)
                if avg_now_same is not None and avg_prev is not None
                else None,
                "median": median(current),
                "min": min(current) if current else None,
                "max": max(current) if current else None,
                "band": band(avg),
            }
        )
    groups = sorted({r["subject"].peer_group for r in rows if r["subject"].peer_group})
    group_summary = []
    for g in groups:
        n, med, top = stats_by_group.get((IDI, g), (0, None, None))
        group_summary.append({"group": g, "n": n, "median": med, "max": top})
    context.update(
        latest=latest,
        previous=previous,
        rows=rows,
        missing=missing,
        averages=averages,
        group_summary=group_summary,
        policies=[{"code": c, "name": cat["names"][c]} for c in cat["policies"]],
    )
    return context


def _difference(now, before):
    return (now - before) if now is not None and before is not None else None


def _mean(values: list) -> Decimal | None:
    return (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None
