"""Regenerate the figures of docs/performance.md: answer saves under load (bench/figures/load-answers.json),
questionnaires and campaigns (questionnaires-<database>.json) and the dashboards (results-<database>.json,
written by bench/bench_results.py): every page with its target (issue 14.1: p95 ≤ 150 ms on PostgreSQL,
≤ 300 ms on SQLite), the floor it is compared with (the same client's p95 for the dashboard index, a page
that costs the session, the middleware and the base template and almost no data) and both ratios. Only
the text between the two markers changes; nothing in it is typed by hand.

    .venv/bin/python bench/render_performance.py
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "bench" / "figures"
DOC = ROOT / "docs" / "performance.md"
START = "<!-- bench:results:start (generado por bench/render_performance.py: no editar a mano) -->"
END = "<!-- bench:results:end -->"
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def number(value, decimals: int = 0) -> str:
    """es-CO: thousands with a dot, decimals with a comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def section(figures: dict) -> list[str]:
    name = NAMES.get(figures["database"], figures["database"])
    floor = next((p for p in figures["pages"] if "piso" in p["label"]), None)
    lines = [
        f"### {name}",
        "",
        f"{number(figures['entities'])} entidades × {figures['vigencias']} vigencias × {figures['codes']} "
        f"códigos; {figures['requests']} peticiones por página tras una de calentamiento; medido el "
        f"{figures['measured_on']} (carga de la máquina: {number(figures['load_before'], 1)} antes, "
        f"{number(figures.get('load_after', 0), 1)} después). Importar el libro de una vigencia: "
        f"{number(figures['import_seconds'], 1)} s; precalcular las estadísticas de grupo par de una "
        f"vigencia: {number(figures['peer_stats_seconds'], 2)} s.",
        "",
        "| página | consultas | mediana ms | p95 ms | objetivo p95 ms | p95 / objetivo | piso p95 ms "
        "| p95 / piso |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in figures["pages"]:
        target, p95 = page.get("target_ms"), page["p95_ms"]
        ratio = "—"
        if target:
            ratio = f"{number(p95 / target, 2)} {'✔' if p95 <= target else '✘'}"
        floor_ms = floor["p95_ms"] if floor else None
        cells = [
            page["label"],
            str(page["queries"]),
            number(page["median_ms"]),
            number(p95),
            number(target) if target else "—",
            ratio,
            number(floor_ms) if floor_ms else "—",
            number(p95 / floor_ms, 1) if floor_ms else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _seconds_or_ms(label: str, value) -> str:
    """Milliseconds without decimals, seconds with two (the unit is in the row's label)."""
    return number(value) if label.endswith("(ms)") else number(value, 2)


def throughput_section(figures: dict) -> list[str]:
    """Issue 14 items 1 and 4: import, CSV export and sector PDF, each with its target, the floor measured
    in the same run (bench_results.add_measure) and the ratios."""
    rows = figures.get("throughput") or []
    if not rows:
        return []
    name = NAMES.get(figures["database"], figures["database"])
    lines = [
        f"#### {name}: importación, exportación e informe PDF",
        "",
        "| medida | valor | objetivo | valor / objetivo | piso (medido en la misma corrida) | valor piso "
        "| valor / piso | objetivo valor / piso |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        value, target, floor = row["value"], row.get("target"), row.get("floor")
        floor_target = row.get("floor_target")
        ratio_target = "—"
        if target:
            ratio_target = f"{number(value / target, 2)} {'✔' if value <= target else '✘'}"
        ratio_floor = number(value / floor, 2) if floor else "—"
        if floor and floor_target:
            ratio_floor += " ✔" if value / floor <= floor_target else " ✘"
        cells = [
            row["label"],
            _seconds_or_ms(row["label"], value),
            _seconds_or_ms(row["label"], target) if target else "—",
            ratio_target,
            row.get("floor_label") or "—",
            _seconds_or_ms(row["label"], floor) if floor else "—",
            ratio_floor,
            number(floor_target) if floor_target else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def render() -> str:
    files = sorted(FIGURES.glob("results-*.json"), key=lambda p: p.name != "results-sqlite.json")
    lines = [START, ""]
    if not files:
        lines += ["Sin cifras: ejecute `make bench`.", ""]
    for path in files:
        figures = json.loads(path.read_text(encoding="utf-8"))
        lines += section(figures)
        lines += throughput_section(figures)
    lines.append(END)
    return "\n".join(lines)


# --- answer saves under load (issue 14 item 2): bench/load_answers.py -> bench/figures/load-answers.json ---
SAVES_START = "<!-- bench:saves:start (generado por bench/render_performance.py: no editar a mano) -->"
SAVES_END = "<!-- bench:saves:end -->"


def render_saves() -> str:
    path = FIGURES / "load-answers.json"
    lines = [SAVES_START, ""]
    if not path.exists():
        return "\n".join([*lines, "Sin cifras: ejecute `make bench`.", "", SAVES_END])
    f = json.loads(path.read_text(encoding="utf-8"))
    floor_ms = 1000 / f["target_saves_per_second"] * f["cpu_count"]  # CPU a save may cost at that rate
    rows = [
        (
            "CPU de la aplicación por guardado (ms)",
            f["app_cpu_ms_per_save"],
            f["target_cpu_ms_per_save"],
            True,
        ),
        (
            "guardados por segundo de CPU de la aplicación",
            f["saves_per_app_cpu_second"],
            1000 / f["target_cpu_ms_per_save"],
            False,
        ),
        ("guardados por segundo", f["saves_per_second"], f["target_saves_per_second"], False),
        ("p99 (ms)", f["p99_ms"], f["target_p99_ms"], True),
    ]
    lines += [
        f"{f['clients']} clientes en lazo cerrado, {f['workers']} procesos de gunicorn y PostgreSQL en la "
        f"misma máquina ({f['cpu_count']} núcleos), {number(f['seconds'])} s medidos el {f['measured_on']}; "
        f"carga de la máquina {number(f['load_before'], 1)} antes y {number(f['load_after'], 1)} después. "
        f"{number(f['saves'])} guardados, errores: {f['errors'] or 'ninguno'}. "
        f"Mediana {number(f['p50_ms'])} ms, "
        f"p95 {number(f['p95_ms'])} ms. PostgreSQL gastó {number(f['db_cpu_ms_per_save'], 2)} ms de CPU por "
        f"guardado; aplicación y base juntas: {number(f['saves_per_server_cpu_second'], 1)} guardados por "
        "segundo de CPU."
        + (
            f" El cliente de carga gastó {number(f['client_cpu_ms_per_save'], 2)} ms de CPU por guardado."
            if "client_cpu_ms_per_save" in f
            else ""
        ),
        "",
        "| medida | valor | objetivo | valor / objetivo |",
        "|---|---:|---:|---:|",
    ]
    for label, value, target, lower_is_better in rows:
        met = value <= target if lower_is_better else value >= target
        lines.append(
            f"| {label} | {number(value, 2)} | {number(target, 1)} | "
            f"{number(value / target, 2) if target else '—'} {'✔' if met else '✘'} |"
        )
    lines += [
        "",
        f"Piso: a {f['target_saves_per_second']} guardados/s en {f['cpu_count']} núcleos cada guardado "
        f"dispone de {number(floor_ms, 1)} ms de CPU en total (aplicación + PostgreSQL + cliente de carga).",
        "",
        SAVES_END,
    ]
    return "\n".join(lines)


# --- questionnaires and campaigns (issue 14 item 3): bench/bench_questionnaires.py ---
CAMPAIGNS_START = (
    "<!-- bench:campaigns:start (generado por bench/render_performance.py: no editar a mano) -->"
)
CAMPAIGNS_END = "<!-- bench:campaigns:end -->"


def render_campaigns() -> str:
    files = sorted(
        FIGURES.glob("questionnaires-*.json"), key=lambda p: p.name != "questionnaires-sqlite.json"
    )
    lines = [CAMPAIGNS_START, ""]
    if not files:
        lines += ["Sin cifras: ejecute `make bench`.", ""]
    for path in files:
        f = json.loads(path.read_text(encoding="utf-8"))
        name = NAMES.get(f["database"], f["database"])
        low, high = f["save_queries"]
        lines += [
            f"#### {name}",
            "",
            f"Medido el {f['measured_on']} (carga de la máquina: {number(f['load_before'], 1)} antes, "
            f"{number(f['load_after'], 1)} después). Consultas SQL por guardado con el servicio: entre "
            f"{low} y {high}; listar la campaña por la página: {f['list_queries']}.",
            "",
            "| medida | valor (s) | objetivo (s) | valor / objetivo | consultas | piso: raíz de la API (s) "
            "| valor / piso |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in f["measures"]:
            value, target, floor = row["value"], row.get("target"), row.get("floor")
            ratio = f"{number(value / target, 2)} {'✔' if value <= target else '✘'}" if target else "—"
            cells = [
                row["label"].removesuffix(" (s)"),
                number(value, 3),
                number(target, 2) if target else "—",
                ratio,
                str(row["queries"]) if row.get("queries") is not None else "—",
                number(floor, 4) if floor else "—",
                number(value / floor, 1) if floor else "—",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines.append(CAMPAIGNS_END)
    return "\n".join(lines)


def replace_block(text: str, start: str, end: str, block: str, heading: str) -> str:
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        return before + block + after
    return text.rstrip("\n") + f"\n\n{heading}\n\n" + block + "\n"


def main() -> int:
    text = DOC.read_text(encoding="utf-8")
    text = replace_block(
        text, START, END, render(), "## Tableros: objetivos de la escala nacional (generado)"
    )
    text = replace_block(
        text, SAVES_START, SAVES_END, render_saves(), "### Guardar una respuesta bajo carga (generado)"
    )
    text = replace_block(
        text,
        CAMPAIGNS_START,
        CAMPAIGNS_END,
        render_campaigns(),
        "### Cuestionarios y campañas: objetivos (generado)",
    )
    DOC.write_text(text, encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)}: {len(list(FIGURES.glob('results-*.json')))} bases de datos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
