"""The questionnaire bank: the index (questionnaires and campaigns), a questionnaire, its export and
the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from mipg.organizations.roles import can_manage
from mipg.organizations.selectors import current_entity, entities_for

from .. import selectors, services
from ..exporter import questionnaire_workbook
from ..forms import ImportForm
from ..importer import TYPE_NAMES
from .common import _error_text, _page


@login_required
def index(request):
    entity = current_entity(request)
    if request.GET.get("format") == "xlsx":
        rows = [
            [q.name, q.version, q.get_kind_display(), q.question_count]
            for q in selectors.questionnaires_for(request.user)
        ]
        return xlsx_response(
            "cuestionarios.xlsx",
            [(_("Cuestionarios"), [_("Nombre"), _("Versión"), _("Clase"), _("Preguntas")], rows)],
        )
    questionnaires = _page(request, selectors.questionnaires_for(request.user), 20)
    campaigns = selectors.campaigns_for(request.user).for_planning()  # SCI evaluations live in control
    if request.GET.get("format") == "campaigns-xlsx":
        return xlsx_response(
            "campanas.xlsx",
            [
                (
                    _("Campañas"),
                    [_("Cuestionario"), _("Entidad"), _("Vigencia"), _("Fecha límite")],
                    [[str(c.questionnaire), c.entity.name, c.vigencia, c.deadline] for c in campaigns],
                )
            ],
        )
    manageable = [e for e in entities_for(request.user) if can_manage(request.user, e)]
    return render(
        request,
        "questionnaires/index.html",
        {
            "entity": entity,
            "page": questionnaires,
            "campaigns": Paginator(campaigns.order_by("-vigencia", "entity__name", "pk"), 20).get_page(
                request.GET.get("cpage")
            ),
            "sector_campaigns": selectors.sector_campaigns_for(request.user)[:20],
            "can_import": services.can_import(request.user),
            "can_create": bool(manageable),
            "can_create_sector": bool(selectors.sector_ids_open_for_campaigns(request.user, manageable)),
            "today": timezone.localdate(),
        },
    )


@login_required
def questionnaire_detail(request, pk):
    questionnaire = get_object_or_404(selectors.questionnaires_for(request.user), pk=pk)
    page = _page(request, selectors.questionnaire_questions(questionnaire), 50)
    return render(
        request,
        "questionnaires/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "modules": selectors.modules_of(questionnaire),
            "page": page,
            "type_names": TYPE_NAMES,
        },
    )


@login_required
def questionnaire_export(request, pk):
    questionnaire = get_object_or_404(selectors.questionnaires_for(request.user), pk=pk)
    response = HttpResponse(questionnaire_workbook(questionnaire), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cuestionario-{questionnaire.pk}.xlsx"'
    return response


@login_required
def questionnaire_import(request):
    if not services.can_import(request.user):
        raise PermissionDenied(_("Solo planeación o un administrador pueden importar cuestionarios."))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_import(
                user=request.user,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                version=form.cleaned_data["version"],
            )
        except ImportRejected as error:
            problems = [str(p) for p in error.problems]
        except (ValidationError, PermissionDenied) as error:
            problems = [_error_text(error)]
        else:
            messages.success(
                request,
                _("Cuestionario importado: %(n)s preguntas.") % {"n": questionnaire.question_count},
            )
            return redirect("questionnaires:questionnaire_detail", questionnaire.pk)
    return render(
        request,
        "questionnaires/import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )
