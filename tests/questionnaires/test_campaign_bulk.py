"""Campaign creation with bulk inserts (issue 14 item 3): the same answers, aggregates and audit entries
as before, in a number of queries that does not grow with the sector's entities."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.measurement.questionnaires.models import Answer, Campaign, ScoreAggregate
from mipg.measurement.questionnaires.services import campaign_create, sector_campaign_create

from ..factories import make_entity

pytestmark = pytest.mark.django_db


def _shape(campaign):
    answers = list(
        Answer.objects.filter(campaign=campaign)
        .order_by("question_id")
        .values_list("question_id", "applicable", "status", "choices", "values", "text", "is_answered")
    )
    aggregates = list(
        ScoreAggregate.objects.filter(campaign=campaign)
        .order_by("key")
        .values_list("key", "kind", "label", "order", "applicable_count", "answered_count", "score_sum")
    )
    return answers, aggregates


def test_sector_campaign_rows_match_a_single_campaign_and_are_audited(world, furag):
    single = campaign_create(
        user=world.sector_planner,
        questionnaire=furag,
        entity=world.head,
        vigencia=2024,
        deadline=date(2024, 12, 1),
    )
    sector = sector_campaign_create(
        user=world.sector_planner,
        questionnaire=furag,
        sector=world.sector,
        vigencia=2025,
        deadline=date(2025, 12, 1),
    )
    head = Campaign.objects.get(sector_campaign=sector, entity=world.head)
    assert _shape(head) == _shape(single) and _shape(head)[0]
    assert all(a.updated_at is not None for a in Answer.objects.filter(campaign=head))
    for campaign in Campaign.objects.filter(sector_campaign=sector):
        entry = LogEntry.objects.get_for_object(campaign).get(action=LogEntry.Action.CREATE)
        assert entry.actor == world.sector_planner
    with pytest.raises(Exception, match="ya tiene una campaña"):
        sector_campaign_create(
            user=world.sector_planner,
            questionnaire=furag,
            sector=world.sector,
            vigencia=2025,
            deadline=date(2025, 12, 1),
        )
    assert Campaign.objects.filter(vigencia=2025).count() == 2


def test_sector_campaign_query_count_does_not_grow_with_entities(world, furag):
    counts = []
    for year, more in ((2024, 0), (2025, 0), (2026, 6)):  # the first warms the caches
        for n in range(more):
            make_entity(f"Entidad extra {n}", parent=world.head, sector=world.sector)
        with CaptureQueriesContext(connection) as ctx:
            sector_campaign_create(
                user=world.sector_planner,
                questionnaire=furag,
                sector=world.sector,
                vigencia=year,
                deadline=date(2030, 1, 1),
            )
        counts.append(len(ctx.captured_queries))
    assert Campaign.objects.filter(vigencia=2026).count() == 8
    assert counts[1] == counts[2] <= 20
