from .ldap_server import slapd  # noqa: F401  (the real OpenLDAP server fixture)
from .oidc_server import oidc_provider  # noqa: F401  (the real OpenID Connect provider fixture)
