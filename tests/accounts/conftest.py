from .ldap_server import slapd  # noqa: F401  (the real OpenLDAP server fixture)
