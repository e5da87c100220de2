from django.conf import settings
from django.core.management.base import BaseCommand

from mipg.inbox.digest import send_digests


class Command(BaseCommand):
    help = (
        "Envía a cada persona un solo correo con sus pendientes de todos los componentes (compromisos, "
        "avances, actas por aprobar, plazos del Decreto 612, cuestionarios, control interno), según su "
        "preferencia (diario, semanal o nunca). Nunca recuerda dos veces lo mismo el mismo día. Pensado "
        "para ejecutarse a diario desde el programador de tareas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.MIPG_REMINDER_DAYS,
            help="Incluye lo que vence dentro de estos días (por defecto MIPG_REMINDER_DAYS); lo vencido y "
            "lo que no tiene fecha siempre se incluye.",
        )

    def handle(self, *args, **options):
        run = send_digests(days=max(0, options["days"]))
        self.stdout.write(
            f"Resúmenes enviados: {run.sent} · sin novedades: {run.nothing_new} · "
            f"omitidos por preferencia: {run.skipped_preference}"
        )
