"""Shell pages: home, the entity selector, the history ("Historial") of any object, errors."""

import importlib
import importlib.util

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.catalog.selectors import current_version
from mipg.organizations.models import Entity
from mipg.organizations.roles import Role, roles_over

from .history import history_rows, person_name
from .models import DomainEvent


def _home_panels(request) -> list:
    panels = []
    for module_name in settings.MIPG_HOME_PANELS:
        if importlib.util.find_spec(module_name) is None:
            continue
        panels.extend(importlib.import_module(module_name).home_panels(request))
    return panels


@login_required
def home(request):
    from mipg.organizations.selectors import current_entity

    entity = current_entity(request)
    return render(
        request,
        "core/home.html",
        {
            "catalog_version": current_version(),
            "roles": sorted(Role(role).label for role in roles_over(request.user, entity)) if entity else [],
            "panels": _home_panels(request),
        },
    )


@login_required
@require_POST
def select_entity(request):
    entity = get_object_or_404(Entity.objects.visible_to(request.user), pk=request.POST.get("entity"))
    request.session["mipg_entity_id"] = entity.pk
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
def object_history(request, app_label: str, model_name: str, pk: str):
    """Every change (before/after) and domain event of one object the user may see."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    manager = model._default_manager
    if not hasattr(manager, "for_user"):
        raise Http404
    obj = get_object_or_404(manager.for_user(request.user), pk=pk)
    content_type = ContentType.objects.get_for_model(model)
    entries = (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )
    # Paginated: naming related objects costs queries per entry, so the page size bounds them.
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    events = DomainEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related(
        "actor"
    )
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "model_name": model._meta.verbose_name,
            "page": page,
            "rows": history_rows(page),
            "events": [(event, person_name(event.actor)) for event in events[:200]],
        },
    )


def page_not_found(request, exception=None):
    # A 404 may carry a Spanish explanation for the reader (e.g. an uploaded file missing from the server).
    message = getattr(exception, "user_message", "")
    if request.path.startswith("/api/"):
        # An API address that matches no route answers the API's one error shape, not an HTML page.
        from django.http import JsonResponse

        from .api import error_body

        return JsonResponse(error_body("not_found", message or _("No encontrado.")), status=404)
    return render(request, "404.html", {"message": message}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)


@login_required
def evidence_download(request, pk: int):
    """Evidence files are served only through this gate, never as public media."""
    from .files import upload_response
    from .models import Evidence

    evidence = get_object_or_404(Evidence.objects.for_user(request.user), pk=pk, kind=Evidence.Kind.FILE)
    return upload_response(
        evidence.file, evidence.original_name, what=_("la evidencia «%(t)s»") % {"t": evidence.title}
    )


@login_required
def evidence_detail(request, pk: int):
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError

    from .forms import EvidenceVerificationForm
    from .models import Evidence
    from .services import evidence_verify

    evidence = get_object_or_404(
        Evidence.objects.for_user(request.user).select_related("entity", "uploaded_by", "verified_by"), pk=pk
    )
    form = EvidenceVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_verify(
                user=request.user,
                evidence=evidence,
                verified=form.cleaned_data["verified"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Verificación registrada.")
            return redirect("evidence_detail", pk=evidence.pk)
    can_verify = bool({"control_interno", "admin"} & roles_over(request.user, evidence.entity))
    return render(
        request, "core/evidence_detail.html", {"evidence": evidence, "form": form, "can_verify": can_verify}
    )


@login_required
def measurement_index(request):
    """Landing of the Medición component: preparation (questionnaires) and official results."""
    return render(request, "core/measurement_index.html")
