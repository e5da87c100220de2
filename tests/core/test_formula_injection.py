"""Issue 9, item 4: text that a spreadsheet would run as a formula comes out neutralised from every
export (xlsx through core/xlsx.build_workbook, CSV through core/exports.csv_lines)."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Left
from django.urls import reverse
from openpyxl import load_workbook

from mipg.core.exports import csv_lines, neutralise, unneutralise
from mipg.core.xlsx import build_workbook
from mipg.institutional.models import Committee
from mipg.measurement.questionnaires.models import Campaign, Questionnaire
from mipg.measurement.results.models import ImprovementPlan, Score
from mipg.operation.models import ActionPlan
from mipg.organizations.models import Entity, Sector

POISON = "=1+1|"
SKIP_FIELDS = {"code", "sigep_code", "acronym", "slug", "path", "username", "password", "email", "sha256"}
POISONED_APPS = (
    "organizations",
    "institutional",
    "operation",
    "questionnaires",
    "results",
    "catalog",
    "control",
)


def test_neutralise_follows_owasp_and_keeps_numbers():
    for text in ("=SUM(A1)", "+57 300", "-1+2", "@cmd", "\tTAB", "\rCR", "'=ya citado"):
        assert neutralise(text) == "'" + text
        assert unneutralise(neutralise(text)) == text
    for value in (-5, -1.5, Decimal("-3.2"), 0, "-12", "-3,5", "+4", "Hola", "", None, "'Comillas"):
        assert neutralise(value) == value


def test_the_one_xlsx_writer_keeps_numbers_as_numbers_and_formulas_as_text():
    data = build_workbook([("Hoja", ["=cabecera"], [['=HYPERLINK("x")', -7, "-1+2", 2.5, "@SUM(1)"]])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "'=cabecera"
    assert [c.value for c in sheet[2]] == ['\'=HYPERLINK("x")', -7, "'-1+2", 2.5, "'@SUM(1)"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_one_csv_writer_neutralises():
    lines = list(csv_lines(["a", "=b"], [["-1+2", -3, "ok"]]))
    assert lines[0] == "\ufeffa,'=b\r\n"
    assert lines[1] == "'-1+2,-3,ok\r\n"


# ---------------------------------------------------------------- every export route


def _poison():
    """Prefix every free-text field of the domain data (names, titles, descriptions...) with a formula."""
    for model in apps.get_models():
        if model._meta.app_label not in POISONED_APPS or model._meta.proxy:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and not isinstance(f, (models.URLField, models.EmailField, models.SlugField))
            and not f.choices
            and f.name not in SKIP_FIELDS
            and not f.name.endswith(("_code", "code"))
        ]
        if fields:
            # Cut to the column's length: PostgreSQL refuses a value longer than a varchar.
            model.objects.update(
                **{
                    name: Left(Concat(Value(POISON), F(name)), model._meta.get_field(name).max_length)
                    if isinstance(model._meta.get_field(name), models.CharField)
                    else Concat(Value(POISON), F(name))
                    for name in fields
                }
            )


def _routes():
    """(label, user, url) of every view that answers xlsx or CSV."""
    users = {u.username: u for u in get_user_model().objects.all()}
    head = Entity.objects.get(acronym="MDN-UGG")
    sector = Sector.objects.get(code="defensa")
    committee = Committee.objects.filter(entity=head).first()
    plan = ActionPlan.objects.filter(entity=head).first()
    improvement = ImprovementPlan.objects.filter(findings__actions__isnull=False).order_by("pk").first()
    questionnaire = Questionnaire.objects.first()
    campaign = Campaign.objects.filter(entity=head).first()
    sector_campaign = Campaign.objects.filter(sector_campaign__isnull=False).values_list(
        "sector_campaign", flat=True
    )
    vigencia = Score.objects.order_by("-vigencia").values_list("vigencia", flat=True).first()
    admin, ugg = users["admin"], users["ugg"]
    routes = [
        ("organizations:entity_list", admin, reverse("organizations:entity_list") + "?format=xlsx"),
        ("institutional:index", ugg, reverse("institutional:index") + "?format=xlsx"),
        ("institutional:session_list", ugg, reverse("institutional:session_list") + "?format=xlsx"),
        ("institutional:commitment_list", ugg, reverse("institutional:commitment_list") + "?format=xlsx"),
        ("institutional:compliance", ugg, reverse("institutional:compliance") + "?format=xlsx"),
        (
            "institutional:members_template",
            ugg,
            reverse("institutional:members_template", args=[committee.pk]),
        ),
        ("operation:leadership", ugg, reverse("operation:leadership") + "?format=xlsx"),
        ("operation:dashboard", ugg, reverse("operation:dashboard") + "?format=xlsx"),
        (
            "operation:sector_dashboard",
            users["sector"],
            reverse("operation:sector_dashboard") + "?format=xlsx",
        ),
        ("operation:instrument_list", ugg, reverse("operation:instrument_list") + "?format=xlsx"),
        ("operation:indicator_list", ugg, reverse("operation:indicator_list") + "?format=xlsx"),
        ("operation:plan_export", ugg, reverse("operation:plan_export", args=[plan.pk])),
        ("operation:plan_template", ugg, reverse("operation:plan_template")),
        ("operation:report_list", ugg, reverse("operation:report_list") + "?format=xlsx"),
        ("results:ranking", ugg, reverse("results:ranking") + f"?vigencia={vigencia}&export=xlsx"),
        ("results:recommendation_list", ugg, reverse("results:recommendation_list") + "?export=xlsx"),
        ("results:plan_list", ugg, reverse("results:plan_list") + "?export=xlsx"),
        (
            "results:plan_detail",
            admin,
            reverse("results:plan_detail", args=[improvement.pk]) + "?export=xlsx",
        ),
        ("questionnaires:index", admin, reverse("questionnaires:index") + "?format=xlsx"),
        ("questionnaires:index campaigns", ugg, reverse("questionnaires:index") + "?format=campaigns-xlsx"),
        (
            "questionnaires:questionnaire_export",
            admin,
            reverse("questionnaires:questionnaire_export", args=[questionnaire.pk]),
        ),
        (
            "questionnaires:campaign_questions",
            ugg,
            reverse("questionnaires:campaign_questions", args=[campaign.pk]) + "?format=xlsx",
        ),
        (
            "questionnaires:campaign_transcription",
            ugg,
            reverse("questionnaires:campaign_transcription", args=[campaign.pk]),
        ),
        ("dashboards:sector_xlsx", users["sector"], reverse("dashboards:sector_xlsx", args=[sector.pk])),
        ("api questionnaire-export-xlsx", admin, f"/api/v1/questionnaires/{questionnaire.pk}/export.xlsx"),
        ("api result-export csv", admin, f"/api/v1/results/export/?vigencia={vigencia}&fmt=csv"),
        ("control:risk_map_xlsx", ugg, reverse("control:risk_map_xlsx")),
        ("organizations:person_list", admin, reverse("organizations:person_list") + "?format=xlsx"),
        ("control:risk_map_template", ugg, reverse("control:risk_map_template")),
    ]
    if sector_campaign.first():
        routes.append(
            (
                "questionnaires:sector_campaign_detail",
                users["sector"],
                reverse("questionnaires:sector_campaign_detail", args=[sector_campaign.first()])
                + "?format=xlsx",
            )
        )
    return routes


# One per call site of xlsx_response, questionnaire_workbook or csv_lines in the views and the API.
EXPORT_ROUTES = 30

# Exports made only of our own constant text (headers, instructions): nothing of the data to poison.
CONSTANT_ONLY = {"operation:plan_template", "institutional:members_template", "control:risk_map_template"}


def _cells(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    workbook = load_workbook(io.BytesIO(body))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"live formula in {sheet.title}!{cell.coordinate}"
                cells.append(cell.value)
    return cells


LIVE = re.compile(r"[=+\-@\t\r]")


def test_every_export_route_neutralises_hostile_text(db, client, monkeypatch):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo")
    _poison()
    failures = []
    routes = _routes()
    assert len(routes) == EXPORT_ROUTES
    for label, user, url in routes:
        client.force_login(user)
        session = client.session
        session["mipg_entity_id"] = Entity.objects.get(acronym="MDN-UGG").pk
        session.save()
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{label}: HTTP {response.status_code}")
            continue
        cells = _cells(response)
        texts = [c for c in cells if isinstance(c, str)]
        live = [t for t in texts if LIVE.match(t) and neutralise(t) != t]
        if live:
            failures.append(f"{label}: live formula text {live[:3]}")
        if label not in CONSTANT_ONLY and not any(t.startswith("'" + POISON) for t in texts):
            failures.append(f"{label}: no hostile text came out (route not exercised)")
    assert not failures, "\n".join(failures)


def test_the_route_list_covers_every_view_that_writes_a_spreadsheet():
    """A new export must be added to `_routes` above: count the writers' call sites in the views."""
    source = Path(__file__).parents[2] / "src" / "mipg"
    calls = 0
    for path in source.rglob("*.py"):
        if path.parent.name == "core" or "management" in path.parts:
            continue
        text = path.read_text()
        calls += len(re.findall(r"(?<!def )\b(?:xlsx_response|questionnaire_workbook|csv_lines)\(", text))
    assert calls == EXPORT_ROUTES
