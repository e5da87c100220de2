"""Dashboard reads. Every function runs a fixed number of queries whatever the number of entities or
vigencias: rows are fetched flat (values_list) and grouped in one pass in Python."""

import unicodedata
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count

from mipg.measurement.results.codes import IDI
from mipg.measurement.results.models import Finding, ImprovementAction, Recommendation, ResultSubject, Score
from mipg.measurement.results.selectors import catalogue_codes
from mipg.organizations.models import Entity

from .stats import band, median, position


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


def entity_dashboard(user, entity: Entity) -> dict:
    """The entity's latest results, their evolution and its position in its grupo par."""
    cat = catalogue_codes()
    subject = ResultSubject.objects.for_user(user).filter(entity=entity).first()
    context = {"entity": entity, "subject": subject, "cat": cat, "has_results": False}
    if subject is None:
        return context
    history: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for vigencia, code, value in Score.objects.filter(subject=subject).values_list(
        "vigencia", "code", "value"
    ):
        history[vigencia][code] = value
    if not history:
        return context
    years = sorted(history)
    latest = years[-1]
    previous = years[-2] if len(years) > 1 else None
    own = history[latest]
    main = _main_codes(cat)

    peer_values: dict[str, list] = defaultdict(list)
    peer_idi: list[tuple[int, Decimal]] = []
    if subject.peer_group:
        rows = Score.objects.filter(
            vigencia=latest, code__in=main, subject__peer_group=subject.peer_group
        ).values_list("code", "subject_id", "value")
        for code, subject_id, value in rows:
            if value is not None:
                peer_values[code].append(value)
                if code == IDI:
                    peer_idi.append((subject_id, value))
    else:
        for code in main:
            if own.get(code) is not None:
                peer_values[code].append(own[code])

    def line(code):
        value = own.get(code)
        stats = position(value, peer_values.get(code, []))
        prev = history[previous].get(code) if previous else None
        return {
            "code": code,
            "name": cat["names"].get(code, code),
            "value": value,
            "previous": prev,
            "change": (value - prev) if value is not None and prev is not None else None,
            "band": band(value),
            **stats,
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

    # ranking neighbourhood in the grupo par (public scores of every peer)
    peer_idi.sort(key=lambda item: (-item[1], item[0]))
    index = next((i for i, (sid, _v) in enumerate(peer_idi) if sid == subject.pk), None)
    window = peer_idi[:5]
    if index is not None and index >= 5:
        window += peer_idi[max(5, index - 2) : index + 3]
    names = dict(ResultSubject.objects.filter(pk__in=[sid for sid, _v in window]).values_list("pk", "name"))
    ranking = [
        {
            "rank": 1 + sum(1 for _s, v in peer_idi if v > value),
            "name": names.get(sid, ""),
            "value": value,
            "own": sid == subject.pk,
        }
        for sid, value in window
    ]
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
        years=years,
        latest=latest,
        previous=previous,
        idi=idi,
        dimensions=dimensions,
        policies=policies,
        policies_weakest=policies_weakest,
        subindices_weakest=subindices_weakest,
        evolution=evolution,
        ranking=ranking,
        peer_count=len(peer_idi),
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


def policy_drill(user, entity: Entity, code: str) -> dict | None:
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
    latest = years[-1] if years else None
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
        "subindices": subindices,
        "recommendations": recommendations,
        "actions": actions,
        "open_findings": Finding.objects.for_user(user)
        .filter(plan__entity=entity, policy__code=code, status=Finding.Status.OPEN)
        .count(),
    }


def sector_dashboard(user, sector, entities: list[Entity]) -> dict:
    """Heat map entities x policies, ranking, year-over-year change, sector averages and each entity
    against its grupo par, for the entities of `sector` the user may see."""
    cat = catalogue_codes()
    main = _main_codes(cat)
    subjects = list(ResultSubject.objects.for_user(user).filter(entity__in=[e.pk for e in entities]))
    by_id = {s.pk: s for s in subjects}
    years = sorted(
        Score.objects.filter(subject__in=list(by_id), code=IDI).values_list("vigencia", flat=True).distinct()
    )
    context = {"sector": sector, "cat": cat, "has_results": bool(years), "entities": entities}
    if not years:
        return context
    latest = years[-1]
    previous = years[-2] if len(years) > 1 else None
    values: dict[tuple[int, int], dict[str, Decimal | None]] = defaultdict(dict)
    wanted = [latest] + ([previous] if previous else [])
    for vigencia, subject_id, code, value in Score.objects.filter(
        subject__in=list(by_id), vigencia__in=wanted, code__in=main
    ).values_list("vigencia", "subject_id", "code", "value"):
        values[(subject_id, vigencia)][code] = value
    groups = sorted({s.peer_group for s in subjects if s.peer_group})
    group_values: dict[str, list] = defaultdict(list)
    for group, value in Score.objects.filter(
        vigencia=latest, code=IDI, subject__peer_group__in=groups, value__isnull=False
    ).values_list("subject__peer_group", "value"):
        group_values[group].append(value)
    entity_by_id = {e.pk: e for e in entities}
    rows = []
    for subject in subjects:
        own = values.get((subject.pk, latest), {})
        prev = values.get((subject.pk, previous), {}) if previous else {}
        idi = own.get(IDI)
        stats = position(idi, group_values.get(subject.peer_group, []))
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
    rows.sort(key=lambda r: (r["idi"] is None, -(r["idi"] or 0), r["subject"].name))
    for rank, row in enumerate(rows, start=1):
        row["sector_rank"] = rank
    averages = []
    for code in main:
        current = [
            values[(s.pk, latest)].get(code)
            for s in subjects
            if values.get((s.pk, latest), {}).get(code) is not None
        ]
        before = (
            [
                values[(s.pk, previous)].get(code)
                for s in subjects
                if values.get((s.pk, previous), {}).get(code) is not None
            ]
            if previous
            else []
        )
        avg = (sum(current) / len(current)).quantize(Decimal("0.1")) if current else None
        avg_prev = (sum(before) / len(before)).quantize(Decimal("0.1")) if before else None
        averages.append(
            {
                "code": code,
                "name": cat["names"].get(code, code),
                "average": avg,
                "previous": avg_prev,
                "change": (avg - avg_prev) if avg is not None and avg_prev is not None else None,
                "median": median(current),
                "min": min(current) if current else None,
                "max": max(current) if current else None,
                "band": band(avg),
            }
        )
    group_summary = [
        {
            "group": g,
            "n": len(group_values[g]),
            "median": median(group_values[g]),
            "max": max(group_values[g]) if group_values[g] else None,
        }
        for g in groups
    ]
    context.update(
        years=years,
        latest=latest,
        previous=previous,
        rows=rows,
        averages=averages,
        group_summary=group_summary,
        policies=[{"code": c, "name": cat["names"][c]} for c in cat["policies"]],
    )
    return context
