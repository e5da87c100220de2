"""Control interno (D7, MECI): risk policy, process map, risk register with controls, the three lines of
defence per monitoring period and the corruption risk map follow-up."""

from .audit import Audit, AuditCheckItem, AuditFinding, AuditPlan
from .evaluation import CIComponentConclusion, CIEvaluation
from .monitoring import ControlAssessment, CorruptionFollowUp, MonitoringPeriod
from .policy import Process, RiskPolicy
from .risks import Control, Risk, RiskEvent

__all__ = [
    "Audit",
    "AuditCheckItem",
    "AuditFinding",
    "AuditPlan",
    "CIComponentConclusion",
    "CIEvaluation",
    "Control",
    "ControlAssessment",
    "CorruptionFollowUp",
    "MonitoringPeriod",
    "Process",
    "Risk",
    "RiskEvent",
    "RiskPolicy",
]
