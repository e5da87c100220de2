"""Synthetic results in the official layout (title rows, messy headers, interleaved sub-indices), used by
the demo, the example workbook under docs/examples/, the tests and the benchmark. Clearly synthetic:
every number comes from a seeded random generator, never from a real measurement."""

import io
import random

from openpyxl import Workbook

from mipg.catalog.library import policy_dimensions

# The policy -> dimension mapping comes from the catalogue library, never from a table of our own.
POLICY_DIMENSION = policy_dimensions()
DIMENSIONS = list(dict.fromkeys(POLICY_DIMENSION.values()))
POLICIES = list(POLICY_DIMENSION)


def subindex_layout() -> dict[str, list[str]]:
    """70 synthetic sub-indices over the 19 policies (4 for the first 13, 3 for the last 6)."""
    layout, number = {}, 1
    for position, policy in enumerate(POLICIES):
        size = 4 if position < 13 else 3
        layout[policy] = [f"I{n:02d}" for n in range(number, number + size)]
        number += size
    return layout


ALL_CODES = ["IDI", *DIMENSIONS, *POLICIES, *[c for codes in subindex_layout().values() for c in codes]]
PEER_GROUPS = ["Fuerzas", "Rama ejecutiva orden nacional"]
TERRITORIAL_GROUPS = ["Municipios grupo 1", "Municipios grupo 2", "Municipios grupo 3", "Gobernaciones"]


def synthetic_values(
    rng: random.Random, level: float, codes=ALL_CODES, overrides=None
) -> dict[str, float | None]:
    """Plausible scores around `level`: each policy varies, its sub-indices vary around it, dimensions and
    the IDI are averages of the policies (dimensions per the catalogue). About 3 % of sub-indices "no
    aplica" (None). `overrides` (policy code -> score) forces some policies, e.g. a weak one in the demo."""
    layout = subindex_layout()
    overrides = overrides or {}
    values: dict[str, float | None] = {}
    for policy in POLICIES:
        score = max(5.0, min(99.0, rng.gauss(level, 9)))
        values[policy] = round(overrides.get(policy, score), 1)
        for sub in layout[policy]:
            sub_value = round(max(0.0, min(100.0, rng.gauss(values[policy], 8))), 1)
            values[sub] = None if rng.random() < 0.03 else sub_value
    for dimension in DIMENSIONS:
        members = [values[p] for p, d in POLICY_DIMENSION.items() if d == dimension]
        values[dimension] = round(sum(members) / len(members), 1)
    values["IDI"] = round(sum(values[p] for p in POLICIES) / len(POLICIES), 1)
    return {code: values.get(code) for code in codes}


SUBINDEX_NAMES = {
    0: "Calidad de la planeación de {p}",
    1: "Implementación de lineamientos de {p}",
    2: "Seguimiento y evaluación de {p}",
    3: "Mejora continua de {p}",
}


def header_for(code: str, names: dict[str, str], messy: bool, position: int) -> str:
    """Header text as Función Pública writes it; `messy` adds the oddities seen in real files."""
    name = names.get(code, "")
    if code == "IDI":
        return "Índice de Desem-\npeño Institucional" if messy else "Índice de Desempeño Institucional"
    text = f"{code} {name}".strip()
    if not messy:
        return text
    if code.startswith("I"):
        number = int(code[1:])
        if number < 10 and position % 2 == 0:
            text = f"I{number} {name}"  # single-digit code
        elif position % 3 == 0:
            text = f"{code.lower()}  {name}"  # lower case, double space
    if code.startswith("POL") and position % 4 == 1:
        text = text.replace(" ", "\n", 1)  # line break after the code
    return text


def code_names(policy_names: dict[str, str] | None = None, dimension_names: dict[str, str] | None = None):
    policy_names = policy_names or {p: f"Política {p[3:]}" for p in POLICIES}
    dimension_names = dimension_names or {d: f"Dimensión {d[1:]}" for d in DIMENSIONS}
    names = {**dimension_names, **policy_names}
    for policy, subs in subindex_layout().items():
        for position, sub in enumerate(subs):
            names[sub] = SUBINDEX_NAMES[position].format(p=policy_names.get(policy, policy).lower())
    return names


