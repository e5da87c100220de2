"""The JSON of an answer (the shape of `api.AnswerSerializer`) built from plain values, without a
ModelSerializer per request or a model instance per row (issue 14 items 2 and 3): the answer list reads
`values()` rows and a save answers from the instance it just saved. The converting fields are DRF's own,
built once, so numbers and dates come out exactly as the serializer writes them."""

import functools

from rest_framework import serializers

# Response field -> key of the values() row (the model attribute when built from an instance).
SOURCES = {
    "campaign": "campaign_id",
    "question": "question_id",
    "question_code": "question__code",
    "internal_estimate": "score",
    "assigned_dependencia": "assigned_dependencia_id",
    "assigned_person": "assigned_person_id",
}
COLUMNS_EXCLUDED = {"evidence"}


@functools.cache
def _fields() -> tuple[tuple[str, str, object], ...]:
    """(response name, row key, converter or None) for each field of the answer serializer."""
    from .api import AnswerSerializer

    fields = []
    for name, field in AnswerSerializer().fields.items():
        convert = (
            field.to_representation
            if isinstance(
                field, (serializers.DecimalField, serializers.DateTimeField, serializers.ChoiceField)
            )
            else None
        )
        fields.append((name, SOURCES.get(name, name), convert))
    return tuple(fields)


def row_columns() -> list[str]:
    """The columns an answer row needs, for `QuerySet.values()`."""
    return [key for name, key, _convert in _fields() if name not in COLUMNS_EXCLUDED]


def answer_row(values, evidence_ids: list[int]) -> dict:
    """One answer's JSON from a mapping of row keys to values (a values() row)."""
    data = {}
    for name, key, convert in _fields():
        if name == "evidence":
            data[name] = evidence_ids
            continue
        value = values[key]
        data[name] = convert(value) if convert is not None and value is not None else value
    return data


def answer_rows(rows, evidence: dict[int, list[int]]) -> list[dict]:
    return [answer_row(row, evidence.get(row["id"], [])) for row in rows]


def instance_row(answer, evidence_ids: list[int]) -> dict:
    """The JSON of an answer instance already in hand (after a save: no refresh_from_db)."""

    class _Values:
        def __getitem__(self, key):
            if key == "question__code":
                return answer.question.code
            return getattr(answer, key)

    return answer_row(_Values(), evidence_ids)
