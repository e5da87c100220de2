"""Closed-loop load on answer saves through the real HTTP API (issue 14, item 2).

Starts a throwaway PostgreSQL (scripts/postgres.sh) and gunicorn on loopback, builds one entity with one
planning user, one API token and one campaign of a FURAG-sized questionnaire per client, then drives N
asyncio clients for `--seconds` (each sends one save, waits for the answer, sends the next: a closed loop,
so the load is bounded by N). Measures saves/s, latency percentiles and the CPU seconds spent by the
gunicorn workers (and by PostgreSQL) from /proc, and writes bench/figures/load-answers.json, which
bench/render_performance.py renders into docs/performance.md.

    .venv/bin/python bench/load_answers.py --clients 8 --seconds 60
    .venv/bin/python bench/load_answers.py --profile 200     # cProfile of saves through the test client

Without --database-url it starts and stops its own PostgreSQL server.
"""

import argparse
import asyncio
import io
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
FIGURE = ROOT / "bench" / "figures" / "load-answers.json"
TARGET_CPU_MS = 6.0  # issue 14: at most 6 ms of server CPU per save
TARGET_RATE = 300  # saves/s sustained ...
TARGET_P99_MS = 200  # ... with p99 at most 200 ms
CLOCK = os.sysconf("SC_CLK_TCK")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent closed-loop clients (entities)")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds before")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1, help="gunicorn workers")
    parser.add_argument("--questions", type=int, default=420)
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout (s)")
    parser.add_argument("--database-url", default="", help="use this database instead of starting one")
    parser.add_argument("--output", default=str(FIGURE))
    parser.add_argument("--profile", type=int, default=0, help="profile N saves in-process and exit")
    parser.add_argument(
        "--gunicorn-extra", default="", help="more gunicorn options, to compare settings (space-separated)"
    )
    return parser.parse_args(argv)


# ---------------------------------------------------------------- processes


def start_postgres() -> dict:
    script = 'source scripts/postgres.sh && start_postgres >&2 && echo "$PG_URL $PG_DIR $PG_BIN"'
    out = subprocess.run(["bash", "-c", script], cwd=ROOT, check=True, capture_output=True, text=True)
    url, pg_dir, pg_bin = out.stdout.split()
    return {"url": url, "dir": pg_dir, "bin": pg_bin}


def stop_postgres(pg: dict) -> None:
    run = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    pg_ctl = [f"{pg['bin']}/pg_ctl", "-D", f"{pg['dir']}/data", "-m", "immediate", "stop"]
    subprocess.run(run + pg_ctl, capture_output=True)
    subprocess.run(["rm", "-rf", pg["dir"]])


