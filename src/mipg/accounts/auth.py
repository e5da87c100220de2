"""API token check (django-rest-knox) in one query per request (issue 14 item 2).

knox's own check also lists every other token of the user on each request, to delete the expired ones: a
second query on every API call. Here a request only checks (and deletes, when expired) its own token; the
user's other expired tokens are deleted when a new token is issued (`services.token_create`). An expired
token is refused either way: nothing authenticates with it. The token's query (with its user) is compiled
to SQL once per process (mipg.core.precompiled); the digest comparison is knox's."""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from mipg.core.precompiled import PrecompiledQuery

_TOKENS_BY_KEY = PrecompiledQuery(
    lambda key: get_token_model().objects.filter(token_key=key).select_related("user"),
)


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token):
        message = _("Invalid token.")
        try:
            token = token.decode("utf-8")
        except UnicodeDecodeError as error:  # a header no token can be (knox answered it with a 500)
            raise exceptions.AuthenticationFailed(message) from error
        for auth_token in _TOKENS_BY_KEY.fetch(token[: CONSTANTS.TOKEN_KEY_LENGTH]):
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error) as error:
                raise exceptions.AuthenticationFailed(message) from error
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(message)

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The published schema describes this class as knox's own (same header, same scheme name)."""

    target_class = TokenAuthentication
