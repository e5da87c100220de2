"""Writing a validated questionnaire: the questionnaire, its modules, questions and options in bulk."""

from .. import scoring
from ..models import Module, Option, Question, Questionnaire, QuestionType
from .layout import QuestionSpec


def build_questionnaire(
    specs: list[QuestionSpec],
    *,
    name: str,
    version: str = "",
    kind: str = Questionnaire.Kind.FURAG,
    description: str = "",
    builtin_code: str = "",
    source_file: str = "",
    user=None,
) -> Questionnaire:
    """Create the questionnaire and its rows in a handful of bulk inserts (inside the caller's
    transaction)."""
    questionnaire = Questionnaire(
        name=name[:200],
        version=version[:40],
        kind=kind,
        description=(description or "").strip(),
        builtin_code=builtin_code,
        source_file=source_file[:250],
        question_count=len(specs),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    questionnaire.full_clean()
    questionnaire.save()
    module_names: list[str] = []
    module_policies: dict[str, set] = {}
    for spec in specs:
        if spec.module not in module_policies:
            module_names.append(spec.module)
            module_policies[spec.module] = set()
        module_policies[spec.module].add(spec.policy.pk if spec.policy else None)
    policy_by_pk = {spec.policy.pk: spec.policy for spec in specs if spec.policy}
    modules = Module.objects.bulk_create(
        [
            Module(
                questionnaire=questionnaire,
                code=f"M{position:02d}",
                name=module_name,
                order=position,
                policy=policy_by_pk.get(next(iter(module_policies[module_name])))
                if len(module_policies[module_name]) == 1
                else None,
            )
            for position, module_name in enumerate(module_names, start=1)
        ]
    )
    module_by_name = {m.name: m for m in modules}
    dependents = {spec.condition_code.upper() for spec in specs if spec.condition_code}
    questions = Question.objects.bulk_create(
        [
            Question(
                questionnaire=questionnaire,
                module=module_by_name[spec.module],
                code=spec.code,
                text=spec.text,
                qtype=spec.qtype,
                order=position,
                evidence_required=spec.evidence_required,
                policy=spec.policy,
                applies_to=spec.applies_to,
                condition_options=spec.condition_options,
                has_dependents=spec.code.upper() in dependents,
                component=spec.component,
                category=spec.category,
                whole_number=spec.decimals == 0
                if spec.decimals is not None
                else spec.qtype in (QuestionType.NUMBER, QuestionType.MULTIPLE_NUMERIC)
                and scoring.looks_count(spec.text),
                columns=spec.columns,
                column_points=spec.column_points,
                minimum=spec.minimum,
                maximum=spec.maximum,
                decimals=spec.decimals,
                applicability=spec.applicability,
            )
            for position, spec in enumerate(specs, start=1)
        ]
    )
    by_code = {q.code.upper(): q for q in questions}
    conditioned = []
    for spec, question in zip(specs, questions, strict=True):
        if spec.condition_code:
            question.condition_question = by_code[spec.condition_code.upper()]
            conditioned.append(question)
    if conditioned:
        Question.objects.bulk_update(conditioned, ["condition_question"])
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                order=position,
                text=option.text,
                points=option.points,
                is_exclusive=option.is_exclusive,
                asks_free_text=option.asks_free_text,
                is_not_applicable=option.is_not_applicable,
            )
            for spec, question in zip(specs, questions, strict=True)
            for position, option in enumerate(spec.options, start=1)
        ],
        batch_size=2000,
    )
    return questionnaire
