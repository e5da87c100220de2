from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mipg.jobs.services import jobs_prune


class Command(BaseCommand):
    help = (
        "Borra los trabajos en segundo plano terminados o fallidos hace más de N días, con sus archivos "
        "resultado (disco o bucket) y las filas de la cola de tareas. Los trabajos en cola o en curso no se "
        "tocan. El trabajador ya lo hace tras cada trabajo; sirve para ejecutarlo a mano o programado."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.MIPG_JOB_RETENTION_DAYS,
            help="Antigüedad mínima en días (por defecto MIPG_JOB_RETENTION_DAYS).",
        )

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("Indique --days mayor que cero.")
        removed = jobs_prune(days=options["days"])
        self.stdout.write(f"Trabajos borrados: {removed}")