def ordered_columns(codes=ALL_CODES) -> list[str]:
    """IDI, D1..D7, then each policy followed by its sub-indices (the interleaved official layout)."""
    wanted = set(codes)
    layout = subindex_layout()
    order = [c for c in ["IDI", *DIMENSIONS] if c in wanted]
    for policy in POLICIES:
        if policy in wanted:
            order.append(policy)
        order.extend(c for c in layout[policy] if c in wanted)
    return order


def build_results_workbook(
    rows: list[dict],
    *,
    vigencia: int,
    names: dict[str, str] | None = None,
    codes=ALL_CODES,
    messy: bool = True,
    title_rows: bool = True,
    sheet_title: str | None = None,
) -> bytes:
    """rows: dicts with sigep_code, name, legal_nature, departamento, municipio, peer_group, form_type and
    "values" {code: float | None | str}. Returns the .xlsx bytes."""
    names = names or code_names()
    columns = ordered_columns(codes)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title or f"Resultados {vigencia}")
    if title_rows:
        sheet.append(["Función Pública – Medición del Desempeño Institucional (DATOS SINTÉTICOS)"])
        sheet.append([f"Resultados FURAG vigencia {vigencia}"])
        sheet.append([])
    identity = [
        "Código  Sigep" if messy else "Código Sigep",
        "Entidad",
        "Naturaleza\nJurídica" if messy else "Naturaleza Jurídica",
        "Departamento",
        "Municipio",
        "Grupo  par" if messy else "Grupo par",
        "Tipo Formulario",
    ]
    header = identity + ([""] if messy else [])
    header += [header_for(code, names, messy, position) for position, code in enumerate(columns)]
    sheet.append(header)
    for row in rows:
        values = row["values"]
        line = [
            int(row["sigep_code"]) if str(row["sigep_code"]).isdigit() else row["sigep_code"],
            row["name"],
            row.get("legal_nature", ""),
            row.get("departamento", ""),
            row.get("municipio", ""),
            row.get("peer_group", ""),
            row.get("form_type", ""),
        ]
        if messy:
            line.append(None)
        line += [values.get(code) for code in columns]
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def synthetic_peers(count: int, *, start: int, groups, rng: random.Random, prefix: str = "Entidad sintética"):
    """Identification of synthetic peer entities (SIGEP codes from `start`)."""
    departments = [
        "Antioquia",
        "Boyacá",
        "Cundinamarca",
        "Nariño",
        "Santander",
        "Valle del Cauca",
        "Bogotá D.C.",
    ]
    peers = []
    for index in range(count):
        group = groups[index % len(groups)]
        department = departments[index % len(departments)]
        peers.append(
            {
                "sigep_code": str(start + index),
                "name": f"{prefix} {start + index}",
                "legal_nature": "Establecimiento público" if index % 3 else "Unidad administrativa especial",
                "departamento": department,
                "municipio": "Bogotá D.C." if department == "Bogotá D.C." else f"Municipio {index % 40 + 1}",
                "peer_group": group,
                "form_type": "Nacional"
                if "nacional" in group.lower() or group == "Fuerzas"
                else "Territorial",
                "level": rng.uniform(55, 90),
            }
        )
    return peers


RECOMMENDATIONS = {
    "POL07": [
        "Implementar el plan de transformación digital con metas e indicadores medibles.",
        "Publicar los conjuntos de datos abiertos priorizados en el portal nacional de datos abiertos.",
    ],
    "POL08": [
        "Actualizar el inventario y la clasificación de activos de información.",
        "Realizar pruebas periódicas del plan de continuidad de los servicios tecnológicos.",
    ],
    "POL11": [
        "Documentar la estrategia de racionalización de trámites con sus beneficios para la ciudadanía.",
    ],
    "POL14": [
        "Formular indicadores de resultado para los objetivos estratégicos y seguirlos cada trimestre.",
        "Evaluar la percepción de los grupos de valor sobre los bienes y servicios entregados.",
    ],
    "POL03": ["Articular el plan de acción anual con el plan estratégico y el presupuesto."],
}


def recommendations_workbook(rows: list[tuple[str, str, str]], *, title_rows: bool = True) -> bytes:
    """A «Recomendaciones» workbook as Función Pública sends it:
    Política | Recomendación | Política relacionada."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Recomendaciones")
    if title_rows:
        sheet.append(["Recomendaciones de la Medición del Desempeño Institucional (DATOS SINTÉTICOS)"])
        sheet.append([])
    sheet.append(["Política", "Recomendación", "Política relacionada"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
