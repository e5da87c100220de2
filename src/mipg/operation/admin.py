from django.contrib import admin

from . import models


@admin.register(models.PolicyLeadership)
class PolicyLeadershipAdmin(admin.ModelAdmin):
    list_display = ["entity", "vigencia", "policy", "leading_dependencia", "leader"]
    list_filter = ["vigencia"]
    raw_id_fields = ["entity", "leading_dependencia", "leader"]


@admin.register(models.Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "vigencia", "kind", "decree_plan", "status"]
    list_filter = ["vigencia", "kind", "status"]
    raw_id_fields = ["entity", "responsible_dependencia", "created_by"]


@admin.register(models.ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "vigencia", "status"]
    list_filter = ["vigencia", "status"]


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "goal", "weight", "progress", "start_date", "end_date"]
    raw_id_fields = ["goal", "responsible_dependencia", "responsible_person"]


@admin.register(models.ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["activity", "period", "percent", "status", "reported_by"]
    list_filter = ["status", "period"]
    raw_id_fields = ["activity"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "vigencia", "unit", "frequency"]
    list_filter = ["vigencia"]
