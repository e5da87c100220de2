"""Password rules beyond Django's: no password that contains the user name or the e-mail's name."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotLikeUsernameValidator:
    """Refuse a password that contains the user name (or the part of the e-mail before the @), ignoring
    case and separators: "JPerez-2026-clave" for user "jperez"."""

    min_part = 4

    @staticmethod
    def _plain(text: str) -> str:
        return re.sub(r"[\W_]+", "", text or "").lower()

    def validate(self, password, user=None):
        if user is None:
            return
        plain = self._plain(password)
        email = getattr(user, "email", "") or ""
        for part in (getattr(user, "username", ""), email.split("@")[0]):
            part = self._plain(part)
            if len(part) >= self.min_part and part in plain:
                raise ValidationError(
                    _("La contraseña no puede contener su nombre de usuario ni su correo."),
                    code="password_contains_username",
                )

    def get_help_text(self):
        return _("Su contraseña no puede contener su nombre de usuario ni su correo.")
