"""What a replacement of shared data would change (read-only): official results of a vigencia and an
entity's recommendations. The previews are plain JSON, kept with the staged import."""

from collections import Counter
from decimal import Decimal

from .models import ArchivedScore, ArchivedSubject, Recommendation, Score

SAMPLE_ENTITIES = 50
SAMPLE_SCORES = 100


def _text(value) -> str | None:
    return None if value is None else str(value)


def _current_results(vigencia: int):
    """Yield (sigep_code, name, {code: value}) per measured entity of the vigencia, from one cursor in the
    order of the unique index (vigencia, subject, code)."""
    rows = (
        Score.objects.filter(vigencia=vigencia)
        .order_by("subject_id", "code")
        .values_list("subject_id", "subject__sigep_code", "subject__name", "code", "value")
    )
    current_id, sigep, name, values = None, None, None, {}
    for subject_id, code_sigep, subject_name, code, value in rows.iterator(chunk_size=5000):
        if subject_id != current_id:
            if current_id is not None:
                yield sigep, name, values
            current_id, sigep, name, values = subject_id, code_sigep, subject_name, {}
        values[code] = value
    if current_id is not None:
        yield sigep, name, values


def version_results(version) -> dict[str, tuple[str, dict]]:
    """sigep_code -> (name, {code: value}) of an archived version (2 queries)."""
    names = dict(ArchivedSubject.objects.filter(version=version).values_list("sigep_code", "name"))
    data: dict[str, tuple[str, dict]] = {}
    rows = ArchivedScore.objects.filter(version=version).values_list("sigep_code", "code", "value")
    for sigep, code, value in rows.iterator(chunk_size=5000):
        if sigep not in data:
            data[sigep] = (names.get(sigep, sigep), {})
        data[sigep][1][code] = value
    return data


def results_diff(vigencia: int, new: dict[str, tuple[str, dict]]) -> dict:
    """Compare the vigencia in force with `new` (sigep_code -> (name, {code: Decimal | None})).
    Counts of entities and scores added, changed and removed, plus a sample per entity and per score."""
    totals = Counter()
    entities: list[dict] = []
    changes: list[dict] = []

    def note(sigep, name, status, added, changed, removed, samples):
        totals[f"entities_{status}"] += 1
        totals["scores_added"] += added
        totals["scores_changed"] += changed
        totals["scores_removed"] += removed
        if status != "unchanged" and len(entities) < SAMPLE_ENTITIES:
            entities.append(
                {
                    "sigep_code": sigep,
                    "name": name,
                    "status": status,
                    "added": added,
                    "changed": changed,
                    "removed": removed,
                }
            )
        for item in samples:
            if len(changes) >= SAMPLE_SCORES:
                break
            changes.append({"sigep_code": sigep, "name": name, **item})

    seen = set()
    for sigep, name, old in _current_results(vigencia):
        seen.add(sigep)
        totals["current_entities"] += 1
        totals["current_scores"] += len(old)
        if sigep not in new:
            samples = ({"code": c, "old": _text(v), "new": None, "kind": "removed"} for c, v in old.items())
            note(sigep, name, "removed", 0, 0, len(old), samples)
            continue
        new_name, values = new[sigep]
        added = [c for c in values if c not in old]
        removed = [c for c in old if c not in values]
        changed = [c for c in values if c in old and old[c] != values[c]]
        totals["scores_unchanged"] += len(values) - len(added) - len(changed)
        status = "changed" if (added or removed or changed) else "unchanged"
        samples = [
            *({"code": c, "old": _text(old[c]), "new": _text(values[c]), "kind": "changed"} for c in changed),
            *({"code": c, "old": None, "new": _text(values[c]), "kind": "added"} for c in added),
            *({"code": c, "old": _text(old[c]), "new": None, "kind": "removed"} for c in removed),
        ]
        note(sigep, new_name or name, status, len(added), len(changed), len(removed), samples)
    for sigep, (name, values) in new.items():
        if sigep in seen:
            continue
        samples = ({"code": c, "old": None, "new": _text(v), "kind": "added"} for c, v in values.items())
        note(sigep, name, "added", len(values), 0, 0, samples)
    summary = {
        key: totals[key]
        for key in (
            "current_entities",
            "current_scores",
            "entities_added",
            "entities_changed",
            "entities_removed",
            "entities_unchanged",
            "scores_added",
            "scores_changed",
            "scores_removed",
            "scores_unchanged",
        )
    }
    summary["new_entities"] = len(new)
    summary["new_scores"] = sum(len(values) for _name, values in new.values())
    summary["replaces"] = summary["current_scores"] > 0
    return {"summary": summary, "entities": entities, "changes": changes}


def parsed_results(parsed) -> dict[str, tuple[str, dict]]:
    """The rows of a parsed workbook in the shape `results_diff` compares."""
    return {
        row.identity["sigep_code"]: (row.identity.get("name") or row.identity["sigep_code"], row.values)
        for row in parsed.rows
    }


# ---------------------------------------------------------------- recommendations


def recommendation_rows(entity, vigencia: int) -> list[dict]:
    """The entity's recommendations of a vigencia as plain rows (what an archive keeps)."""
    queryset = (
        Recommendation.objects.filter(entity=entity, vigencia=vigencia)
        .select_related("policy", "related_policy")
        .order_by("pk")
    )
    return [
        {
            "policy": r.policy.code,
            "text": r.text,
            "related_policy": r.related_policy.code if r.related_policy_id else "",
            "status": r.status,
            "source_row": r.source_row,
        }
        for r in queryset
    ]


def recommendations_diff(current: list[dict], new: list[dict]) -> dict:
    """Recommendations are compared by (policy, text, related policy): added, removed, kept."""

    def key(row):
        return (row["policy"], row["text"], row.get("related_policy") or "")

    old_count, new_count = Counter(map(key, current)), Counter(map(key, new))
    added, removed = new_count - old_count, old_count - new_count
    kept = sum((old_count & new_count).values())

    def sample(counter, kind):
        return [
            {"policy": k[0], "text": k[1], "related_policy": k[2], "kind": kind}
            for k in list(counter.elements())[:SAMPLE_SCORES]
        ]

    return {
        "summary": {
            "current": len(current),
            "new": len(new),
            "added": sum(added.values()),
            "removed": sum(removed.values()),
            "unchanged": kept,
            "replaces": bool(current),
        },
        "changes": sample(removed, "removed") + sample(added, "added"),
    }


def as_decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
