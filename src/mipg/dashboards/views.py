"""Entity and sector dashboards. Who sees what: official scores are public, so every signed-in user sees
every entity's public scores in rankings (results:ranking, the grupo par neighbourhood). The entity
dashboard and its drill-down (which show recommendations and improvement actions) require a role over
the entity; the sector dashboard shows only the sector's entities the user holds a role over (the
sector planning office, granted over the sector head with its subtree, sees them all)."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from mipg.core.db_router import reading_from_replica
from mipg.core.pdf import DocumentTooLarge, document_refused, pdf_response, render_pdf
from mipg.core.xlsx import xlsx_response
from mipg.measurement.results.selectors import synthetic_vigencias
from mipg.organizations.models import Entity, Sector
from mipg.organizations.selectors import current_entity

from . import scope, selectors


def _num(value):
    return float(value) if isinstance(value, Decimal) else value


def _visible_entity(request, pk) -> Entity:
    return get_object_or_404(Entity.objects.visible_to(request.user).select_related("sector"), pk=pk)


@login_required
@reading_from_replica()
def index(request):
    sectors = scope.sectors_for(request.user).order_by("name")
    return render(
        request,
        "dashboards/index.html",
        {
            "entity": current_entity(request),
            "sectors": sectors,
            "entities": selectors.entities_alphabetical(request.user),
        },
    )


@login_required
@reading_from_replica()
def entity_dashboard(request, pk: int):
    entity = _visible_entity(request, pk)
    context = selectors.entity_dashboard(request.user, entity, _vigencia(request))
    if context["has_results"]:
        context["charts"] = {
            "policies": {
                "labels": [p["code"] for p in context["policies"]],
                "own": [_num(p["value"]) for p in context["policies"]],
                "median": [_num(p["median"]) for p in context["policies"]],
            },
            "radar": {
                "labels": [d["code"] for d in context["dimensions"]],
                "own": [_num(d["value"]) for d in context["dimensions"]],
                "median": [_num(d["median"]) for d in context["dimensions"]],
            },
            "evolution": {
                "years": [str(e["vigencia"]) for e in context["evolution"]],
                "series": {
                    code: [_num(e[code]) for e in context["evolution"]]
                    for code in ["IDI", *context["cat"]["dimensions"]]
                },
            },
        }
    return render(request, "dashboards/entity.html", context)


@login_required
@reading_from_replica()
def entity_dimension(request, pk: int, code: str):
    entity = _visible_entity(request, pk)
    context = selectors.entity_dashboard(request.user, entity, _vigencia(request))
    if not context["has_results"] and context["years"] and code.upper() in context["cat"]["dimensions"]:
        # a vigencia without the entity's results: its dashboard says so, with the selector
        return redirect(f"{reverse('dashboards:entity', args=[entity.pk])}?vigencia={context['vigencia']}")
    drill = selectors.dimension_drill(context, code.upper())
    if drill is None:
        raise Http404
    context.update(drill)
    return render(request, "dashboards/entity_dimension.html", context)


@login_required
@reading_from_replica()
def entity_policy(request, pk: int, code: str):
    entity = _visible_entity(request, pk)
    drill = selectors.policy_drill(request.user, entity, code.upper(), _vigencia(request))
    if drill is None:
        raise Http404
    drill["entity"] = entity
    return render(request, "dashboards/entity_policy.html", drill)


def _vigencia(request) -> int | None:
    return selectors.parse_vigencia(request.GET.get("vigencia"))


def _sector_context(request, pk):
    sector = get_object_or_404(Sector, pk=pk)
    covered = scope.sector_scope(request.user, sector)
    if not covered["entities"]:
        raise Http404
    context = selectors.sector_dashboard(request.user, sector, covered["entities"], _vigencia(request))
    context["scope_note"] = covered["note"]
    _link_rows(context, covered["linked_ids"])
    return context


def _link_rows(context, linked_ids: set[int]) -> None:
    """Links of the ranking and heat map (built once here: hundreds of `{% url %}` tags cost more than the
    rest of the page), only to the entities whose dashboard the user may open."""
    if not context.get("has_results"):
        return
    entity_url = reverse("dashboards:entity", args=[0]).replace("/0/", "/{pk}/")
    policy_url = reverse("dashboards:entity_policy", args=[0, "CODE"]).replace("/0/", "/{pk}/")
    query = f"?vigencia={context['latest']}"
    for row in context["rows"]:
        pk = row["entity"].pk if row["entity"] else None
        linked = pk in linked_ids
        row["href"] = entity_url.format(pk=pk) + query if linked else ""
        for cell in row["cells"]:
            cell["href"] = policy_url.format(pk=pk).replace("CODE", cell["code"]) + query if linked else ""
        # The heat map's table row (24 entities x 19 policies): built here with format_html (every value
        # escaped), since template tags per cell made most of the page's time at national scale.
        # A linked cell's accessible name starts with its visible number (WCAG label-in-name), then says
        # which entity and policy it is in hidden text.
        name = row["entity"].acronym if row["entity"] and row["entity"].acronym else row["subject"].name
        row["heat_cells"] = format_html_join(
            "",
            '<td class="band-{}"><a href="{}">{}<span class="visually-hidden"> {} {}</span></a></td>'
            if linked
            else '<td class="band-{}">{}{}</td>',
            (
                (c["band"], c["href"], _shown(c["value"]), name, c["code"])
                if linked
                else (c["band"], "", _shown(c["value"]))
                for c in row["cells"]
            ),
        )


def _shown(value) -> str:
    return "n/a" if value is None else localize(value)


@login_required
@reading_from_replica()
def sector_dashboard(request, pk: int):
    context = _sector_context(request, pk)
    if context["has_results"]:
        # Rendered with `json_script` in the page: entity names are data, never markup.
        context["heatmap"] = {
            "entities": [r["entity"].acronym or r["subject"].name for r in context["rows"]],
            "policies": [p["code"] for p in context["policies"]],
            "cells": [
                [x, y, _num(cell["value"])]
                for y, row in enumerate(context["rows"])
                for x, cell in enumerate(row["cells"])
            ],
            "ranking": [[r["entity"].acronym or r["subject"].name, _num(r["idi"])] for r in context["rows"]],
        }
    return render(request, "dashboards/sector.html", context)


@login_required
@reading_from_replica()
def sector_xlsx(request, pk: int):
    context = _sector_context(request, pk)
    if not context["has_results"]:
        raise Http404
    policies = [p["code"] for p in context["policies"]]
    synthetic = _("Sí") if context["latest"] in synthetic_vigencias() else _("No")  # issue 11 item 7
    ranking = (
        (
            r["sector_rank"],
            r["subject"].sigep_code,
            r["subject"].name,
            r["subject"].peer_group,
            _num(r["idi"]),
            _num(r["idi_previous"]),
            _num(r["change"]),
            r["peer"]["rank"],
            r["peer"]["n"],
            r["peer"]["quintile"],
            _num(r["peer"]["median"]),
            _num(r["peer"]["max"]),
            _num(r["peer"]["gap"]),
            synthetic,
        )
        for r in context["rows"]
    )
    heat = (
        (r["subject"].sigep_code, r["subject"].name, *[_num(c["value"]) for c in r["cells"]])
        for r in context["rows"]
    )
    averages = (
        (
            a["code"],
            a["name"],
            _num(a["average"]),
            _num(a["previous"]),
            _num(a["change"]),
            _num(a["median"]),
            _num(a["min"]),
            _num(a["max"]),
        )
        for a in context["averages"]
    )
    latest, previous = context["latest"], context["previous"] or "—"
    return xlsx_response(
        f"tablero-sector-{context['sector'].code}-{latest}.xlsx",
        [
            (
                _("Ranking"),
                [
                    _("Puesto en el sector"),
                    _("Código SIGEP"),
                    _("Entidad"),
                    _("Grupo par"),
                    f"IDI {latest}",
                    f"IDI {previous}",
                    _("Cambio"),
                    _("Puesto en grupo par"),
                    _("Entidades del grupo"),
                    _("Quintil"),
                    _("Mediana del grupo"),
                    _("Máximo del grupo"),
                    _("Brecha al máximo"),
                    _("Datos sintéticos"),
                ],
                ranking,
            ),
            (_("Mapa de calor"), [_("Código SIGEP"), _("Entidad"), *policies], heat),
            (
                _("Promedios del sector"),
                [
                    _("Código"),
                    _("Índice"),
                    f"{_('Promedio')} {latest}",
                    f"{_('Promedio')} {previous} {_('(mismas entidades)')}",
                    _("Cambio (mismas entidades)"),
                    _("Mediana"),
                    _("Mínimo"),
                    _("Máximo"),
                ],
                averages,
            ),
        ],
    )


@login_required
@reading_from_replica()
def sector_pdf(request, pk: int):
    context = _sector_context(request, pk)
    if not context["has_results"]:
        raise Http404
    context["generated_at"] = timezone.localtime()
    context["generated_by"] = request.user.get_full_name() or request.user.username
    try:
        content = render_pdf(
            "dashboards/sector_report.html", context, request=request, volatile=("generated_at",)
        )
    except DocumentTooLarge as error:
        return document_refused(request, error)
    return pdf_response(f"informe-comite-sectorial-{context['sector'].code}-{context['latest']}.pdf", content)
