import io

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mipg.core.imports import ImportRejected
from mipg.core.xlsx_guard import limits, read_bounded
from mipg.measurement.questionnaires import importer
from mipg.measurement.questionnaires.models import Questionnaire
from mipg.measurement.questionnaires.services.library import check_version_is_new, questionnaire_import


class Command(BaseCommand):
    help = (
        "Importa un cuestionario (hoja «Preguntas»); la última palabra de la salida es el id "
        "del cuestionario."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Libro .xlsx con la hoja «Preguntas».")
        parser.add_argument(
            "--name", default="", help="Nombre del cuestionario (por defecto, el del archivo)."
        )
        parser.add_argument(
            "--questionnaire-version", default="", help="Versión, p. ej. «2025 - orden nacional»."
        )
        parser.add_argument(
            "--user", default="", help="Usuario que importa (por defecto, el primer superusuario)."
        )

    def handle(self, *args, **options):
        User = get_user_model()
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No existe el usuario «{options['user']}».")
        else:
            user = User.objects.filter(is_superuser=True).order_by("pk").first()
        try:
            buffer = io.BytesIO(read_bounded(options["file"], limits()))
        except OSError as error:
            raise CommandError(f"No se puede leer el archivo: {error}") from error
        except ImportRejected as error:  # over MIPG_MAX_UPLOAD_BYTES: refused before reading it
            raise CommandError(str(error)) from error
        buffer.name = options["file"]
        try:
            if user is not None:
                questionnaire = questionnaire_import(
                    user=user, file=buffer, name=options["name"], version=options["questionnaire_version"]
                )
            else:  # a fresh installation without users: the operator at the console imports
                specs, meta = importer.read_workbook_with_meta(buffer)
                name = (
                    options["name"]
                    or meta.get("name")
                    or str(options["file"]).rsplit("/", 1)[-1].rsplit(".", 1)[0]
                )
                version = options["questionnaire_version"] or meta.get("version", "")
                check_version_is_new(name, version)
                with transaction.atomic():
                    questionnaire = importer.build_questionnaire(
                        specs,
                        name=name,
                        version=version,
                        kind=meta.get("kind") or Questionnaire.Kind.FURAG,
                        description=meta.get("description", ""),
                        source_file=str(options["file"]).rsplit("/", 1)[-1],
                    )
        except ImportRejected as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"No se importó nada: {len(error.problems)} problema(s).") from error
        self.stdout.write(
            f"Cuestionario «{questionnaire}» importado: {questionnaire.question_count} preguntas en "
            f"{questionnaire.modules.count()} módulos. Id: {questionnaire.pk}"
        )
