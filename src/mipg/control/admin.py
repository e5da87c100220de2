from django.contrib import admin

from . import models


@admin.register(models.RiskPolicy)
class RiskPolicyAdmin(admin.ModelAdmin):
    list_display = ["entity", "vigencia", "status", "appetite_zone"]
    list_filter = ["vigencia", "status"]
    raw_id_fields = ["entity", "approval_decision", "created_by"]


@admin.register(models.Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "entity", "kind", "leader_dependencia", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["entity", "leader_dependencia", "leader"]


class ControlInline(admin.TabularInline):
    model = models.Control
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(models.Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["code", "entity", "process", "risk_class", "inherent_zone", "residual_zone", "treatment"]
    list_filter = ["risk_class", "inherent_zone", "residual_zone", "treatment"]
    raw_id_fields = ["entity", "policy", "process", "created_by"]
    filter_horizontal = ["policies"]
    inlines = [ControlInline]


@admin.register(models.MonitoringPeriod)
class MonitoringPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "vigencia", "start", "end"]
    raw_id_fields = ["entity"]


@admin.register(models.ControlAssessment)
class ControlAssessmentAdmin(admin.ModelAdmin):
    list_display = ["control", "period", "executed", "review", "design_present", "operating"]
    raw_id_fields = ["control", "period", "finding", "self_assessed_by", "reviewed_by", "evaluated_by"]


@admin.register(models.CorruptionFollowUp)
class CorruptionFollowUpAdmin(admin.ModelAdmin):
    list_display = ["entity", "vigencia", "cut", "due_date", "published_on"]
    raw_id_fields = ["entity", "recorded_by"]


@admin.register(models.AuditPlan)
class AuditPlanAdmin(admin.ModelAdmin):
    list_display = ["entity", "vigencia", "status"]
    raw_id_fields = ["entity", "approval_decision", "created_by"]


@admin.register(models.Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "process", "status", "start_date", "end_date"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "process"]


@admin.register(models.AuditFinding)
class AuditFindingAdmin(admin.ModelAdmin):
    list_display = ["audit", "kind", "description"]
    raw_id_fields = ["audit", "improvement_finding", "recorded_by"]


@admin.register(models.CIEvaluation)
class CIEvaluationAdmin(admin.ModelAdmin):
    """Signed evaluations are frozen: the admin only reads them."""

    list_display = ["number", "entity", "vigencia", "semester", "status", "report_sha256"]
    raw_id_fields = ["entity", "questionnaire", "signed_by", "created_by"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_signed
