"""API tokens: django-rest-knox's token (only a SHA-512 digest is stored, with an expiry) plus a name
chosen by its owner, so that each client (a script, a BI tool) can be told apart and revoked."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    name = models.CharField(_("nombre"), max_length=100)

    class Meta:
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


class PasswordResetRequest(models.Model):
    """One request of the password-reset form, kept a short while to throttle by e-mail and by IP.
    The e-mail is stored as a digest: this table must not become a list of who asked."""

    created_at = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)
    email_digest = models.CharField(_("resumen del correo"), max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("solicitud de restablecimiento de clave")
        verbose_name_plural = _("solicitudes de restablecimiento de clave")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.ip_address or ''}"


class DirectoryGrant(models.Model):
    """A role assignment that came from a group of the entity's directory (LDAP / Active Directory).
    Only these are withdrawn when the user leaves the group; roles granted in the app stay."""

    class Source(models.TextChoices):
        LDAP = "ldap", _("LDAP / Directorio Activo")

    assignment = models.OneToOneField(
        "organizations.RoleAssignment",
        on_delete=models.CASCADE,
        related_name="directory_grant",
        verbose_name=_("asignación de rol"),
    )
    source = models.CharField(_("origen"), max_length=10, choices=Source.choices, default=Source.LDAP)
    group_dn = models.CharField(_("grupo del directorio"), max_length=500)
    synced_at = models.DateTimeField(_("sincronizado el"), auto_now=True)

    class Meta:
        verbose_name = _("rol otorgado por el directorio")
        verbose_name_plural = _("roles otorgados por el directorio")

    def __str__(self) -> str:
        return f"{self.assignment} ← {self.group_dn}"