def postmaster_pid(pg: dict) -> int | None:
    try:
        return int(Path(pg["dir"], "data", "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, workers: int, extra: str = "") -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "mipg.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--backlog=2048",
        "--log-level=warning",
        "--preload",  # Django is set up once in the master: workers start warm
        *extra.split(),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def tree_cpu_seconds(root: int | None) -> float:
    """CPU seconds (user + system) of a process, of its children alive now and of those it has reaped."""
    if root is None:
        return 0.0
    total, pending, seen = 0.0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        fields = _stat(pid)
        if fields is None:
            continue
        # fields[11..14]: utime, stime, cutime, cstime (clock ticks)
        total += sum(int(v) for v in fields[11:15]) / CLOCK
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        pending.extend(int(c) for c in children)
    return total


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


# ---------------------------------------------------------------- data


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def build_world(clients: int, questions: int) -> list[dict]:
    """One entity, planning user, token and campaign per client; the saves each client will send."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load-catalog", verbosity=0)
    from mipg.accounts.services import token_create
    from mipg.measurement.questionnaires.models import Answer, Option, QuestionType
    from mipg.measurement.questionnaires.services import campaign_create, questionnaire_import
    from mipg.measurement.questionnaires.synthetic import furag_workbook
    from mipg.organizations.models import Entity
    from mipg.organizations.roles import Role
    from mipg.organizations.services import entity_save, role_grant

    user_model = get_user_model()
    admin = user_model.objects.create(username="load-admin", is_superuser=True, is_staff=True)
    buffer = io.BytesIO(furag_workbook(questions, 19))
    buffer.name = "furag-sintetico.xlsx"
    questionnaire = questionnaire_import(user=admin, file=buffer, name="FURAG sintético (carga)")
    options: dict[int, list[int]] = {}
    for option in Option.objects.filter(question__questionnaire=questionnaire).order_by("order"):
        if not (option.is_exclusive or option.asks_free_text or option.is_not_applicable):
            options.setdefault(option.question_id, []).append(option.pk)
    world = []
    for n in range(clients):
        entity = entity_save(user=None, entity=Entity(name=f"Entidad de carga {n}", sigep_code=f"L{n:04d}"))
        planner = user_model.objects.create(username=f"load-planner-{n}")
        role_grant(user=admin, grantee=planner, entity=entity, role=Role.PLANNING)
        _token, key = token_create(user=planner, name="carga")
        campaign = campaign_create(
            user=planner,
            questionnaire=questionnaire,
            entity=entity,
            vigencia=2025,
            deadline=date(2025, 12, 1),
        )
        saves = []
        # Questions without a condition stay applicable whatever the other saves answer.
        rows = Answer.objects.filter(
            campaign=campaign, question__condition_question__isnull=True
        ).values_list("pk", "question_id", "question__qtype")
        for pk, question_id, qtype in rows:
            if qtype == QuestionType.SINGLE and options.get(question_id):
                saves += [(pk, {"choices": [o]}) for o in options[question_id]]
            elif qtype == QuestionType.NUMBER:
                saves += [(pk, {"number": v}) for v in (0, 3, 12)]
        world.append({"token": key, "saves": saves})
    return world


# ---------------------------------------------------------------- load


async def post(port: int, path: str, token: str, body: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
            f"Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        writer.write(head.encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the body, until gunicorn closes the connection
        return int(status_line.split()[1])
    finally:
        writer.close()


async def client(port, world_item, clock, results, timeout, seed) -> None:
    rng = random.Random(seed)
    saves = world_item["saves"]
    while not clock["stop"]:
        pk, payload = saves[rng.randrange(len(saves))]
        body = json.dumps(payload).encode()
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(
                post(port, f"/api/v1/answers/{pk}/answer/", world_item["token"], body), timeout
            )
        except (TimeoutError, OSError):
            status = 0
        if clock["measuring"]:
            results.append((status, time.perf_counter() - started))


async def warm(port, world, workers) -> None:
    """A few saves one after another, so every worker has its caches and connection before the load."""
    for n in range(4 * workers):
        item = world[n % len(world)]
        pk, payload = item["saves"][n % len(item["saves"])]
        await post(port, f"/api/v1/answers/{pk}/answer/", item["token"], json.dumps(payload).encode())


async def drive(port, world, args, cpu_probe) -> dict:
    await warm(port, world, args.workers)
    clock = {"stop": False, "measuring": False}
    results: list[tuple[int, float]] = []
    tasks = [
        asyncio.create_task(client(port, item, clock, results, args.timeout, n))
        for n, item in enumerate(world)
    ]
    await asyncio.sleep(args.warmup)
    cpu_before = cpu_probe()
    client_before = time.process_time()  # this process only drives the clients while measuring
    clock["measuring"] = True
    started = time.perf_counter()
    await asyncio.sleep(args.seconds)
    clock["measuring"] = False
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    cpu_after = cpu_probe()
    clock["stop"] = True
    await asyncio.gather(*tasks)
    return {
        "results": results,
        "elapsed": elapsed,
        "cpu": [b - a for a, b in zip(cpu_before, cpu_after, strict=True)],
        "client_cpu": client_cpu,
    }


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def summarize(run: dict, args, load_before: float, load_after: float) -> dict:
    ok = sorted(seconds for status, seconds in run["results"] if status == 200)
    errors: dict[str, int] = {}
    for status, _seconds in run["results"]:
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
    app_cpu, db_cpu = run["cpu"]
    saves = len(ok)
    rate = saves / run["elapsed"]
    p99_ms = 1000 * percentile(ok, 0.99)
    app_ms = 1000 * app_cpu / saves if saves else 0.0
    return {
        "measured_on": time.strftime("%d/%m/%Y %H:%M UTC", time.gmtime()),
        "database": "postgresql",
        "clients": args.clients,
        "workers": args.workers,
        "seconds": round(run["elapsed"], 1),
        "saves": saves,
        "errors": errors,
        "saves_per_second": round(rate, 1),
        "p50_ms": round(1000 * percentile(ok, 0.50), 1),
        "p95_ms": round(1000 * percentile(ok, 0.95), 1),
        "p99_ms": round(p99_ms, 1),
        "app_cpu_seconds": round(app_cpu, 2),
        "db_cpu_seconds": round(db_cpu, 2),
        "app_cpu_ms_per_save": round(app_ms, 2),
        "db_cpu_ms_per_save": round(1000 * db_cpu / saves, 2) if saves else 0.0,
        "saves_per_app_cpu_second": round(saves / app_cpu, 1) if app_cpu else 0.0,
        "saves_per_server_cpu_second": round(saves / (app_cpu + db_cpu), 1) if app_cpu + db_cpu else 0.0,
        "client_cpu_ms_per_save": round(1000 * run["client_cpu"] / saves, 2) if saves else 0.0,
        "target_cpu_ms_per_save": TARGET_CPU_MS,
        "target_saves_per_second": TARGET_RATE,
        "target_p99_ms": TARGET_P99_MS,
        "cpu_count": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
    }


# ---------------------------------------------------------------- profile


def answer_campaign(answer_id: int) -> int:
    from mipg.measurement.questionnaires.models import Answer

    return Answer.objects.values_list("campaign_id", flat=True).get(pk=answer_id)


def profile(count: int) -> None:
    """cProfile (CPU time) of `count` saves through the Django test client: every middleware, DRF, the
    service, the audit. Prints each part's share of the request's CPU and the queries of one save."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client

    item = build_world(1, 420)[0]
    django_client = Client(HTTP_AUTHORIZATION=f"Token {item['token']}")
    rng = random.Random(1)

    def one():
        pk, payload = item["saves"][rng.randrange(len(item["saves"]))]
        response = django_client.post(
            f"/api/v1/answers/{pk}/answer/", payload, content_type="application/json"
        )
        assert response.status_code == 200, response.content

    for _ in range(20):
        one()  # warm caches (content types, translations, URL resolver)
    campaign_id = answer_campaign(item["saves"][0][0])
    listing = []
    for _ in range(6):
        started = time.perf_counter()
        response = django_client.get(f"/api/v1/answers/?campaign={campaign_id}&page_size=1000")
        listing.append(time.perf_counter() - started)
        assert response.status_code == 200
    rows = response.json()["count"]
    print(
        f"Listar la campaña por la API ({rows} respuestas en una página): mediana {median(listing[1:]):.3f} s"
    )
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        one()
    started = time.process_time()
    for _ in range(count):
        one()
    plain_ms = 1000 * (time.process_time() - started) / count
    print(f"{count} guardados: {plain_ms:.2f} ms de CPU por guardado (sin perfilador, cliente de pruebas)")
    profiler = cProfile.Profile(time.process_time)
    started = time.process_time()
    profiler.enable()
    for _ in range(count):
        one()
    profiler.disable()
    cpu_ms = 1000 * (time.process_time() - started) / count
    stats = pstats.Stats(profiler).stats

    def cumulative(fragment: str, name: str) -> float:
        rows = [row[3] for key, row in stats.items() if key[2] == name and fragment in key[0]]
        return max(rows, default=0.0)

    total = cumulative("django/test/client.py", "request")
    print(f"{count} guardados: {cpu_ms:.1f} ms de CPU por guardado (con cProfile); {len(queries)} consultas:")
    for sql in queries:
        print("    " + sql[:150])
    for label, fragment, name in PROFILE_PARTS:
        print(f"{label:<58} {100 * cumulative(fragment, name) / total:5.1f} %")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"mipg|auditlog|knox|rest_framework", 45)


PROFILE_PARTS = [
    ("vista de DRF completa (dispatch)", "rest_framework/views.py", "dispatch"),
    ("autenticación por token (knox)", "knox/auth.py", "authenticate"),
    ("permisos y roles (roles_over)", "organizations/roles.py", "roles_over"),
    ("leer la respuesta (get_object)", "rest_framework/generics.py", "get_object"),
    ("leer la respuesta (fetch estrecho)", "questionnaires/selectors.py", "answer_for_save"),
    ("validar la entrada (AnswerInputSerializer)", "rest_framework/serializers.py", "is_valid"),
    ("servicio answer_save", "questionnaires/services/answers.py", "answer_save"),
    ("  full_clean", "django/db/models/base.py", "full_clean"),
    ("  bitácora de auditlog (log_update)", "auditlog/receivers.py", "log_update"),
    ("  evento de dominio (record_event)", "core/audit.py", "record_event"),
    ("  deltas de la estimación (_apply_delta)", "questionnaires/services/answers.py", "_apply_delta"),
    ("refresh_from_db", "django/db/models/base.py", "refresh_from_db"),
    ("respuesta: serializar (.data)", "rest_framework/serializers.py", "data"),
    ("respuesta: render JSON", "rest_framework/response.py", "rendered_content"),
    ("SQL: ejecutar (CPU del cliente)", "django/db/backends/utils.py", "_execute"),
]


def main(argv=None) -> int:
    args = parse_args(argv)
    env = dict(os.environ)
    env.setdefault("MIPG_SECRET_KEY", "load-secret-key-not-for-production-0123456789abcdef")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "mipg.settings",
            "MIPG_SECURE_SSL_REDIRECT": "0",
            "MIPG_SECURE_COOKIES": "0",
            "MIPG_MANIFEST_STATIC": "0",
            "MIPG_DATA_DIR": tempfile.mkdtemp(prefix="mipg-load-"),
        }
    )
    pg = None if args.database_url else start_postgres()
    gunicorn = None
    try:
        url = args.database_url or pg["url"]
        # Persistent connections: each sync worker keeps its PostgreSQL connection between requests.
        env["DATABASE_URL"] = url + ("&" if "?" in url else "?") + "conn_max_age=600"
        django_setup(env)
        if args.profile:
            profile(args.profile)
            return 0
        world = build_world(args.clients, args.questions)
        from django.db import connections

        connections.close_all()
        gunicorn, port = start_gunicorn(env, args.workers, args.gunicorn_extra)
        pg_pid = postmaster_pid(pg) if pg else None

        def cpu_probe():
            return tree_cpu_seconds(gunicorn.pid), tree_cpu_seconds(pg_pid)

        load_before = loadavg()
        run = asyncio.run(drive(port, world, args, cpu_probe))
        figures = summarize(run, args, load_before, loadavg())
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        if pg is not None:
            stop_postgres(pg)
    Path(args.output).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
