"""Group statistics in one pass over plain values."""

import math
from decimal import Decimal


def median(values: list) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ((ordered[middle - 1] + ordered[middle]) / 2).quantize(Decimal("0.1"))


def position(own, values: list) -> dict:
    """Rank (1 = best, ties share the rank), quintile (1 = top 20 %), median, max and gap to the max."""
    present = [v for v in values if v is not None]
    top = max(present) if present else None
    result = {
        "n": len(present),
        "median": median(present),
        "max": top,
        "rank": None,
        "quintile": None,
        "gap": None,
    }
    if own is None or not present:
        return result
    rank = 1 + sum(1 for v in present if v > own)
    result["rank"] = rank
    result["quintile"] = min(5, max(1, math.ceil(rank / len(present) * 5)))
    result["gap"] = (top - own) if top is not None else None
    return result


def band(value) -> str:
    """Colour band of a score for heat maps and tables."""
    if value is None:
        return "na"
    if value < 50:
        return "low"
    if value < 70:
        return "mid"
    if value < 85:
        return "good"
    return "high"
