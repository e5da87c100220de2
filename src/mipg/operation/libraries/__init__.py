"""Reference data of the Operación component held as YAML (the Decreto 612 de 2018 plans)."""

import functools
from pathlib import Path

import yaml

LIBRARY_DIR = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def decree_612() -> dict:
    """The twelve institutional plans of Decreto 612 de 2018 and their publication deadline."""
    with open(LIBRARY_DIR / "decreto_612.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def decree_612_plans() -> list[dict]:
    return list(decree_612()["plans"])


def decree_612_choices() -> list[tuple[str, str]]:
    return [(plan["code"], plan["name"]) for plan in decree_612_plans()]


def decree_612_name(code: str) -> str:
    return dict(decree_612_choices()).get(code, code)
