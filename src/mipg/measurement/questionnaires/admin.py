"""Read-mostly admin: questionnaires are changed by importing a new version and answers only through the
services (state machine and incremental estimate), so the admin shows them without editing."""

from django.contrib import admin

from .models import Answer, Campaign, Module, Option, Question, Questionnaire, ScoreAggregate, SectorCampaign


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["name", "version", "kind", "question_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "version"]


@admin.register(Module)
class ModuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "questionnaire", "order", "policy"]
    list_filter = ["questionnaire"]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["code", "questionnaire", "module", "qtype", "evidence_required", "applies_to"]
    list_filter = ["questionnaire", "qtype"]
    search_fields = ["code", "text"]
    inlines = [OptionInline]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["questionnaire", "entity", "vigencia", "deadline", "sector_campaign"]
    list_filter = ["vigencia"]


@admin.register(SectorCampaign)
class SectorCampaignAdmin(ReadOnlyAdmin):
    list_display = ["questionnaire", "sector", "vigencia", "deadline"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["question", "campaign", "status", "score", "assigned_dependencia", "assigned_person"]
    list_filter = ["status"]
    list_select_related = [
        "question",
        "campaign__entity",
        "campaign__questionnaire",
        "assigned_dependencia",
        "assigned_person",
    ]


@admin.register(ScoreAggregate)
class ScoreAggregateAdmin(ReadOnlyAdmin):
    list_display = [
        "campaign",
        "kind",
        "label",
        "applicable_count",
        "answered_count",
        "scored_count",
        "score_sum",
    ]
