"""Benchmark of questionnaires and campaigns at the size of a real FURAG (about 420 questions in 19
modules): workbook import, campaign creation for one entity and for a 20-entity sector, saving an answer
through the service (median and 95th percentile), and listing the whole campaign through the API and the
page. Issue 14 item 3 sets the targets: listing a 418-question campaign ≤ 0.15 s, one entity's campaign
≤ 0.1 s, a 20-entity sector campaign ≤ 1 s. The figures go to bench/figures/questionnaires-<database>.json,
from which bench/render_performance.py regenerates their table in docs/performance.md.

Run: MIPG_SECRET_KEY=x MIPG_DATA_DIR=$(mktemp -d) .venv/bin/python bench/bench_questionnaires.py
"""

import datetime
import io
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")
os.environ.setdefault("MIPG_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MIPG_MANIFEST_STATIC", "0")  # pages render without collectstatic

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

QUESTIONS, MODULES, SECTOR_SIZE, SAVES = 420, 19, 20, 200
SINGLE_CAMPAIGNS, SECTOR_CAMPAIGNS, LISTINGS = 5, 3, 7
FIGURES = Path(__file__).resolve().parent / "figures"
# Issue 14 item 3 (seconds).
TARGET_LIST, TARGET_CREATE, TARGET_SECTOR = 0.15, 0.10, 1.0


