"""Length limits of free text (issue 9 item 8). A `TextField`'s `max_length` is not checked by
`full_clean` by itself, so `text_limit` adds the validator too; forms and API serializers take the same
limit from the model field (their messages come in Spanish from Django's and DRF's translations).

Two tiers: a body of text (notes of an acta, what was done, a description) and a comment (an
observation, a reason, a justification)."""

from django.core.validators import MaxLengthValidator

LONG_TEXT = 20_000
COMMENT_TEXT = 5_000


def text_limit(limit: int) -> dict:
    """Arguments of a `TextField` limited to `limit` characters: `TextField(..., **text_limit(n))`."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}
