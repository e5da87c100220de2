"""Reads on official results (public to signed-in users) and on recommendations and improvement
plans (entity-scoped through `for_user`)."""

from django.db.models import Count, F, Prefetch, Q

from mipg.catalog.models import Dimension, Policy, SubIndex
from mipg.catalog.selectors import current_version

from .codes import IDI
from .models import (
    ActionProgress,
    Finding,
    ImprovementAction,
    ImprovementPlan,
    PeerRank,
    Recommendation,
    RecommendationVersion,
    ResultImport,
    ResultSubject,
    ResultVersion,
    Score,
    StagedImport,
)


def catalogue_codes() -> dict:
    """Ordered codes with names: {"dimensions": [...], "policies": [...], "names": {code: name},
    "policy_dimension": {POLxx: Dx}, "subindices": {code: (name, policy code)}} (3 queries)."""
    version = current_version()
    dimensions = list(Dimension.objects.filter(version=version).order_by("order"))
    policies = list(Policy.objects.filter(version=version).select_related("dimension").order_by("order"))
    subs = list(SubIndex.objects.filter(version=version).select_related("policy").order_by("code"))
    names = {IDI: "Índice de Desempeño Institucional"}
    names.update({d.code: d.name for d in dimensions})
    names.update({p.code: p.name for p in policies})
    names.update({s.code: s.name for s in subs})
    return {
        "dimensions": [d.code for d in dimensions],
        "policies": [p.code for p in policies],
        "names": names,
        "policy_dimension": {p.code: p.dimension.code for p in policies},
        "policy_objects": {p.code: p for p in policies},
        "subindices": {s.code: (s.name, s.policy.code if s.policy_id else None) for s in subs},
    }


def vigencias() -> list[int]:
    return sorted(Score.objects.values_list("vigencia", flat=True).distinct(), reverse=True)


def synthetic_vigencias() -> set[int]:
    """Vigencias whose data in force (the latest import of each) came from a workbook marked "DATOS
    SINTÉTICOS": every page, export and API answer that shows their figures flags them (one query)."""
    in_force: dict[int, bool] = {}
    for vigencia, synthetic in ResultImport.objects.order_by("vigencia", "imported_at", "pk").values_list(
        "vigencia", "synthetic"
    ):
        in_force[vigencia] = synthetic
    return {vigencia for vigencia, synthetic in in_force.items() if synthetic}


def idi_ranking(user, *, vigencia=None, group: str = "", query: str = "") -> dict:
    """The IDI ranking of a vigencia (the latest with data by default) from the precomputed table, in its
    published order (score descending, then name): a range of the covering index, whatever the page.
    Rows carry `rank` (national, or in the grupo par when one is chosen); ties share the rank."""
    from mipg.dashboards.selectors import choose_vigencia, parse_vigencia, peer_groups, vigencias_with_data

    years = vigencias_with_data()
    year = choose_vigencia(parse_vigencia(vigencia), years) or 0
    rows = PeerRank.objects.for_user(user).filter(vigencia=year, code=IDI).select_related("subject")
    if group:
        rows = rows.filter(peer_group=group).order_by("group_position").annotate(rank=F("group_rank"))
    else:
        rows = rows.order_by("position").annotate(rank=F("national_rank"))
    if query:
        rows = rows.filter(Q(subject__name__icontains=query) | Q(subject__sigep_code=query))
    return {
        "vigencia": year,
        "years": years,
        "group": group,
        "query": query,
        "groups": peer_groups(year),
        "rows": rows,
    }


def imports_for(user):
    return ResultImport.objects.for_user(user).select_related("imported_by")


def subjects_for(user):
    return ResultSubject.objects.for_user(user).select_related("entity")


def scores_for(user):
    return Score.objects.for_user(user)


def recommendations_for(user, entity=None):
    queryset = Recommendation.objects.for_user(user).select_related("entity", "policy", "related_policy")
    return queryset.filter(entity=entity) if entity is not None else queryset


def plans_for(user, entity=None):
    queryset = (
        ImprovementPlan.objects.for_user(user)
        .select_related("entity", "created_by")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_count=Count("findings", filter=Q(findings__status=Finding.Status.OPEN), distinct=True),
            action_count=Count("findings__actions", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    return queryset.filter(entity=entity) if entity is not None else queryset


def plan_detail(user, pk):
    actions = ImprovementAction.objects.select_related("dependencia", "verified_by").prefetch_related(
        "evidence"
    )
    return (
        ImprovementPlan.objects.for_user(user)
        .select_related("entity")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("policy", "recommendation").prefetch_related(
                    Prefetch("actions", queryset=actions)
                ),
            )
        )
        .get(pk=pk)
    )


def actions_for(user):
    return ImprovementAction.objects.for_user(user).select_related(
        "finding__plan__entity", "finding__policy", "dependencia", "verified_by"
    )


def action_detail(user, pk):
    return (
        actions_for(user)
        .prefetch_related(
            "evidence",
            Prefetch(
                "progress_reports",
                queryset=ActionProgress.objects.select_related("reported_by").prefetch_related("evidence"),
            ),
        )
        .get(pk=pk)
    )


# ---------------------------------------------------------------- staged imports and versions (shared data)


def _results_admin_only(user):
    from .permissions import can_administer_results

    if not can_administer_results(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def staged_import_for(user, pk):
    """A staged import of the caller (results administrators only); another user's answers DoesNotExist."""
    _results_admin_only(user)
    return StagedImport.objects.for_user(user).select_related("entity").get(pk=pk)


def result_versions(user, vigencia: int):
    _results_admin_only(user)
    return (
        ResultVersion.objects.filter(vigencia=vigencia)
        .select_related("imported_by", "archived_by")
        .order_by("-archived_at", "-pk")
    )


def result_version(user, pk):
    _results_admin_only(user)
    return ResultVersion.objects.get(pk=pk)


def recommendation_versions(user, entity=None, vigencia: int | None = None):
    _results_admin_only(user)
    queryset = RecommendationVersion.objects.select_related("entity", "archived_by").order_by(
        "-archived_at", "-pk"
    )
    if entity is not None:
        queryset = queryset.filter(entity=entity)
    if vigencia is not None:
        queryset = queryset.filter(vigencia=vigencia)
    return queryset


def recommendation_version(user, pk):
    _results_admin_only(user)
    return RecommendationVersion.objects.select_related("entity").get(pk=pk)
