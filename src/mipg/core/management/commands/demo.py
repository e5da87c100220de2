import importlib
import importlib.util

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from mipg.organizations.demo import demo_password


class Command(BaseCommand):
    help = "Carga el catálogo MIPG y los datos de demostración del Sector Defensa (idempotente)."

    def handle(self, *args, **options):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        try:  # the demo's users get this password: it must meet the same policy as everyone's
            validate_password(demo_password())
        except ValidationError as error:
            raise CommandError(
                "MIPG_ADMIN_PASSWORD no cumple la política de claves: " + " ".join(error.messages)
            ) from error
        call_command("load-catalog", stdout=self.stdout)
        for module_name in settings.MIPG_DEMO_LOADERS:
            if importlib.util.find_spec(module_name) is None:
                continue
            importlib.import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Datos de demostración listos. Usuarios: admin, admin-ugg, sector, ugg, hmc, control, lider, "
                "presidente, respondente, resultados; "
                f"contraseña: {demo_password()}"
            )
        )
