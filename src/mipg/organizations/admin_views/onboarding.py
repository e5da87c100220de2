"""Bulk onboarding: the people-and-roles xlsx template, upload with preview, confirmation."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import XLSX_CONTENT_TYPE

from .. import people_import, selectors
from ..forms import (
    PeopleImportForm,
)
from .common import (
    MAX_IMPORT_BYTES,
    SESSION_IMPORT_KEY,
    base_url,
    require_admin,
)


@login_required
def people_template(request):
    require_admin(request)
    response = HttpResponse(people_import.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plantilla-personas.xlsx"'
    return response


@login_required
def people_import_view(request):
    """Upload: the import runs and is rolled back; its result is shown as a preview to confirm."""
    require_admin(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        if len(data) > MAX_IMPORT_BYTES:
            form.add_error("file", _("El archivo supera 5 MB."))
        else:
            try:
                plan = people_import.people_import(
                    user=request.user, file=data, default_entity=form.cleaned_data["entity"], dry_run=True
                )
            except ImportRejected as error:
                context.update({"problems": error.problems[:200], "problem_count": len(error.problems)})
                status = 400
            else:
                digest = hashlib.sha256(data).hexdigest()
                request.session[SESSION_IMPORT_KEY] = {
                    "data": base64.b64encode(data).decode(),
                    "digest": digest,
                    "entity": form.cleaned_data["entity"].pk,
                    "invite": form.cleaned_data["invite"],
                    "name": upload.name,
                }
                context.update({"plan": plan, "digest": digest, "file_name": upload.name})
        if form.errors:
            status = 400
    return render(request, "organizations/admin/people_import.html", context, status=status)


@login_required
@require_POST
def people_import_confirm(request):
    require_admin(request)
    pending = request.session.get(SESSION_IMPORT_KEY)
    if not pending or pending.get("digest") != request.POST.get("digest"):
        messages.error(request, _("No hay una vista previa pendiente de ese archivo: cárguelo de nuevo."))
        return redirect("organizations:people_import")
    entity = get_object_or_404(selectors.administered_entities(request.user), pk=pending["entity"])
    try:
        plan = people_import.people_import(
            user=request.user,
            file=base64.b64decode(pending["data"]),
            default_entity=entity,
            invite=pending["invite"],
            base_url=base_url(request),
        )
    except ImportRejected as error:
        return render(
            request,
            "organizations/admin/people_import.html",
            {
                "form": PeopleImportForm(user=request.user),
                "problems": error.problems[:200],
                "problem_count": len(error.problems),
            },
            status=400,
        )
    del request.session[SESSION_IMPORT_KEY]
    messages.success(
        request,
        _(
            "Importación terminada: %(created)s personas creadas, %(updated)s actualizadas, "
            "%(unchanged)s sin cambios."
        )
        % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
    )
    return redirect("organizations:person_list")
