from django.core.management.base import BaseCommand

from mipg.measurement.questionnaires.services import send_reminders


class Command(BaseCommand):
    help = (
        "Envía por correo a cada respondiente sus preguntas pendientes de campañas que vencen pronto o ya "
        "vencieron. Pensado para ejecutarse a diario desde el programador de tareas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Días antes de la fecha límite (por defecto 3)."
        )

    def handle(self, *args, **options):
        sent = send_reminders(days=max(0, options["days"]))
        self.stdout.write(f"Recordatorios enviados: {sent}")
