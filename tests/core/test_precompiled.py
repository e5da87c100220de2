"""Hot read queries compiled to SQL once per process (mipg.core.precompiled; issue 14 item 2): the same
rows and related objects as the ORM, the values swapped in without compiling again, the row lock only
inside a transaction, and the answer-save read still refusing another entity's answer."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models.sql import compiler as sql_compiler
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from mipg.core.precompiled import PrecompiledQuery
from mipg.measurement.questionnaires.models import Answer
from mipg.measurement.questionnaires.selectors import answer_for_save
from mipg.measurement.questionnaires.services import campaign_create, questionnaire_import
from mipg.measurement.questionnaires.synthetic import furag_workbook
from mipg.organizations.models import Entity, RoleAssignment

from ..questionnaires.conftest import as_file

pytestmark = pytest.mark.django_db

RELATED = ("campaign__entity", "question__module__policy", "question__policy")


@pytest.fixture
def campaign(world):
    questionnaire = questionnaire_import(user=world.admin, file=as_file(furag_workbook(12, 2)), name="P")
    return campaign_create(
        user=world.head_planner,
        questionnaire=questionnaire,
        entity=world.head,
        vigencia=2025,
        deadline=date(2030, 1, 1),
    )


def _compilations(monkeypatch) -> list:
    calls = []
    original = sql_compiler.SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        calls.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(sql_compiler.SQLCompiler, "as_sql", counting)
    return calls


def test_same_instances_and_related_objects_as_the_orm_compiled_once(campaign, monkeypatch):
    query = PrecompiledQuery(lambda pk: Answer.objects.filter(pk=pk).select_related(*RELATED))
    first, second = Answer.objects.filter(campaign=campaign).order_by("pk")[:2]
    calls = _compilations(monkeypatch)
    for answer in (first, second, first):
        with CaptureQueriesContext(connection) as ctx:
            (fetched,) = query.fetch(answer.pk)
            expected = Answer.objects.select_related(*RELATED).get(pk=answer.pk)
            entity_name = fetched.campaign.entity.name  # loaded by the same query: no extra one
            module_policy = fetched.question.module.policy_id
        assert len(ctx.captured_queries) == 2  # the precompiled read and the ORM's, nothing lazy
        assert fetched.pk == answer.pk and type(fetched) is Answer
        for field in Answer._meta.concrete_fields:
            assert getattr(fetched, field.attname) == getattr(expected, field.attname), field.name
        assert entity_name == expected.campaign.entity.name
        assert module_policy == expected.question.module.policy_id
    # One compilation of the precompiled query (the first fetch), one per ORM .get().
    assert calls.count(Answer) == 1 + 3
    assert query.fetch(-1) == []


def test_text_values(world):
    query = PrecompiledQuery(lambda code: Entity.objects.filter(sigep_code=code).order_by("pk"))
    assert [e.pk for e in query.fetch(world.head.sigep_code)] == [world.head.pk]
    assert [e.name for e in query.fetch(world.child.sigep_code)] == [world.child.name]
    assert query.fetch("no-existe") == []


def test_two_values(world):
    query = PrecompiledQuery(
        lambda user, role: RoleAssignment.objects.filter(user_id=user, role=role).select_related("entity"),
        arity=2,
    )
    expected = list(RoleAssignment.objects.filter(user=world.head_planner, role="planeacion"))
    assert [a.pk for a in query.fetch(world.head_planner.pk, "planeacion")] == [a.pk for a in expected]
    assert query.fetch(world.head_planner.pk, "control_interno") == []


def test_a_locking_read_refuses_to_run_outside_a_transaction(campaign):
    answer = Answer.objects.filter(campaign=campaign).first()
    query = PrecompiledQuery(lambda pk: Answer.objects.filter(pk=pk).select_for_update(), lock=True)
    # The test runs inside a transaction: look as a request without one would.
    inside = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(transaction.TransactionManagementError):
            query.fetch(answer.pk)
    finally:
        connection.in_atomic_block = inside
    with transaction.atomic():
        assert [a.pk for a in query.fetch(answer.pk)] == [answer.pk]


def test_answer_for_save_gate_matches_the_entity_gate(world, campaign):
    answer = Answer.objects.filter(campaign=campaign).first()
    for user in (world.head_planner, world.reader, world.admin):
        assert answer_for_save(user, answer.pk).pk == answer.pk
    for user in (world.outsider, world.child_planner):
        assert not Entity.objects.visible_to(user).filter(pk=world.head.pk).exists()
        with pytest.raises(Http404):
            answer_for_save(user, answer.pk)
    for bad in ("abc", None, -5, 0, 2**70):
        with pytest.raises(Http404):
            answer_for_save(world.head_planner, bad)
