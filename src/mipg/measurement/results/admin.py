from django.contrib import admin

from .models import ImprovementAction, ImprovementPlan, Recommendation, ResultImport, ResultSubject


@admin.register(ResultSubject)
class ResultSubjectAdmin(admin.ModelAdmin):
    list_display = ["sigep_code", "name", "peer_group", "departamento", "entity", "is_demo"]
    search_fields = ["sigep_code", "name"]
    list_filter = ["peer_group", "is_demo"]
    raw_id_fields = ["entity"]


@admin.register(ResultImport)
class ResultImportAdmin(admin.ModelAdmin):
    list_display = ["vigencia", "file_name", "row_count", "column_count", "imported_by", "imported_at"]
    readonly_fields = [f.name for f in ResultImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["entity", "vigencia", "policy", "status"]
    list_filter = ["vigencia", "status"]
    search_fields = ["text"]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "vigencia", "created_at"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["description", "due_date", "progress", "status"]
    list_filter = ["status"]
