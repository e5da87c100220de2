"""Sign-in against the entity's LDAP / Active Directory (django-auth-ldap), configured by MIPG_LDAP_*
environment variables (settings/people.py builds django-auth-ldap's with `django_auth_ldap_settings`).

Group-to-role mapping, MIPG_LDAP_GROUP_ROLES: entries separated by ";" (or new lines), each

    GROUP_DN:ROLE@SIGEP_CODE[/*][,ROLE@SIGEP_CODE[/*]...]

- GROUP_DN: the group's distinguished name, as the directory has it (case and spaces do not matter);
- ROLE: a role code of the app (planeacion, lider_politica, secretaria_tecnica, miembro_comite,
  control_interno, consulta, admin, ...);
- SIGEP_CODE: the Código SIGEP of the entity the role is granted over;
- "/*" after the code: the role also covers every entity under it (its subtree).

Example: "cn=planeacion,ou=grupos,dc=mindefensa,dc=gov,dc=co:planeacion@1001/*;
cn=control,ou=grupos,dc=mindefensa,dc=gov,dc=co:control_interno@1001,consulta@1002"

At every LDAP sign-in the user's directory roles are brought in line with their groups: roles of groups
they joined are granted, roles that came from a group they left are withdrawn. Roles granted in the app
by an administrator are never touched by this.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django_auth_ldap.backend import LDAPBackend

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GroupRole:
    group_dn: str
    role: str
    sigep_code: str
    include_subtree: bool


def normalize_dn(dn: str) -> str:
    """One spelling per DN: lower case, no spaces around separators (as python-ldap prints it)."""
    import ldap.dn

    try:
        return ldap.dn.dn2str(ldap.dn.str2dn(dn.strip())).lower()
    except ldap.DECODING_ERROR as error:
        raise ImproperlyConfigured(f"MIPG_LDAP_GROUP_ROLES: «{dn}» no es un DN válido") from error


def parse_group_roles(text: str) -> list[GroupRole]:
    """Read MIPG_LDAP_GROUP_ROLES (syntax in this module's docstring); ImproperlyConfigured says where
    an entry is wrong."""
    mapping = []
    for raw in (text or "").replace("\n", ";").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        group, sep, grants = entry.rpartition(":")
        if not sep or not group.strip() or not grants.strip():
            raise ImproperlyConfigured(
                f"MIPG_LDAP_GROUP_ROLES: «{entry}» debe tener la forma GRUPO_DN:ROL@CODIGO_SIGEP[/*]"
            )
        group_dn = normalize_dn(group)
        for grant in grants.split(","):
            grant = grant.strip()
            role, at, code = grant.partition("@")
            subtree = code.endswith("/*")
            code = code[:-2] if subtree else code
            if not at or not role.strip() or not code.strip():
                raise ImproperlyConfigured(
                    f"MIPG_LDAP_GROUP_ROLES: «{grant}» (grupo {group.strip()}) debe ser ROL@CODIGO_SIGEP "
                    "o ROL@CODIGO_SIGEP/*"
                )
            mapping.append(GroupRole(group_dn, role.strip(), code.strip(), subtree))
    return mapping


GROUP_TYPES = {
    # name -> (django-auth-ldap class name, default group filter)
    "groupofnames": ("GroupOfNamesType", "(objectClass=groupOfNames)"),
    "groupofuniquenames": ("GroupOfUniqueNamesType", "(objectClass=groupOfUniqueNames)"),
    "posixgroup": ("PosixGroupType", "(objectClass=posixGroup)"),
    "activedirectory": ("ActiveDirectoryGroupType", "(objectClass=group)"),
    "nestedactivedirectory": ("NestedActiveDirectoryGroupType", "(objectClass=group)"),
}


def django_auth_ldap_settings(conf: dict) -> dict:
    """django-auth-ldap's AUTH_LDAP_* settings from our MIPG_LDAP block."""
    import ldap
    from django_auth_ldap import config

    if not conf["USER_SEARCH_BASE"]:
        raise ImproperlyConfigured("MIPG_LDAP_SERVER_URI está definido: falta MIPG_LDAP_USER_SEARCH_BASE")
    group_type = conf["GROUP_TYPE"].replace("_", "").replace("-", "").lower()
    if group_type not in GROUP_TYPES:
        raise ImproperlyConfigured(
            f"MIPG_LDAP_GROUP_TYPE: «{conf['GROUP_TYPE']}» no es uno de {', '.join(GROUP_TYPES)}"
        )
    class_name, default_filter = GROUP_TYPES[group_type]
    try:
        attr_map = dict(
            (field.strip(), attribute.strip())
            for field, _eq, attribute in (item.partition("=") for item in conf["USER_ATTR_MAP"].split(","))
            if field.strip()
        )
    except ValueError as error:  # pragma: no cover - partition always gives three parts
        raise ImproperlyConfigured("MIPG_LDAP_USER_ATTR_MAP: use campo=atributo,campo=atributo") from error
    parse_group_roles(conf["GROUP_ROLES"])  # refuse to start on a malformed mapping
    values = {
        "AUTH_LDAP_SERVER_URI": conf["SERVER_URI"],
        "AUTH_LDAP_BIND_DN": conf["BIND_DN"],
        "AUTH_LDAP_BIND_PASSWORD": conf["BIND_PASSWORD"],
        "AUTH_LDAP_START_TLS": conf["START_TLS"],
        "AUTH_LDAP_USER_SEARCH": config.LDAPSearch(
            conf["USER_SEARCH_BASE"], ldap.SCOPE_SUBTREE, conf["USER_SEARCH_FILTER"]
        ),
        "AUTH_LDAP_USER_ATTR_MAP": attr_map,
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,  # group changes count from the very next sign-in
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_NETWORK_TIMEOUT: 10, ldap.OPT_REFERRALS: 0},
    }
    if conf["CA_FILE"]:
        values["AUTH_LDAP_GLOBAL_OPTIONS"] = {ldap.OPT_X_TLS_CACERTFILE: conf["CA_FILE"]}
    if conf["GROUP_SEARCH_BASE"]:
        values["AUTH_LDAP_GROUP_SEARCH"] = config.LDAPSearch(
            conf["GROUP_SEARCH_BASE"], ldap.SCOPE_SUBTREE, conf["GROUP_SEARCH_FILTER"] or default_filter
        )
        values["AUTH_LDAP_GROUP_TYPE"] = getattr(config, class_name)()
        if conf["REQUIRE_GROUP"]:
            values["AUTH_LDAP_REQUIRE_GROUP"] = conf["REQUIRE_GROUP"]
    elif conf["GROUP_ROLES"] or conf["REQUIRE_GROUP"]:
        raise ImproperlyConfigured(
            "MIPG_LDAP_GROUP_ROLES y MIPG_LDAP_REQUIRE_GROUP necesitan MIPG_LDAP_GROUP_SEARCH_BASE"
        )
    return values


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, plus: the user's roles follow their groups at every sign-in.
    A failure returns None like any backend, so django-axes counts it and locks out as usual."""

    def authenticate_ldap_user(self, ldap_user, password):
        from django.conf import settings

        from .services import directory_roles_sync, person_link_by_email

        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None or not user.is_active:
            return None  # a deactivated account stays out, whatever the directory says
        person_link_by_email(owner=user, source="LDAP")
        mapping = parse_group_roles(settings.MIPG_LDAP["GROUP_ROLES"])
        if mapping:
            groups = {normalize_dn(dn) for dn in ldap_user.group_dns}
            wanted = {
                (m.role, m.sigep_code, m.include_subtree, m.group_dn) for m in mapping if m.group_dn in groups
            }
            directory_roles_sync(owner=user, source="ldap", wanted=wanted)
        return user

    def get_user(self, user_id):
        """Like ModelBackend: the session of a deactivated account is no longer a signed-in user."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
