"""Reference data of Control interno held as YAML: the Guía v6 tables that seed each risk policy."""

import copy
import functools
from pathlib import Path

import yaml

LIBRARY_DIR = Path(__file__).resolve().parent
DEFAULT_LIBRARY = "guia_riesgos_v6.yaml"


@functools.lru_cache(maxsize=4)
def _load(name: str) -> dict:
    with open(LIBRARY_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def guia_v6() -> dict:
    """A fresh copy of the Guía v6 tables (callers may change it without touching the cache)."""
    return copy.deepcopy(_load(DEFAULT_LIBRARY))


def policy_tables(library: dict | None = None) -> dict:
    """The part of the library that each entity's policy copies and may adapt."""
    library = library or guia_v6()
    keys = ("probability", "impact", "zones", "heat_map", "control_weights")
    return {key: copy.deepcopy(library[key]) for key in keys}


def corruption_questions() -> list[dict]:
    return list(_load(DEFAULT_LIBRARY)["corruption"]["questions"])


def corruption_bands() -> list[dict]:
    return list(_load(DEFAULT_LIBRARY)["corruption"]["bands"])


def follow_up_rules() -> dict:
    return copy.deepcopy(_load(DEFAULT_LIBRARY)["corruption_follow_up"])


MECI_LIBRARY = "meci_evaluacion_independiente.yaml"


def meci_library() -> dict:
    """The built-in MECI requirements (loaded into the questionnaire engine by its code)."""
    return copy.deepcopy(_load(MECI_LIBRARY))
