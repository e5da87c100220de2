"""API of the official results: open data and BI (results/), the entity-scoped recommendations and
improvement plans, and the staged imports and versions of shared data; one module per concept."""

from . import bulk
from .improvement import FindingViewSet, ImprovementActionViewSet, ImprovementPlanViewSet
from .recommendations import RecommendationViewSet
from .results import ResultViewSet
from .versions import RecommendationVersionViewSet, ResultVersionViewSet, StagedImportViewSet


def register(router) -> None:
    router.register("staged-imports", StagedImportViewSet, basename="staged-import")
    router.register("result-versions", ResultVersionViewSet, basename="result-version")
    router.register(
        "recommendation-versions", RecommendationVersionViewSet, basename="recommendation-version"
    )
    router.register("results", ResultViewSet, basename="result")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
    router.register("improvement-plans", ImprovementPlanViewSet, basename="improvement-plan")
    router.register("improvement-findings", FindingViewSet, basename="improvement-finding")
    router.register("improvement-actions", ImprovementActionViewSet, basename="improvement-action")
    bulk.register(router)  # whole sets as CSV, JSON or xlsx (issue 13 item 5)
