"""What every results model shares: the score range and the queryset of public data."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class PublicQuerySet(models.QuerySet):
    """Official results are public data: every signed-in user reads them."""

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self
