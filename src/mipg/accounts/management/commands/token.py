from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mipg.accounts.services import token_create, token_rotate


class Command(BaseCommand):
    help = _(
        "Emite un token de API para el usuario y lo imprime (es la última palabra; solo se muestra esta "
        "vez). Con --rotate revoca antes todos sus tokens."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help=_("revocar los tokens anteriores del usuario")
        )
        parser.add_argument("--name", default="", help=_("nombre del token (por defecto «mipg token»)"))

    def handle(self, *args, username, rotate=False, name="", **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No existe el usuario «%(username)s».") % {"username": username})
        name = name or "mipg token"
        issue = token_rotate if rotate else token_create
        token, key = issue(user=None, owner=user, name=name, via="mipg token")
        expiry = f"{token.expiry:%Y-%m-%d}" if token.expiry else _("nunca")
        self.stderr.write(
            _("Token «%(name)s» de %(username)s; vence: %(expiry)s.")
            % {
                "name": name,
                "username": username,
                "expiry": expiry,
            }
        )
        self.stdout.write(f"Token de API de {username}: {key}")
