"""Writes on user accounts from the in-app users page (issue 10): the reset link an administrator sends,
and giving a person record to an account that has none. Who may manage an account is decided by
services.can_manage_account."""

from urllib.parse import urlsplit

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from .models import Person
from .services import can_manage_account


def account_email(account) -> str:
    """Where the account's mail goes: its own address, else its person's."""
    person = Person.objects.filter(user=account).only("email").first()
    return (account.email or (person.email if person else "") or "").strip().lower()


@service
def account_send_reset_link(*, user, account, base_url: str) -> str:
    """E-mail the account a one-time link to choose a new password (Django's reset token, the reset
    pages and e-mail of the accounts app). Returns the address it went to."""
    if not can_manage_account(user, account):
        raise PermissionDenied(_("No puede administrar esta cuenta."))
    if not account.is_active:
        raise ValidationError(_("La cuenta está desactivada: reactívela antes de enviar el enlace."))
    email = account_email(account)
    if not email:
        raise ValidationError(_("La cuenta no tiene correo electrónico: regístrelo en la persona."))
    parts = urlsplit(base_url)
    context = {
        "user": account,
        "uid": urlsafe_base64_encode(force_bytes(account.pk)),
        "token": default_token_generator.make_token(account),
        "protocol": parts.scheme or "https",
        "domain": parts.netloc,
    }
    subject = "".join(render_to_string("accounts/password_reset_subject.txt", context).splitlines())
    text = render_to_string("accounts/password_reset_email.txt", context)
    html = render_to_string("accounts/password_reset_email.html", context)
    record_event(
        user=user,
        obj=Person.objects.filter(user=account).first() or account,
        verb="enlace de contraseña enviado",
        data={"username": account.get_username(), "email": email},
    )

    def send():
        message = EmailMultiAlternatives(subject, text, to=[email])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)
    return email


@service
def account_link_person(*, user, account, person: Person) -> Person:
    """Give an account without a person record the person it belongs to (one without an account)."""
    from .roles import can_administer

    if not (can_manage_account(user, account) and can_administer(user, person.entity)):
        raise PermissionDenied(_("No puede administrar esta cuenta o esta persona."))
    if Person.objects.filter(user=account).exists():
        raise ValidationError(_("La cuenta ya está vinculada a una persona."))
    if person.user_id is not None:
        raise ValidationError({"person": _("La persona ya tiene otra cuenta.")})
    person.user = account
    person.save(update_fields=["user"])
    record_event(user=user, obj=person, verb="cuenta vinculada", data={"username": account.get_username()})
    return person
