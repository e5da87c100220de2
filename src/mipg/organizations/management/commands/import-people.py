"""mipg import-people FILE.xlsx [--entity SIGEP] [--user USERNAME] [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mipg.core.imports import ImportRejected
from mipg.organizations.models import Entity
from mipg.organizations.people_import import people_import


class Command(BaseCommand):
    help = (
        "Importa personas y roles desde la plantilla de Excel (hoja «Personas»): todo o nada; "
        "importar el mismo archivo otra vez no duplica nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Ruta del archivo .xlsx")
        parser.add_argument(
            "--entity", default=None, help="Código SIGEP de la entidad para las filas que no indican una"
        )
        parser.add_argument(
            "--user",
            default=None,
            help="Usuario que importa (se aplica su alcance; queda como autor); por defecto, un superusuario",
        )
        parser.add_argument("--dry-run", action="store_true", help="Solo muestra lo que cambiaría")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        users = get_user_model().objects.filter(is_active=True)
        if options["user"]:
            user = users.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No existe el usuario activo {options['user']}.")
        else:
            user = users.filter(is_superuser=True).order_by("pk").first()
            if user is None:
                raise CommandError("No hay un superusuario activo: indique --user.")
        entity = None
        if options["entity"]:
            entity = Entity.objects.filter(sigep_code=options["entity"]).first()
            if entity is None:
                raise CommandError(f"No existe una entidad con código SIGEP {options['entity']}.")
        try:
            plan = people_import(user=user, file=path, default_entity=entity, dry_run=options["dry_run"])
        except ImportRejected as error:
            for problem in error.problems[:200]:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Importación rechazada: {len(error.problems)} problema(s); no se cambió nada."
            ) from None
        for row in plan.rows:
            if row.action != "sin cambios":
                details = "; ".join(map(str, row.changes))
                self.stdout.write(
                    f"fila {row.row}: {row.action} {row.email} ({row.entity}) {details}".rstrip()
                )
        prefix = "Simulación (no se guardó nada): " if options["dry_run"] else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{plan.created} personas nuevas, {plan.updated} actualizadas, "
                f"{plan.unchanged} sin cambios."
            )
        )
