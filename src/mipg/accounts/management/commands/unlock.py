from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mipg.accounts.services import login_unlock


class Command(BaseCommand):
    help = _(
        "Desbloquea el ingreso de un usuario (o de una dirección IP) bloqueado por intentos fallidos. "
        "Queda registrado en la auditoría."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("--ip", default="", help=_("dirección IP que se desbloquea"))
        parser.add_argument(
            "--actor", default="", help=_("usuario administrador que ordena el desbloqueo (queda como autor)")
        )

    def handle(self, *args, username="", ip="", actor="", **options):
        from django.contrib.auth import get_user_model

        by = None
        if actor:
            by = get_user_model().objects.filter(username=actor, is_active=True, is_superuser=True).first()
            if by is None:
                raise CommandError(_("«%(actor)s» no es un administrador del sistema.") % {"actor": actor})
        try:
            removed = login_unlock(user=by, username=username, ip_address=ip, via="mipg unlock")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        who = " / ".join(filter(None, [username, ip]))
        self.stdout.write(
            _("Desbloqueado: %(who)s (%(count)s registros de intentos borrados).")
            % {
                "who": who,
                "count": removed,
            }
        )
