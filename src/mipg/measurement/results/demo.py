"""Demo (clearly SYNTHETIC numbers): official results of the demo sector for 2023-2025 plus a few hundred
synthetic peers in the same grupos par, FURAG recommendations for the UGG and the Hospital Militar
Central, and an improvement plan in progress for the UGG. Idempotent; never overwrites a vigencia that
holds real (non-demo) results."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from mipg.catalog.selectors import current_policies
from mipg.organizations.models import Entity

from . import samples
from .models import Finding, ImprovementPlan, Recommendation, ResultImport
from .samples import RECOMMENDATIONS, recommendations_workbook
from .services import (
    actions_from_recommendations,
    finding_create,
    plan_create,
    progress_report,
    recommendations_import,
    results_import,
)

VIGENCIAS = (2023, 2024, 2025)
PEERS = 320
WEAK_POLICIES = {"HOMIC": ("POL07", "POL08"), "MDN-UGG": ("POL11", "POL14")}


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def load(stdout=None) -> None:
    entities = list(Entity.objects.filter(sigep_code__in=[str(c) for c in range(99001, 99023)]))
    if not entities:
        _say(stdout, "Resultados: no hay sector de demostración; nada que cargar.")
        return
    admin = get_user_model().objects.filter(username="admin").first()
    importer = get_user_model().objects.filter(username="resultados").first() or admin
    names = samples.code_names(policy_names={p.code: p.name for p in current_policies()})
    rng = random.Random(2025)
    peers = samples.synthetic_peers(
        PEERS, start=1, groups=samples.PEER_GROUPS, rng=rng, prefix="Entidad sintética (demo)"
    )
    for peer in peers:
        peer["sigep_code"] = f"DEMO-{int(peer['sigep_code']):04d}"
    base_levels = {e.sigep_code: 58 + (int(e.sigep_code) * 7) % 25 for e in entities}
    for step, vigencia in enumerate(VIGENCIAS):
        if ResultImport.objects.filter(vigencia=vigencia, is_demo=False).exists():
            _say(stdout, f"Resultados {vigencia}: ya hay resultados reales; no se cargan datos sintéticos.")
            continue
        if ResultImport.objects.filter(vigencia=vigencia).exists():
            continue  # idempotent: a vigencia is never replaced behind the results administrator's back
        year_rng = random.Random(vigencia)
        rows = []
        for entity in entities:
            weak = {
                code: 35 + 6 * step + year_rng.uniform(0, 4) for code in WEAK_POLICIES.get(entity.acronym, ())
            }
            values = samples.synthetic_values(
                year_rng, base_levels[entity.sigep_code] + 3 * step, overrides=weak
            )
            rows.append(
                {
                    "sigep_code": entity.sigep_code,
                    "name": entity.name,
                    "legal_nature": entity.legal_nature,
                    "departamento": "Bogotá D.C.",
                    "municipio": "Bogotá D.C.",
                    "peer_group": entity.peer_group or samples.PEER_GROUPS[1],
                    "form_type": "Nacional",
                    "values": values,
                }
            )
        for peer in peers:
            rows.append({**peer, "values": samples.synthetic_values(year_rng, peer["level"] + 2 * step)})
        data = samples.build_results_workbook(rows, vigencia=vigencia, names=names)
        results_import(
            user=importer,
            file=data,
            vigencia=vigencia,
            file_name=f"resultados-sinteticos-{vigencia}.xlsx",
            is_demo=True,
        )
    _say(
        stdout,
        f"Resultados sintéticos: {len(entities)} entidades del sector y {PEERS} pares, "
        f"{len(VIGENCIAS)} vigencias.",
    )

    by_acronym = {e.acronym: e for e in entities}
    latest = VIGENCIAS[-1]
    for acronym in ("MDN-UGG", "HOMIC"):
        entity = by_acronym.get(acronym)
        if entity is None or Recommendation.objects.filter(entity=entity, vigencia=latest).exists():
            continue
        user = importer
        codes = WEAK_POLICIES[acronym] + ("POL03",)
        rows = [(code, text, "") for code in codes for text in RECOMMENDATIONS[code]]
        recommendations_import(
            user=user, entity=entity, vigencia=latest, file=recommendations_workbook(rows), is_demo=True
        )
    ugg = by_acronym.get("MDN-UGG")
    planner = get_user_model().objects.filter(username="ugg").first() or admin
    if ugg is not None and not ImprovementPlan.objects.filter(entity=ugg, is_demo=True).exists():
        plan = plan_create(
            user=planner,
            entity=ugg,
            name=f"Plan de mejoramiento MIPG {latest + 1} (demostración)",
            vigencia=latest,
            is_demo=True,
        )
        today = timezone.localdate()
        recos = list(Recommendation.objects.filter(entity=ugg, vigencia=latest, policy__code="POL14"))
        actions = actions_from_recommendations(
            user=planner,
            plan=plan,
            recommendations=recos,
            start_date=today - timedelta(days=30),
            due_date=today + timedelta(days=150),
            responsible="Dirección de Planeación y Presupuestación",
        )
        if actions:
            progress_report(
                user=planner,
                action=actions[0],
                percent=40,
                note="Batería de indicadores de resultado en revisión por las dependencias (demostración).",
            )
        finding_create(
            user=planner,
            plan=plan,
            origin=Finding.Origin.INTERNAL_AUDIT,
            description=(
                "Auditoría interna: riesgos de corrupción sin controles documentados (demostración)."
            ),
            cause="El mapa de riesgos no se actualizó tras el rediseño de procesos.",
        )
    _say(stdout, "Recomendaciones FURAG y plan de mejoramiento de demostración listos.")
