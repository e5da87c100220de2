from django.contrib import admin

from .models import Dependencia, Entity, Person, RoleAssignment, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "head_entity"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "sigep_code", "sector", "parent", "order"]
    list_filter = ["sector", "order", "is_demo"]
    search_fields = ["name", "acronym", "sigep_code", "nit"]

    def save_model(self, request, obj, form, change):
        from .services import entity_save

        entity_save(user=request.user, entity=obj)


@admin.register(Dependencia)
class DependenciaAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "parent"]
    list_filter = ["entity"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "entity", "dependencia", "user"]
    list_filter = ["entity"]
    search_fields = ["full_name", "position", "email"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "entity", "include_subtree", "granted_at"]
    list_filter = ["role", "include_subtree"]
    search_fields = ["user__username", "entity__name"]
