from django.contrib import admin

from . import models


class SeatInline(admin.TabularInline):
    model = models.Seat
    extra = 0


@admin.register(models.Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "kind", "sessions_per_year", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "entity__name"]
    inlines = [SeatInline]


@admin.register(models.Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["committee", "starts_at", "kind", "status"]
    list_filter = ["status", "kind"]


@admin.register(models.Acta)
class ActaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "committee", "status", "approved_by", "approved_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        # actas change only through the services (approved ones never)
        return False


admin.site.register(models.CommitteeAct)
admin.site.register(models.SeatHolding)
admin.site.register(models.Commitment)
