from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Consulta el directorio (LDAP / Directorio Activo) con la cuenta de servicio y muestra, para un "
        "usuario, su DN, sus grupos y los roles que recibiría al ingresar según MIPG_LDAP_GROUP_ROLES. "
        "No cambia nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.MIPG_LDAP["SERVER_URI"]:
            raise CommandError(_("LDAP no está configurado (MIPG_LDAP_SERVER_URI)."))
        from django_auth_ldap.backend import _LDAPUser

        from mipg.accounts.ldap import DirectoryBackend, normalize_dn, parse_group_roles
        from mipg.organizations.models import Entity

        ldap_user = _LDAPUser(DirectoryBackend(), username=username)
        try:
            dn = ldap_user.dn
        except Exception as error:  # the directory's own message says what failed (bind, network)
            message = _("No fue posible consultar el directorio: %(error)s") % {"error": error}
            raise CommandError(message) from error
        if dn is None:
            message = _("El directorio no tiene al usuario «%(username)s».") % {"username": username}
            raise CommandError(message)
        self.stdout.write(f"DN: {dn}")
        for field, attribute in settings.AUTH_LDAP_USER_ATTR_MAP.items():
            self.stdout.write(f"{field}: {', '.join(ldap_user.attrs.get(attribute, [])) or '—'}")
        mapping = parse_group_roles(settings.MIPG_LDAP["GROUP_ROLES"])
        groups = sorted(normalize_dn(group) for group in ldap_user.group_dns) if mapping else []
        self.stdout.write(_("Grupos: %(groups)s") % {"groups": "; ".join(groups) or "—"})
        codes = set(Entity.objects.values_list("sigep_code", flat=True))
        for item in mapping:
            if item.group_dn in groups:
                scope = _(" y subordinadas") if item.include_subtree else ""
                missing = "" if item.sigep_code in codes else _("  (¡no hay entidad con ese código SIGEP!)")
                self.stdout.write(
                    _("Rol: %(role)s sobre %(code)s%(scope)s%(missing)s")
                    % {"role": item.role, "code": item.sigep_code, "scope": scope, "missing": missing}
                )
