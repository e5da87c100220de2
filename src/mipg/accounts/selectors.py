"""Reads on accounts: a user sees and manages only their own tokens."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's tokens that still work (expired ones are gone for every purpose)."""
    from django.db.models import Q

    return ApiToken.objects.filter(user=user).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