def main() -> None:
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    call_command("migrate", verbosity=0)
    call_command("load-catalog", verbosity=0)

    from mipg.measurement.questionnaires.models import Answer, QuestionType
    from mipg.measurement.questionnaires.services import (
        answer_save,
        campaign_create,
        questionnaire_import,
        sector_campaign_create,
    )
    from mipg.measurement.questionnaires.synthetic import furag_workbook
    from mipg.organizations.models import Entity, Sector
    from mipg.organizations.roles import Role
    from mipg.organizations.services import entity_save, role_grant

    User = get_user_model()
    admin, _created = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    admin.is_superuser = admin.is_staff = True
    admin.save()
    suffix = str(int(time.time()))[-6:]
    sector = Sector.objects.create(code=f"bench-{suffix}", name=f"Sector de prueba {suffix}")
    head = entity_save(
        user=None, entity=Entity(name="Cabeza de sector", sigep_code=f"B{suffix}00", sector=sector)
    )
    for n in range(1, SECTOR_SIZE):
        entity_save(
            user=None,
            entity=Entity(name=f"Entidad {n}", sigep_code=f"B{suffix}{n:02d}", sector=sector, parent=head),
        )
    singles = [
        entity_save(user=None, entity=Entity(name=f"Entidad sola {n}", sigep_code=f"S{suffix}{n}"))
        for n in range(SINGLE_CAMPAIGNS)
    ]
    planner, _created = User.objects.get_or_create(username=f"bench-planner-{suffix}")
    role_grant(user=admin, grantee=planner, entity=head, role=Role.PLANNING, include_subtree=True)
    for single in singles:
        role_grant(user=admin, grantee=planner, entity=single, role=Role.PLANNING)
    load_before = os.getloadavg()[0]

    results = []
    workbook = furag_workbook(QUESTIONS, MODULES)
    buffer = io.BytesIO(workbook)
    buffer.name = "furag-sintetico.xlsx"
    started = time.perf_counter()
    questionnaire = questionnaire_import(user=admin, file=buffer, name=f"FURAG sintético {suffix}")
    results.append(
        (
            f"Importar el libro ({questionnaire.question_count} preguntas, {MODULES} módulos)",
            time.perf_counter() - started,
        )
    )

    create_times, campaigns = [], []
    for single in singles:
        started = time.perf_counter()
        campaigns.append(
            campaign_create(
                user=planner,
                questionnaire=questionnaire,
                entity=single,
                vigencia=2025,
                deadline=date(2025, 12, 1),
            )
        )
        create_times.append(time.perf_counter() - started)
    campaign = campaigns[0]
    results.append(
        (f"Crear la campaña de una entidad (mediana de {SINGLE_CAMPAIGNS})", statistics.median(create_times))
    )

    sector_times = []
    for vigencia in range(2025, 2025 + SECTOR_CAMPAIGNS):
        started = time.perf_counter()
        sector_campaign_create(
            user=planner,
            questionnaire=questionnaire,
            sector=sector,
            vigencia=vigencia,
            deadline=date(vigencia, 12, 1),
        )
        sector_times.append(time.perf_counter() - started)
    results.append(
        (
            f"Crear la campaña sectorial ({SECTOR_SIZE} entidades, mediana de {SECTOR_CAMPAIGNS})",
            statistics.median(sector_times),
        )
    )

    answers = list(
        Answer.objects.filter(campaign=campaign, applicable=True)
        .select_related(
            "campaign__entity",
            "campaign__questionnaire",
            "question__module__policy",
            "question__policy",
            "question__condition_question",
            "assigned_person",
            "assigned_dependencia",
        )
        .order_by("question__order")
    )
    timings, queries = [], []
    for index in range(SAVES):
        answer = answers[index % len(answers)]
        qtype = answer.question.qtype
        options = list(answer.question.options.all())
        kwargs = {}
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            kwargs["choices"] = [options[index % 2].pk]
        elif qtype == QuestionType.MULTIPLE_NUMERIC:
            kwargs["values"] = {o.pk: str(index % 5) for o in options}
        elif qtype == QuestionType.MATRIX:
            keys = [c.key for c in answer.question.matrix_columns()]
            kwargs["values"] = {o.pk: keys[(index + o.order) % len(keys)] for o in options}
        elif qtype in (QuestionType.NUMBER, QuestionType.SCALE):
            kwargs["number"] = str(index % 100)
        else:
            kwargs["text"] = f"Respuesta {index}"
        answer.question._prefetched_objects_cache = {}
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            answer_save(user=planner, answer=answer, **kwargs)
            timings.append(time.perf_counter() - started)
        queries.append(len(ctx.captured_queries))
    timings.sort()
    results.append((f"Guardar una respuesta: mediana ({SAVES} guardados)", statistics.median(timings)))
    results.append(("Guardar una respuesta: percentil 95", timings[int(0.95 * len(timings)) - 1]))

    client = Client()
    client.force_login(planner)
    # The API list of the campaign's answers in one page (what an integration or the SPA reads), and the
    # cheapest API request as the floor measured in the same run.
    api_url = f"/api/v1/answers/?campaign={campaign.pk}&page_size=1000"
    client.get(api_url)
    api_times = []
    for _ in range(LISTINGS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(api_url)
            api_times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    api_queries, api_rows = len(ctx.captured_queries), response.json()["count"]
    floor_times = []
    for _ in range(LISTINGS):
        started = time.perf_counter()
        assert client.get("/api/v1/").status_code == 200
        floor_times.append(time.perf_counter() - started)
    url = f"/medicion/cuestionarios/campanas/{campaign.pk}/preguntas/?page_size=1000"
    client.get(url)  # warm the template cache
    list_times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            list_times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    list_queries = len(ctx.captured_queries)
    listed = Answer.objects.filter(campaign=campaign).count()
    results.append(
        (
            f"Listar la campaña completa ({listed} preguntas, mediana de 5)",
            statistics.median(list_times),
        )
    )

    default_url = f"/medicion/cuestionarios/campanas/{campaign.pk}/preguntas/"
    page_times = []
    for _ in range(5):
        started = time.perf_counter()
        assert client.get(default_url).status_code == 200
        page_times.append(time.perf_counter() - started)
    results.append(
        (
            "Listar la primera página de la campaña (100 preguntas, mediana de 5)",
            statistics.median(page_times),
        )
    )

    engine = connection.vendor
    write_figures(
        engine,
        load_before,
        [
            measure(
                f"Listar la campaña por la API ({api_rows} respuestas en una página, mediana de "
                f"{LISTINGS}) (s)",
                statistics.median(api_times),
                TARGET_LIST,
                queries=api_queries,
                floor=statistics.median(floor_times),
            ),
            measure(
                f"Crear la campaña de una entidad ({campaign.answers.count()} respuestas, mediana de "
                f"{SINGLE_CAMPAIGNS}) (s)",
                statistics.median(create_times),
                TARGET_CREATE,
            ),
            measure(
                f"Crear la campaña sectorial ({SECTOR_SIZE} entidades, mediana de {SECTOR_CAMPAIGNS}) (s)",
                statistics.median(sector_times),
                TARGET_SECTOR,
            ),
            *(measure(f"{label} (s)", seconds) for label, seconds in results if "Crear" not in label),
        ],
        save_queries=(min(queries), max(queries)),
        list_queries=list_queries,
    )
    print(f"\nCuestionarios y campañas — base de datos: {engine}")
    print(f"{'Medición':<72} {'segundos':>10}")
    print("-" * 83)
    for label, seconds in results:
        print(f"{label:<72} {seconds:>10.4f}")
    print("-" * 83)
    print(f"Consultas SQL por guardado: mín {min(queries)}, máx {max(queries)}; al listar: {list_queries}")


def measure(label: str, seconds: float, target: float | None = None, **extra) -> dict:
    return {"label": label, "value": round(seconds, 4), "target": target, **extra}


def write_figures(engine: str, load_before: float, measures: list[dict], **extra) -> None:
    figures = {
        "database": engine,
        "measured_on": datetime.datetime.now(datetime.UTC).strftime("%d/%m/%Y %H:%M UTC"),
        "questions": QUESTIONS,
        "load_before": round(load_before, 1),
        "load_after": round(os.getloadavg()[0], 1),
        "measures": measures,
        **extra,
    }
    FIGURES.mkdir(exist_ok=True)
    path = FIGURES / f"questionnaires-{engine}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
