"""Operación: policy leadership, implementation instruments, action plans with progress, indicators."""

from .indicators import Indicator, IndicatorMeasurement, IndicatorTarget
from .instruments import Instrument
from .leadership import PolicyLeadership
from .plans import ActionPlan, Activity, Goal, ProgressReport

__all__ = [
    "ActionPlan",
    "Activity",
    "Goal",
    "Indicator",
    "IndicatorMeasurement",
    "IndicatorTarget",
    "Instrument",
    "PolicyLeadership",
    "ProgressReport",
]
