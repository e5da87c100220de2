from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Imprime el token de API del usuario (lo crea si no existe); el token es la última palabra."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No existe el usuario «{username}».")
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(f"Token de API de {username}: {token.key}")
