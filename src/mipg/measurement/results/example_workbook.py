"""Writes the example workbooks under docs/examples/ (SYNTHETIC data, official layout with title rows and
messy headers): `python -m mipg.measurement.results.example_workbook [OUTPUT_DIR]`."""

import random
import sys
from pathlib import Path

from . import samples
from .samples import RECOMMENDATIONS, recommendations_workbook

DEMO_SECTOR = [
    (
        "99001",
        "Ministerio de Defensa Nacional – Unidad de Gestión General",
        "Ministerio",
        "Rama ejecutiva orden nacional",
    ),
    ("99002", "Comando General de las Fuerzas Militares", "Unidad ejecutora", "Fuerzas"),
    ("99003", "Ejército Nacional", "Unidad ejecutora", "Fuerzas"),
    ("99004", "Armada de Colombia", "Unidad ejecutora", "Fuerzas"),
    ("99005", "Fuerza Aérea Colombiana", "Unidad ejecutora", "Fuerzas"),
    ("99006", "Policía Nacional", "Unidad ejecutora", "Fuerzas"),
    ("99015", "Hospital Militar Central", "Establecimiento público", "Rama ejecutiva orden nacional"),
]


def example_rows(peers: int = 300, seed: int = 2025):
    rng = random.Random(seed)
    rows = [
        {
            "sigep_code": code,
            "name": name,
            "legal_nature": nature,
            "departamento": "Bogotá D.C.",
            "municipio": "Bogotá D.C.",
            "peer_group": group,
            "form_type": "Nacional",
            "values": samples.synthetic_values(rng, 68),
        }
        for code, name, nature, group in DEMO_SECTOR
    ]
    for peer in samples.synthetic_peers(
        peers, start=1, groups=samples.PEER_GROUPS, rng=rng, prefix="Entidad sintética (ejemplo)"
    ):
        peer["sigep_code"] = f"EJ-{int(peer['sigep_code']):04d}"
        rows.append({**peer, "values": samples.synthetic_values(rng, peer["level"])})
    return rows


def main(output: str | None = None) -> list[Path]:
    target = Path(output or "docs/examples")
    target.mkdir(parents=True, exist_ok=True)
    names = samples.code_names()
    results = target / "resultados-furag-ejemplo-2025.xlsx"
    results.write_bytes(samples.build_results_workbook(example_rows(), vigencia=2025, names=names))
    recos = target / "recomendaciones-ejemplo-2025.xlsx"
    rows = [
        (code, text, "POL03" if code == "POL14" else "")
        for code, texts in RECOMMENDATIONS.items()
        for text in texts
    ]
    recos.write_bytes(recommendations_workbook(rows))
    return [results, recos]


if __name__ == "__main__":
    for path in main(sys.argv[1] if len(sys.argv) > 1 else None):
        print(path)
