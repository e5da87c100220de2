from django.core.management.base import BaseCommand

from mipg.catalog.loader import load_all


class Command(BaseCommand):
    help = "Carga (o actualiza) el catálogo MIPG desde las bibliotecas YAML del repositorio."

    def handle(self, *args, **options):
        for version in load_all():
            self.stdout.write(
                f"Catálogo «{version.name}»: {version.dimensions.count()} dimensiones, "
                f"{version.policies.count()} políticas."
            )
