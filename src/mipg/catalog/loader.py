"""Loads a catalogue library (YAML) idempotently: codes are the keys, names and links are updated."""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from .library import LIBRARY_DIR, library_paths  # noqa: F401  (used by the load-catalog command)
from .models import Dimension, ModelVersion, Policy, SubIndex


@transaction.atomic
def load_library(path: Path) -> ModelVersion:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = data["version"]
    version, _created = ModelVersion.objects.update_or_create(
        code=meta["code"],
        defaults={
            "name": meta["name"],
            "valid_from": meta["valid_from"],
            "is_current": bool(meta.get("is_current")),
            "source": meta.get("source", ""),
        },
    )
    if version.is_current:
        ModelVersion.objects.exclude(pk=version.pk).update(is_current=False)
    policy_order = 0
    for dim_order, dim in enumerate(data["dimensions"], start=1):
        dimension, _created = Dimension.objects.update_or_create(
            version=version,
            code=dim["code"],
            defaults={
                "name": dim["name"],
                "aliases": dim.get("aliases", []),
                "description": dim.get("description", ""),
                "order": dim_order,
            },
        )
        for pol in dim.get("policies", []):
            policy_order += 1
            Policy.objects.update_or_create(
                version=version,
                code=pol["code"],
                defaults={
                    "dimension": dimension,
                    "name": pol["name"],
                    "aliases": pol.get("aliases", []),
                    "national_leader": pol.get("national_leader", ""),
                    "legal_basis": pol.get("legal_basis", ""),
                    "description": pol.get("description", ""),
                    "order": policy_order,
                },
            )
    for sub in data.get("subindices") or []:
        policy = Policy.objects.filter(version=version, code=sub.get("policy")).first()
        if sub.get("policy") and policy is None:
            raise ValidationError(
                f"{path.name}: el índice {sub['code']} cita la política desconocida {sub['policy']}"
            )
        SubIndex.objects.update_or_create(
            version=version, code=sub["code"], defaults={"name": sub["name"], "policy": policy}
        )
    return version


def load_all() -> list[ModelVersion]:
    return [load_library(path) for path in library_paths()]
