"""Thin views: check permission, call a selector or a service, render.

The views are split by concept: `banks` (the index, questionnaires, their import and export),
`campaigns` (campaigns and sector campaigns) and `answers` (the answer page); `common` holds the
helpers they share. Every view is re-exported here, so urls.py keeps writing `views.campaign_detail`."""

from .answers import answer_detail
from .banks import index, questionnaire_detail, questionnaire_export, questionnaire_import
from .campaigns import (
    campaign_assign,
    campaign_compare,
    campaign_create,
    campaign_detail,
    campaign_questions,
    campaign_transcription,
    sector_campaign_create,
    sector_campaign_detail,
)

__all__ = [
    "answer_detail",
    "campaign_assign",
    "campaign_compare",
    "campaign_create",
    "campaign_detail",
    "campaign_questions",
    "campaign_transcription",
    "index",
    "questionnaire_detail",
    "questionnaire_export",
    "questionnaire_import",
    "sector_campaign_create",
    "sector_campaign_detail",
]
