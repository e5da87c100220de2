"""The catalogue libraries as data: the YAML files under libraries/, readable without a database
(the synthetic results generator and the example workbooks use them outside Django)."""

from pathlib import Path

import yaml

LIBRARY_DIR = Path(__file__).resolve().parent / "libraries"


def library_paths() -> list[Path]:
    return sorted(LIBRARY_DIR.glob("*.yaml"))


def current_library() -> dict:
    """The library marked `is_current`, read from its YAML file."""
    for path in reversed(library_paths()):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["version"].get("is_current"):
            return data
    raise LookupError("No catalogue library is marked is_current.")


def policy_dimensions(library: dict | None = None) -> dict[str, str]:
    """Policy code -> dimension code, in catalogue order, as the library defines them."""
    library = library or current_library()
    return {
        policy["code"]: dimension["code"]
        for dimension in library["dimensions"]
        for policy in dimension.get("policies", [])
    }
