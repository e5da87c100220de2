"""Writes: the recommendations import."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mipg.catalog.models import Policy
from mipg.catalog.selectors import current_version
from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.xlsx import open_workbook
from mipg.organizations.models import Entity

from ..codes import clean_header, normalise
from ..importer import check_vigencia
from ..models import Recommendation, RecommendationVersion
from ..permissions import can_import_recommendations
from .official_results import _read_bytes

RECOMMENDATIONS_SHEET = "Recomendaciones"


def recommendations_parse(file) -> list[tuple[int, Policy, str, Policy | None]]:
    """Read the sheet «Recomendaciones» (Política | Recomendación | Política relacionada): every
    problem reported, nothing changed. Returns (row number, policy, text, related policy)."""
    workbook = open_workbook(_read_bytes(file))
    sheet = next((n for n in workbook.sheet_names if normalise(n) == "recomendaciones"), None)
    if sheet is None:
        raise ImportRejected.single(
            _("El libro no tiene la hoja «Recomendaciones». Hojas disponibles: %(names)s.")
            % {"names": ", ".join(workbook.sheet_names)}
        )
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    problems = ProblemCollector(sheet=sheet)
    header_pos = None
    for position, row in enumerate(rows[:20]):
        keys = [normalise(cell) for cell in row]
        if "politica" in keys and "recomendacion" in keys:
            header_pos = position
            break
    if header_pos is None:
        raise ImportRejected.single(
            _("No se encontró la fila de encabezados con las columnas «Política» y «Recomendación»."),
            sheet=sheet,
        )
    keys = [normalise(cell) for cell in rows[header_pos]]
    col_policy, col_text = keys.index("politica"), keys.index("recomendacion")
    col_related = keys.index("politica relacionada") if "politica relacionada" in keys else None
    policies = {p.code: p for p in Policy.objects.filter(version=current_version())}
    items = []
    for position in range(header_pos + 1, len(rows)):
        row = rows[position] + [None] * 3
        number = position + 1
        if not any(cell not in (None, "") for cell in rows[position]):
            continue
        policy = _policy_from_cell(row[col_policy], policies)
        text = clean_header(row[col_text])
        if policy is None:
            problems.add(
                _("La política «%(value)s» no existe en el catálogo MIPG (use un código como POL05).")
                % {"value": clean_header(row[col_policy])},
                row=number,
                column=_("Política"),
            )
        if not text:
            problems.add(_("La recomendación está vacía."), row=number, column=_("Recomendación"))
        related = None
        if col_related is not None and clean_header(row[col_related]):
            related = _policy_from_cell(row[col_related], policies)
            if related is None:
                problems.add(
                    _("La política relacionada «%(value)s» no existe en el catálogo MIPG.")
                    % {"value": clean_header(row[col_related])},
                    row=number,
                    column=_("Política relacionada"),
                )
        if policy is not None and text:
            items.append((number, policy, text, related))
    if not items and not problems:
        problems.add(_("El archivo no tiene recomendaciones."), row=header_pos + 1)
    problems.raise_if_any()
    return items


def parsed_recommendation_rows(items) -> list[dict]:
    return [
        {"policy": policy.code, "text": text, "related_policy": related.code if related else ""}
        for _number, policy, text, related in items
    ]


@service
def recommendations_import(
    *,
    user,
    entity: Entity,
    vigencia,
    file,
    is_demo: bool = False,
    replace: bool = False,
    items: list | None = None,
) -> list[Recommendation]:
    """Load Función Pública's recommendations for an entity and vigencia. Existing ones are replaced only
    with `replace=True` (after a confirmed preview), archived first as a restorable version, and never when
    some already feed an improvement action."""
    if not can_import_recommendations(user, entity):
        raise PermissionDenied(
            _("Solo un administrador de resultados oficiales o del sistema importa recomendaciones.")
        )
    year = check_vigencia(vigencia)
    if items is None:
        items = recommendations_parse(file)
    current = Recommendation.objects.filter(entity=entity, vigencia=year)
    replaced = current.count()
    if replaced and not replace:
        raise ImportRejected.single(
            _(
                "La entidad ya tiene %(n)s recomendaciones de la vigencia %(year)s: revise la vista previa "
                "de los cambios y confirme el reemplazo."
            )
            % {"n": replaced, "year": year}
        )
    if replaced:
        from .versions import archive_recommendations, check_recommendations_replaceable

        check_recommendations_replaceable(entity, year)
        archive_recommendations(
            user=user, entity=entity, vigencia=year, reason=RecommendationVersion.Reason.IMPORT
        )
    current.delete()
    created = Recommendation.objects.bulk_create(
        [
            Recommendation(
                entity=entity,
                vigencia=year,
                policy=policy,
                text=text,
                related_policy=related,
                source_row=number,
                is_demo=is_demo,
            )
            for number, policy, text, related in items
        ]
    )
    record_event(
        user=user,
        obj=entity,
        verb="recomendaciones FURAG importadas",
        description=_("%(n)s recomendaciones de la vigencia %(year)s (reemplazó %(old)s)")
        % {"n": len(created), "year": year, "old": replaced},
        data={"vigencia": year, "count": len(created), "replaced": replaced},
    )
    return created


def _policy_from_cell(raw, policies: dict):
    text = clean_header(raw)
    if not text:
        return None
    from ..codes import parse_code

    parsed = parse_code(text)
    if parsed and parsed[0] in policies:
        return policies[parsed[0]]
    key = normalise(text)
    for policy in policies.values():
        names = [policy.name, *(policy.aliases or [])]
        if key in {normalise(name) for name in names}:
            return policy
    return None


# ---------------------------------------------------------------- improvement plans
