from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from mipg.core.xlsx import xlsx_response

from . import selectors
from .models import RoleAssignment
from .roles import can_administer, can_administer_subtree


@login_required
def entity_list(request):
    entities = selectors.entities_for(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        entities = (
            entities.filter(name__icontains=query)
            | entities.filter(acronym__icontains=query)
            | entities.filter(sigep_code=query)
            | entities.filter(nit__icontains=query)
        )
    state = request.GET.get("estado", "")
    if state in ("activas", "inactivas"):
        entities = entities.filter(is_active=state == "activas")
    order = request.GET.get("orden", "")
    if order in ("nacional", "territorial"):
        entities = entities.filter(order=order)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "entidades.xlsx",
            [
                (
                    "Entidades",
                    [
                        "Código SIGEP",
                        "Entidad",
                        "Sigla",
                        "NIT",
                        "Orden",
                        "Naturaleza jurídica",
                        "Sector",
                        "Grupo par",
                    ],
                    (
                        [
                            e.sigep_code,
                            e.name,
                            e.acronym,
                            e.nit,
                            e.get_order_display(),
                            e.legal_nature,
                            str(e.sector or ""),
                            e.peer_group,
                        ]
                        for e in entities
                    ),
                )
            ],
        )
    page = Paginator(entities, 50).get_page(request.GET.get("page"))
    from .selectors import administered_entities

    return render(
        request,
        "organizations/entity_list.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "order": order,
            "can_create": administered_entities(request.user, subtree_only=True).exists(),
        },
    )


@login_required
def entity_detail(request, pk: int):
    entity = get_object_or_404(selectors.entities_for(request.user), pk=pk)
    return render(
        request,
        "organizations/entity_detail.html",
        {
            "entity": entity,
            "dependencias": selectors.dependencias_for(request.user, entity),
            "people": selectors.people_for(request.user, entity)[:100],
            "people_count": selectors.people_for(request.user, entity).count(),
            "administers": can_administer(request.user, entity),
            "administers_subtree": can_administer_subtree(request.user, entity),
            "children": selectors.entities_for(request.user).filter(parent=entity),
            "assignments": RoleAssignment.objects.for_user(request.user)
            .filter(entity=entity)
            .select_related("user"),
        },
    )
