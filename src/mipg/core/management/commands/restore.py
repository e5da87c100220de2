from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mipg.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaura una copia hecha con «mipg backup»: verifica el SHA-256 de cada parte antes de tocar nada, "
        "y solo sobre una base vacía (recién migrada) salvo con --force, que reemplaza todo su contenido."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archivo .zip creado con «mipg backup».")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reemplaza todo el contenido de una base no vacía (y los archivos del mismo nombre).",
        )
        parser.add_argument(
            "--sha256", default="", help="SHA-256 esperado del archivo (el que imprimió «mipg backup»)."
        )

    def handle(self, *args, archive, force, sha256, **options):
        try:
            summary = restore_backup(Path(archive), force=force, expected_sha256=sha256)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in summary.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Copia restaurada: {summary.tables} tablas, {summary.rows} filas, "
                f"{summary.files} archivos cargados."
            )
        )
