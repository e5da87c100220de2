"""`mipg check`: the LDAP group-to-role mapping names roles that exist (entities are checked at sign-in,
since they live in the database)."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def ldap_group_roles(app_configs, **kwargs):
    from mipg.organizations.roles import Role

    from .ldap import parse_group_roles

    conf = getattr(settings, "MIPG_LDAP", {}) or {}
    if not conf.get("SERVER_URI") or not conf.get("GROUP_ROLES"):
        return []
    return [
        Warning(
            f"MIPG_LDAP_GROUP_ROLES: el rol «{item.role}» (grupo {item.group_dn}) no existe; "
            f"roles válidos: {', '.join(Role.values)}",
            id="mipg.accounts.W001",
        )
        for item in parse_group_roles(conf["GROUP_ROLES"])
        if item.role not in Role.values
    ]
