"""Reads on the MIPG catalogue (global reference data, visible to every signed-in user)."""

from django.db.models import Prefetch

from .models import Dimension, ModelVersion, Policy


def current_version():
    return ModelVersion.objects.current()


def dimensions_with_policies(version=None):
    version = version or current_version()
    return (
        Dimension.objects.filter(version=version)
        .prefetch_related(Prefetch("policies", queryset=Policy.objects.order_by("order")))
        .order_by("order")
    )


def current_policies():
    return Policy.objects.filter(version__is_current=True).select_related("dimension").order_by("order")


def current_dimensions():
    return Dimension.objects.filter(version__is_current=True).order_by("order")


def policy_by_code(code: str):
    return current_policies().filter(code=code.upper()).first()
