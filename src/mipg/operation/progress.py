"""Roll-up of activity progress and the traffic light (documented in docs/guia-operacion.md).

- An activity's *expected* progress at a date is linear between its start and end dates:
  0 % before the start, 100 % from the end date on, and (days elapsed + 1) / (days planned + 1)
  in between
  (both dates count as working days of the activity).
- Progress rolls up by weight: a goal's progress is sum(weight x progress) / sum(weight) of its activities
  (the
  weights add up to 100); policies, dimensions and the whole plan use the same weighted average over their
  activities, so every goal counts the same in the plan.
- Traffic light from the gap = expected - actual (percentage points): up to 10 → on time ("al día"),
  more than 10 and up to 25 → at risk ("en riesgo"), more than 25 → late ("atrasado").
- An activity is overdue when its end date has passed and its approved progress is below 100 %.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ON_TIME_GAP = Decimal("10")
AT_RISK_GAP = Decimal("25")
ONE_DECIMAL = Decimal("0.1")
LIGHT_LABELS = {"on_time": _("Al día"), "at_risk": _("En riesgo"), "late": _("Atrasado")}


def expected_progress(start: date, end: date, today: date) -> Decimal:
    if today < start:
        return Decimal("0")
    if today >= end:
        return Decimal("100")
    total = (end - start).days + 1
    elapsed = (today - start).days + 1
    return (Decimal(elapsed) * 100 / Decimal(total)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def traffic_light(actual: Decimal, expected: Decimal) -> str:
    gap = expected - actual
    if gap <= ON_TIME_GAP:
        return "on_time"
    if gap <= AT_RISK_GAP:
        return "at_risk"
    return "late"


@dataclass
class Bucket:
    key: object
    code: str = ""
    name: str = ""
    weight: Decimal = Decimal("0")
    weighted_actual: Decimal = Decimal("0")
    weighted_expected: Decimal = Decimal("0")
    activities: int = 0
    overdue: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, weight: Decimal, actual: Decimal, expected: Decimal, overdue: bool) -> None:
        self.weight += weight
        self.weighted_actual += weight * actual
        self.weighted_expected += weight * expected
        self.activities += 1
        self.overdue += int(overdue)

    @property
    def progress(self) -> Decimal:
        if not self.weight:
            return Decimal("0.0")
        return (self.weighted_actual / self.weight).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def expected(self) -> Decimal:
        if not self.weight:
            return Decimal("0.0")
        return (self.weighted_expected / self.weight).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def light(self) -> str:
        return traffic_light(self.progress, self.expected)

    @property
    def light_label(self):
        return LIGHT_LABELS[self.light]


ROW_FIELDS = (
    "id",
    "weight",
    "progress",
    "start_date",
    "end_date",
    "goal_id",
    "goal__code",
    "goal__name",
    "goal__plan_id",
    "goal__plan__entity_id",
    "policy_id",
    "policy__code",
    "policy__name",
    "policy__order",
    "policy__dimension_id",
    "policy__dimension__code",
    "policy__dimension__name",
    "policy__dimension__order",
)


@dataclass
class Rollup:
    total: Bucket
    goals: list
    policies: list
    dimensions: list
    by_activity: dict


def rollup(rows, today: date) -> Rollup:
    """`rows` are dicts with ROW_FIELDS (one query: Activity.objects...values(*ROW_FIELDS))."""
    total = Bucket(key="plan")
    goals: dict = {}
    policies: dict = {}
    dimensions: dict = {}
    by_activity = {}
    for row in rows:
        expected = expected_progress(row["start_date"], row["end_date"], today)
        actual = row["progress"]
        overdue = row["end_date"] < today and actual < 100
        weight = row["weight"]
        by_activity[row["id"]] = {
            "expected": expected,
            "light": traffic_light(actual, expected),
            "light_label": LIGHT_LABELS[traffic_light(actual, expected)],
            "overdue": overdue,
        }
        total.add(weight, actual, expected, overdue)
        goals.setdefault(row["goal_id"], Bucket(row["goal_id"], row["goal__code"], row["goal__name"])).add(
            weight, actual, expected, overdue
        )
        policy = policies.setdefault(
            row["policy_id"],
            Bucket(
                row["policy_id"],
                row["policy__code"],
                row["policy__name"],
                extra={"order": row["policy__order"]},
            ),
        )
        policy.add(weight, actual, expected, overdue)
        dimension = dimensions.setdefault(
            row["policy__dimension_id"],
            Bucket(
                row["policy__dimension_id"],
                row["policy__dimension__code"],
                row["policy__dimension__name"],
                extra={"order": row["policy__dimension__order"]},
            ),
        )
        dimension.add(weight, actual, expected, overdue)
    return Rollup(
        total=total,
        goals=list(goals.values()),
        policies=sorted(policies.values(), key=lambda b: b.extra["order"]),
        dimensions=sorted(dimensions.values(), key=lambda b: b.extra["order"]),
        by_activity=by_activity,
    )
