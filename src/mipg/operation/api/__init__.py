"""API of Operación: /api/v1/policy-leaders/, instruments/, action-plans/, goals/, activities/,
progress-reports/, indicators/ and indicator-measurements/, one module per concept."""

from . import bulk
from .indicators import IndicatorViewSet
from .instruments import InstrumentViewSet
from .leadership import PolicyLeadershipViewSet
from .measurements import IndicatorMeasurementViewSet
from .plans import ActionPlanViewSet, ActivityViewSet, GoalViewSet
from .progress import ProgressReportViewSet


def register(router) -> None:
    router.register("policy-leaders", PolicyLeadershipViewSet, basename="policy-leader")
    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("action-plans", ActionPlanViewSet, basename="action-plan")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("indicator-measurements", IndicatorMeasurementViewSet, basename="indicator-measurement")
    bulk.register(router)  # whole sets as CSV, JSON or xlsx (issue 13 item 5)
