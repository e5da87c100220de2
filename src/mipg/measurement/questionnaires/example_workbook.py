"""Write docs/examples/cuestionario-ejemplo.xlsx: a questionnaire in the documented import layout (sheets
`Preguntas` and `Cuestionario`; 420 synthetic questions in 19 modules, two matrix questions with their own
columns and points per column, numeric ranges and `Aplica si` rules).

    python -m mipg.measurement.questionnaires.example_workbook [OUTPUT_DIR]
"""

import os
import sys
from pathlib import Path

FILE_NAME = "cuestionario-ejemplo.xlsx"


def main(output: str | None = None) -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")
    os.environ.setdefault("MIPG_SECRET_KEY", "example-workbook")
    import django

    django.setup()
    from .synthetic import furag_workbook

    target = Path(output or "docs/examples")
    target.mkdir(parents=True, exist_ok=True)
    path = target / FILE_NAME
    path.write_bytes(furag_workbook(420, 19, with_meta=True))
    return path


if __name__ == "__main__":
    print(main(sys.argv[1] if len(sys.argv) > 1 else None))
