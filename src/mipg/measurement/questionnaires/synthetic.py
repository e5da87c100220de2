"""A generated FURAG-size workbook (about 420 questions in 19 modules, every question type) for tests,
benchmarks and docs/examples. The texts are synthetic; the layout is the import layout: the first two
matrix questions carry their own columns with points per column, numeric questions carry ranges, and
scale questions an applicability rule."""

from mipg.core.xlsx import build_workbook

from .importer import ALL_COLUMNS, META_COLUMNS, META_SHEET, SHEET

# (rows, columns, points per column) of the two matrix questions with their own columns.
MATRICES_WITH_COLUMNS = [
    (
        ["Recursos de funcionamiento", "Recursos de inversión", "Recursos de cooperación"],
        ["Menos de 100 millones", "Entre 100 y 500 millones", "Más de 500 millones", "No aplica"],
        ["1", "2", "3", "0"],
    ),
    (
        ["Sede principal", "Sedes regionales", "Canales virtuales"],
        ["Sí, totalmente", "Parcialmente", "No", "No aplica"],
        ["2", "1", "0", "0"],
    ),
]

POLICIES = [f"POL{n:02d}" for n in range(1, 20)]


def furag_rows(questions: int = 420, modules: int = 19) -> list[list]:
    rows = []
    per_module = max(1, questions // modules)
    number = 0
    matrices = 0
    for m in range(modules):
        module = f"Módulo {m + 1:02d} – Política {POLICIES[m % len(POLICIES)]}"
        count = per_module if m < modules - 1 else questions - per_module * (modules - 1)
        first_code = None  # conditions point to the first question of the same module
        for q in range(count):
            number += 1
            code = f"Q{number:04d}"
            kind = q % 7
            condition = ""
            applies = ""
            columns, column_points, minimum, maximum, decimals, rule = [], [], "", "", "", ""
            if kind == 0:
                qtype, options, points = "Selección única", ["Sí", "Parcialmente", "No"], ["100", "50", "0"]
                if first_code is None:
                    first_code = code
            elif kind == 1:
                qtype = "Selección múltiple"
                options = [
                    "Actividad A",
                    "Actividad B",
                    "Actividad C",
                    "Otros. ¿Cuáles?",
                    "Ninguna de las anteriores",
                ]
                points = ["2", "1", "1", "1", "0"]
                if first_code:
                    condition = f"{first_code} = Sí | Parcialmente"
            elif kind == 2:
                qtype, options, points = "Selección múltiple numérica", ["Hombres", "Mujeres", "Otros"], []
                minimum, decimals = "0", "0"
            elif kind == 3:
                qtype, options, points = "Abierta numérica", [], []
                applies = "Nacional"
                minimum, maximum, decimals = "0", "1.000.000", "2"
            elif kind == 4:
                qtype, options, points = "Abierta texto", [], []
                applies = "Territorial" if q % 2 else ""
            elif kind == 5:
                qtype, options, points = (
                    "Matricial",
                    ["Planeación", "Ejecución", "Seguimiento"],
                    ["1", "1", "2"],
                )
                if matrices < len(MATRICES_WITH_COLUMNS):
                    options, columns, column_points = MATRICES_WITH_COLUMNS[matrices]
                    points = ["1"] * len(options)
                matrices += 1
            else:
                qtype, options, points = "Escala 0-100", [], []
                rule = "meci = no" if m % 2 else ""
            rows.append(
                [
                    code,
                    module,
                    POLICIES[m % len(POLICIES)],
                    f"Pregunta sintética {number} del módulo {m + 1}: "
                    f"¿la entidad cumple el requisito {number}?",
                    qtype,
                    "\n".join(options),
                    "Sí" if q % 3 == 0 else "No",
                    applies,
                    condition,
                    "\n".join(points),
                    f"Componente {q % 4 + 1}" if kind == 6 else "",
                    f"Categoría {q % 2 + 1}" if kind == 6 else "",
                    "\n".join(columns),
                    "\n".join(column_points),
                    minimum,
                    maximum,
                    decimals,
                    rule,
                ]
            )
    return rows


META_ROW = [
    "FURAG sintético",
    "2025",
    "FURAG",
    "Cuestionario sintético con la forma del FURAG (420 preguntas, 19 módulos) para pruebas y ejemplos. "
    "Los textos no son los oficiales.",
]


def furag_workbook(questions: int = 420, modules: int = 19, *, with_meta: bool = False) -> bytes:
    sheets = [(SHEET, list(ALL_COLUMNS), furag_rows(questions, modules))]
    if with_meta:
        sheets.append((META_SHEET, list(META_COLUMNS), [list(META_ROW)]))
    return build_workbook(sheets)
