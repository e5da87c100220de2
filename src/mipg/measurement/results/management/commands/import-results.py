"""mipg import-results FILE.xlsx --vigencia YEAR [--sheet NAME] [--user USERNAME]"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mipg.core.imports import ImportRejected
from mipg.core.xlsx_guard import check_size
from mipg.measurement.results.services import results_import


class Command(BaseCommand):
    help = "Importa el libro oficial de resultados FURAG (una fila por entidad) de una vigencia."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Ruta del archivo .xlsx")
        parser.add_argument("--vigencia", required=True, help="Año medido (p. ej. 2024)")
        parser.add_argument(
            "--sheet", default=None, help="Hoja a leer (por defecto, la primera con encabezados)"
        )
        parser.add_argument("--user", default=None, help="Usuario que queda registrado como importador")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No existe el usuario {options['user']}.")
        try:
            check_size(path)  # refused before results_import reads it whole
        except ImportRejected as error:
            raise CommandError(str(error)) from None
        started = time.perf_counter()
        try:
            record = results_import(
                user=user,
                file=path,
                vigencia=options["vigencia"],
                sheet=options["sheet"],
                file_name=path.name,
            )
        except ImportRejected as error:
            for problem in error.problems[:200]:
                self.stderr.write(str(problem))
            if len(error.problems) > 200:
                self.stderr.write(f"… y {len(error.problems) - 200} problemas más.")
            raise CommandError(
                f"Importación rechazada: {len(error.problems)} problema(s); no se cambió nada."
            ) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Vigencia {record.vigencia}: {record.row_count} entidades, {record.column_count} índices, "
                f"{record.score_count} puntajes en {elapsed:.1f} s"
                + (" (reemplazó la importación anterior)." if record.replaced_previous else ".")
            )
        )
