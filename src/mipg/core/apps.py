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


def create_cache_table(using="default", **kwargs) -> None:
    from django.conf import settings
    from django.core.management import call_command

    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
