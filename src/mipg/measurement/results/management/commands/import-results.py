"""mipg import-results FILE.xlsx --vigencia YEAR [--sheet NAME] [--user USERNAME] [--replace] [--yes]"""

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mipg.core.imports import ImportRejected
from mipg.core.xlsx_guard import check_size
from mipg.measurement.results.diff import parsed_results, results_diff
from mipg.measurement.results.services import results_import, results_parse
from mipg.measurement.results.services.official_results import vigencia_exists

SAMPLE_ROWS = 15


class Command(BaseCommand):
    help = (
        "Importa el libro oficial de resultados FURAG (una fila por entidad) de una vigencia. Muestra qué "
        "cambia; reemplazar una vigencia existente exige --replace o responder «sí» (--yes para scripts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Ruta del archivo .xlsx")
        parser.add_argument("--vigencia", required=True, help="Año medido (p. ej. 2024)")
        parser.add_argument(
            "--sheet", default=None, help="Hoja a leer (por defecto, la primera con encabezados)"
        )
        parser.add_argument("--user", default=None, help="Usuario que queda registrado como importador")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Autoriza reemplazar una vigencia ya importada (se pide confirmación en una terminal)",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Reemplaza sin preguntar (para scripts; implica --replace)"
        )

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
            year, _data, parsed = results_parse(
                file=path, vigencia=options["vigencia"], sheet=options["sheet"]
            )
            replace = False
            if vigencia_exists(year):
                self._print_diff(year, results_diff(year, parsed_results(parsed)))
                replace = self._confirmed(year, options)
            record = results_import(
                user=user,
                file=path,
                vigencia=year,
                sheet=options["sheet"],
                file_name=path.name,
                replace=replace,
                parsed=parsed,
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
                + (
                    " (reemplazó la importación anterior, archivada como versión restaurable)."
                    if record.replaced_previous
                    else "."
                )
            )
        )

    def _confirmed(self, year: int, options) -> bool:
        if options["yes"]:
            return True
        interactive = sys.stdin is not None and sys.stdin.isatty()
        if interactive:
            answer = input(f"¿Reemplazar los resultados de la vigencia {year}? Escriba «sí» para confirmar: ")
            if answer.strip().lower() in {"sí", "si"}:
                return True
            raise CommandError("No se confirmó el reemplazo; no se cambió nada.")
        if options["replace"]:
            return True
        raise CommandError(
            f"La vigencia {year} ya tiene resultados: use --replace (o --yes en scripts) para reemplazarlos; "
            "no se cambió nada."
        )

    def _print_diff(self, year: int, diff: dict) -> None:
        s = diff["summary"]
        self.stdout.write(
            f"La vigencia {year} ya tiene {s['current_entities']} entidades "
            f"y {s['current_scores']} puntajes.\n"
            f"Entidades: {s['entities_added']} agregadas, {s['entities_changed']} cambian, "
            f"{s['entities_removed']} retiradas, {s['entities_unchanged']} sin cambio.\n"
            f"Puntajes: {s['scores_added']} agregados, {s['scores_changed']} cambian, "
            f"{s['scores_removed']} retirados, {s['scores_unchanged']} sin cambio."
        )
        for row in diff["entities"][:SAMPLE_ROWS]:
            self.stdout.write(
                f"  {row['sigep_code']:>10}  {row['name'][:50]:<50}  {row['status']:<9}  "
                f"+{row['added']} ~{row['changed']} -{row['removed']}"
            )
