from django.contrib import admin

from mipg.organizations.roles import is_system_admin

from .models import DomainEvent, Evidence


def _only_system_admins(request) -> bool:
    # Django admin is for system administrators only, never for entity roles.
    return request.user.is_active and request.user.is_staff and is_system_admin(request.user)


admin.site.has_permission = _only_system_admins
admin.site.site_header = "Gestor MIPG – administración"


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "entity", "kind", "status", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["sha256", "size", "content_type", "uploaded_by", "uploaded_at"]


@admin.register(DomainEvent)
class DomainEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "verb", "object_repr", "actor", "entity"]
    list_filter = ["verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
