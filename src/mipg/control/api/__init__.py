"""API of Control interno under /api/v1/: processes/, risks/, controls/, control-assessments/ (POST to
self-assess; POST {id}/review/ and {id}/evaluate/ for the second and third lines), audits/,
audit-findings/ and ci-evaluations/. Reads and writes go
through the same selectors and services as the pages; another entity's object answers 404.
Split by concept: processes and risks (`risks`), controls and assessments (`controls`), audits and
findings (`audits`), the independent evaluation (`evaluation`)."""

from .audits import AuditFindingViewSet, AuditViewSet
from .controls import ControlAssessmentViewSet, ControlViewSet
from .evaluation import CIEvaluationViewSet
from .risks import ProcessViewSet, RiskViewSet


def register(router) -> None:
    router.register("processes", ProcessViewSet, basename="process")
    router.register("risks", RiskViewSet, basename="risk")
    router.register("controls", ControlViewSet, basename="control")
    router.register("control-assessments", ControlAssessmentViewSet, basename="control-assessment")
    router.register("audits", AuditViewSet, basename="audit")
    router.register("audit-findings", AuditFindingViewSet, basename="audit-finding")
    router.register("ci-evaluations", CIEvaluationViewSet, basename="ci-evaluation")
