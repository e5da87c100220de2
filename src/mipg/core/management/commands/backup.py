from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mipg.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Copia de seguridad completa en un archivo zip: todas las tablas fila por fila, los archivos "
        "cargados y un manifiesto con el SHA-256 de cada parte (ver docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Ruta del archivo .zip a crear (no se sobrescribe).")

    def handle(self, *args, archive, **options):
        try:
            summary = create_backup(Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in summary.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Copia creada en {archive}: {summary.tables} tablas, {summary.rows} filas, "
                f"{summary.files} archivos cargados."
            )
        )
        self.stdout.write(f"SHA-256 del archivo (guárdelo aparte para usar --sha256): {summary.sha256}")
