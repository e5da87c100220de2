"""The residual computation pinned to worked examples derived by hand from the Guía v6 tables.

Tables used (libraries/guia_riesgos_v6.yaml):
- probability (tabla «Criterios para definir el nivel de probabilidad»): muy baja 20, baja 40, media 60,
  alta 80, muy alta 100 %; a percentage falls in the lowest level that reaches it;
- impact (tabla «Criterios para definir el nivel de impacto»): leve 20, menor 40, moderado 60, mayor 80,
  catastrófico 100 %;
- control weights (tabla «Atributos para el diseño del control»): preventivo 25, detectivo 15,
  correctivo 10; automático 25, manual 15 (a control weighs type + implementation);
- heat map (figura «Matriz de calor»)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mipg.control import scoring
from mipg.control.libraries import corruption_bands, corruption_questions, policy_tables

from .conftest import add_control, make_risk

TABLES = policy_tables()


def control(kind, implementation, name=""):
    return {
        "name": name or f"{kind} {implementation}",
        "control_type": kind,
        "implementation": implementation,
    }


def test_preventive_manual_control_lowers_probability_guia_example():
    """Guía example. Inherent: probability media (60 %), impact moderado (60 %) → zone moderado.
    Control preventivo (25 %) + manual (15 %) = 40 %.
    Probability: 60 × (1 − 0.40) = 36 % → baja (36 ≤ 40). Impact unchanged: 60 % → moderado.
    Heat map baja × moderado → moderado."""
    sheet = scoring.worksheet(
        TABLES, probability="media", impact="moderado", controls=[control("preventivo", "manual")]
    )
    assert sheet.inherent_zone == "moderado"
    assert sheet.steps[0].weight == Decimal("40")
    assert sheet.residual_probability_percent == Decimal("36.00")
    assert sheet.residual_probability["code"] == "baja"
    assert sheet.residual_impact_percent == Decimal("60")
    assert sheet.residual_zone == "moderado"


def test_detective_manual_control_lowers_probability():
    """Inherent: probability alta (80 %), impact mayor (80 %) → zone alto.
    Control detectivo (15 %) + manual (15 %) = 30 %.
    Probability: 80 × 0.70 = 56 % → media (40 < 56 ≤ 60). Impact unchanged mayor.
    Heat map media × mayor → alto (a detective control alone does not leave the «mayor» column)."""
    sheet = scoring.worksheet(
        TABLES, probability="alta", impact="mayor", controls=[control("detectivo", "manual")]
    )
    assert sheet.inherent_zone == "alto"
    assert sheet.steps[0].weight == Decimal("30")
    assert sheet.residual_probability_percent == Decimal("56.00")
    assert sheet.residual_probability["code"] == "media"
    assert sheet.residual_impact["code"] == "mayor"
    assert sheet.residual_zone == "alto"


def test_preventive_automatic_control_takes_muy_alta_to_media():
    """Inherent: probability muy alta (100 %), impact menor (40 %) → zone alto.
    Control preventivo (25 %) + automático (25 %) = 50 %.
    Probability: 100 × 0.50 = 50 % → media. Heat map media × menor → moderado."""
    sheet = scoring.worksheet(
        TABLES, probability="muy_alta", impact="menor", controls=[control("preventivo", "automatico")]
    )
    assert sheet.inherent_zone == "alto"
    assert sheet.residual_probability_percent == Decimal("50.00")
    assert sheet.residual_probability["code"] == "media"
    assert sheet.residual_zone == "moderado"


def test_corrective_control_lowers_impact_not_probability():
    """Inherent: probability media (60 %), impact mayor (80 %) → zone alto.
    Control correctivo (10 %) + manual (15 %) = 25 %, applied to the impact:
    80 × 0.75 = 60 % → moderado. Probability unchanged 60 % → media.
    Heat map media × moderado → moderado."""
    sheet = scoring.worksheet(
        TABLES, probability="media", impact="mayor", controls=[control("correctivo", "manual")]
    )
    assert sheet.steps[0].target == "impact"
    assert sheet.steps[0].weight == Decimal("25")
    assert sheet.residual_probability_percent == Decimal("60")
    assert sheet.residual_impact_percent == Decimal("60.00")
    assert sheet.residual_impact["code"] == "moderado"
    assert sheet.residual_zone == "moderado"


def test_two_controls_in_sequence_each_on_what_the_previous_left():
    """Inherent: probability muy alta (100 %), impact moderado (60 %) → zone alto.
    1) preventivo automático 50 %: 100 × 0.50 = 50 %.
    2) detectivo manual 30 %, on the 50 % left: 50 × 0.70 = 35 % → baja (not 100 × (1 − 0.80) = 20 %).
    Heat map baja × moderado → moderado."""
    sheet = scoring.worksheet(
        TABLES,
        probability="muy_alta",
        impact="moderado",
        controls=[control("preventivo", "automatico"), control("detectivo", "manual")],
    )
    assert [s.after for s in sheet.steps] == [Decimal("50.00"), Decimal("35.00")]
    assert sheet.steps[1].before == Decimal("50.00")
    assert sheet.residual_probability["code"] == "baja"
    assert sheet.residual_zone == "moderado"


def test_corruption_risk_impact_from_questionnaire_and_never_below_moderado():
    """Corruption impact (tabla «Criterios para calificar el impacto en riesgos de corrupción»): 7 yes
    answers (6 to 11) → mayor; 3 yes (1 to 5) → moderado; 12 → catastrófico; question C16 (lives) yes →
    catastrófico.
    Worked example: probability alta (80 %), 3 yes answers → impact moderado (60 %) → zone alto.
    Controls: preventivo manual 40 %: 80 × 0.60 = 48 % → media; correctivo automático 35 %:
    60 × 0.65 = 39 % → would be menor, but a corruption impact stays at least moderado.
    Heat map media × moderado → moderado."""
    questions, bands = corruption_questions(), corruption_bands()
    assert scoring.corruption_impact(TABLES, [f"C{n:02d}" for n in range(1, 8)], questions, bands) == "mayor"
    assert scoring.corruption_impact(TABLES, ["C01", "C02", "C03"], questions, bands) == "moderado"
    assert (
        scoring.corruption_impact(TABLES, [f"C{n:02d}" for n in range(1, 13)], questions, bands)
        == "catastrofico"
    )
    assert scoring.corruption_impact(TABLES, ["C16"], questions, bands) == "catastrofico"
    sheet = scoring.worksheet(
        TABLES,
        probability="alta",
        impact="moderado",
        controls=[control("preventivo", "manual"), control("correctivo", "automatico")],
        corruption=True,
    )
    assert sheet.inherent_zone == "alto"
    assert sheet.residual_probability_percent == Decimal("48.00")
    assert sheet.residual_impact_percent == Decimal("39.00")
    assert sheet.impact_floor_applied
    assert sheet.residual_impact["code"] == "moderado"
    assert sheet.residual_zone == "moderado"


def test_residual_above_inherent_is_refused():
    """A policy copy with a negative weight would raise the probability: refused, in Spanish."""
    tables = policy_tables()
    tables["control_weights"]["implementation"]["manual"] = -60
    with pytest.raises(ValidationError, match="no puede quedar por encima"):
        scoring.worksheet(
            tables, probability="baja", impact="menor", controls=[control("preventivo", "manual")]
        )
    with pytest.raises(ValidationError, match="negativo"):
        scoring.validate_tables(tables)


def test_risk_page_values_follow_the_controls(ctl):
    """Service level: adding controls updates the stored residual levels at once."""
    risk = make_risk(ctl, inherent_probability="muy_alta", inherent_impact="moderado")
    assert (risk.inherent_zone, risk.residual_zone) == ("alto", "alto")
    add_control(ctl, risk, "preventivo", "automatico")
    add_control(ctl, risk, "detectivo", "manual")
    risk.refresh_from_db()
    assert risk.residual_probability_percent == Decimal("35.00")
    assert (risk.residual_probability, risk.residual_impact, risk.residual_zone) == (
        "baja",
        "moderado",
        "moderado",
    )


def test_corruption_risk_service_takes_impact_from_answers(ctl):
    risk = make_risk(
        ctl,
        risk_class="corrupcion",
        impact_text="beneficio a un tercero",
        inherent_probability="alta",
        inherent_impact="leve",  # ignored: the questionnaire decides
        corruption_answers=[f"C{n:02d}" for n in range(1, 8)],
    )
    assert risk.inherent_impact == "mayor"
    assert risk.inherent_zone == "alto"
