from django.contrib import admin

from .models import Dimension, ModelVersion, Policy, SubIndex


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "is_current"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version"]
    list_filter = ["version"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "dimension", "national_leader"]
    list_filter = ["version", "dimension"]


@admin.register(SubIndex)
class SubIndexAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "policy"]
    list_filter = ["version"]
    search_fields = ["code", "name"]
