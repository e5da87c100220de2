"""The admin shows Institucionalidad for inspection only: every change goes through the services (rules,
audit events), that is, through the pages and the API."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "entity", "kind", "sessions_per_year", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "entity__name"]


@admin.register(models.Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["committee", "starts_at", "kind", "status"]
    list_filter = ["status", "kind"]


@admin.register(models.Acta)
class ActaAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "committee", "status", "approved_by", "approved_at"]
    list_filter = ["status"]


@admin.register(models.Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["description", "responsible", "due_date", "status"]
    list_filter = ["status"]


for model in (models.CommitteeAct, models.Seat, models.SeatHolding):
    admin.site.register(model, ReadOnlyAdmin)
