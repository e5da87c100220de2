from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mipg.core"
    verbose_name = _("Núcleo")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import checks, models  # noqa: F401  (checks registers itself)

        auditlog.register(models.Evidence)

        # Several app servers (issue 14 item 9): `mipg migrate` also creates the database cache's table.
        from django.db.models.signals import post_migrate

        post_migrate.connect(create_cache_table, sender=self)
        bounded_admin_joins()


def bounded_admin_joins() -> None:
    """Django's admin list follows *every* foreign key, recursively, when `list_display` shows one and
    `list_select_related` is not set: a join of twenty tables on some models, which PostgreSQL can plan
    very badly before its statistics exist. Join only the foreign keys the list shows."""
    from django.contrib import admin
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models as db_models

    for model, model_admin in admin.site._registry.items():
        if model_admin.list_select_related is not False:
            continue
        shown = []
        for name in model_admin.list_display:
            try:
                field = model._meta.get_field(name) if isinstance(name, str) else None
            except FieldDoesNotExist:  # a method or an admin attribute, not a field
                field = None
            if isinstance(field, db_models.ForeignKey | db_models.OneToOneField):
                shown.append(name)
        model_admin.list_select_related = shown or False


def create_cache_table(using="default", **kwargs) -> None:
    from django.conf import settings
    from django.core.management import call_command

    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
