"""Reads on accounts: a user sees and manages only their own tokens."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's tokens that still work (expired ones are gone for every purpose)."""
    from django.db.models import Q

    return ApiToken.objects.filter(user=user).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))


def recovery_codes_left(user) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret_text(device) -> str:
    """The device's secret as an authenticator app expects it typed: base32, in groups of four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device) -> str:
    """The otpauth:// address of the device as a QR code, an SVG drawn on the server, as a data: URI
    (allowed by the CSP's img-src; no script, no third party sees the secret)."""
    import base64

    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()
