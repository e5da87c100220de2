"""Every dimension score of the synthetic results (demo, tests, docs/examples) is the mean of the policies
that the catalogue puts in that dimension: no policy is counted in its neighbour's dimension."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from mipg.catalog.models import Policy
from mipg.core.xlsx import open_workbook
from mipg.measurement.results import demo as results_demo
from mipg.measurement.results.models import Score
from mipg.organizations import demo as organizations_demo

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "resultados-furag-ejemplo-2025.xlsx"


def catalogue_mapping() -> dict[str, list[str]]:
    members = defaultdict(list)
    for policy in Policy.objects.select_related("dimension").filter(dimension__version__is_current=True):
        members[policy.dimension.code].append(policy.code)
    return members


def mean(values) -> Decimal:
    return (sum(values) / len(values)).quantize(Decimal("0.1"))


def test_demo_dimensions_follow_the_catalogue(catalog):
    organizations_demo.load()
    results_demo.load()
    members = catalogue_mapping()
    assert set(members) == {f"D{n}" for n in range(1, 8)}
    scores = defaultdict(dict)
    for subject_id, vigencia, code, value in Score.objects.values_list(
        "subject_id", "vigencia", "code", "value"
    ):
        scores[(subject_id, vigencia)][code] = value
    assert scores
    checked = 0
    for values in scores.values():
        for dimension, policies in members.items():
            if dimension not in values:
                continue
            policy_values = [values[p] for p in policies if values.get(p) is not None]
            assert abs(values[dimension] - mean(policy_values)) <= Decimal("0.1"), (dimension, policies)
            checked += 1
    assert checked >= 7 * len(scores) // 2


def test_example_workbook_dimensions_follow_the_catalogue(catalog):
    members = catalogue_mapping()
    workbook = open_workbook(EXAMPLE.read_bytes())
    rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()

    def code_of(cell) -> str:  # headers are messy on purpose: "D7 Dimensión 7", "POL19 Control Interno"
        words = str(cell).split()
        return words[0].upper() if words else ""

    header_index = next(i for i, row in enumerate(rows) if any(code_of(c) == "D7" for c in row))
    header = [code_of(c) for c in rows[header_index]]
    column = {code: header.index(code) for code in [*members, *(p for ps in members.values() for p in ps)]}
    data_rows = [row for row in rows[header_index + 1 :] if row and row[column["D1"]] not in ("", None)]
    assert len(data_rows) > 100
    for row in data_rows:
        for dimension, policies in members.items():
            expected = mean([Decimal(str(row[column[p]])) for p in policies])
            assert abs(Decimal(str(row[column[dimension]])) - expected) <= Decimal("0.1"), (
                dimension,
                row[:2],
            )
