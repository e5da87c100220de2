"""Pages: review and confirmation of staged imports of shared data (official results, recommendations)
and the archived versions a results administrator can restore. Every page answers 403 to anyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.imports import ImportRejected

from . import selectors, services
from .diff import recommendation_rows, recommendations_diff, results_diff, version_results
from .forms import ConfirmForm
from .models import RecommendationVersion, ResultVersion, StagedImport
from .permissions import can_administer_results
from .services.versions import recommendations_marker


def _admin_only(request) -> None:
    if not can_administer_results(request.user):
        raise PermissionDenied


def _staged_or_404(request, pk: int) -> StagedImport:
    try:
        return selectors.staged_import_for(request.user, pk)
    except StagedImport.DoesNotExist as error:
        raise Http404 from error


@login_required
def staged_preview(request, pk: int):
    staged = _staged_or_404(request, pk)
    return _render_staged(request, staged)


def _render_staged(request, staged, *, error: str = "", problems=None, status: int = 200):
    return render(
        request,
        "results/staged_preview.html",
        {"staged": staged, "preview": staged.preview, "error": error, **(problems or {})},
        status=status,
    )


@login_required
@require_POST
def staged_confirm(request, pk: int):
    """Applying the import runs as a background job (issue 14 item 5): all-or-nothing as before, and the
    job page says how it went (or why nothing changed). A staged import is confirmed once."""
    staged = _staged_or_404(request, pk)
    _admin_only(request)
    from mipg.jobs.offload import confirm_staged_import

    job, already = confirm_staged_import(user=request.user, staged=staged)
    if already:
        return _render_staged(
            request,
            staged,
            error=_("Esta importación ya se confirmó: no se aplica dos veces. Vea el trabajo «%(title)s».")
            % {"title": job.title},
            status=409,
        )
    return redirect("jobs:detail", pk=job.pk)


# ---------------------------------------------------------------- official results versions


@login_required
def version_list(request, vigencia: int):
    versions = list(selectors.result_versions(request.user, vigencia))
    imports = list(selectors.imports_for(request.user).filter(vigencia=vigencia)[:50])
    return render(
        request,
        "results/version_list.html",
        {"vigencia": vigencia, "versions": versions, "imports": imports},
    )


def _version_or_404(request, pk: int) -> ResultVersion:
    try:
        return selectors.result_version(request.user, pk)
    except ResultVersion.DoesNotExist as error:
        raise Http404 from error


@login_required
def version_restore(request, pk: int):
    """GET: what restoring would change; POST (with the marker of the data previewed): restore."""
    version = _version_or_404(request, pk)
    form = ConfirmForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            services.results_version_restore(
                user=request.user, version=version, expected_marker=form.cleaned_data["marker"]
            )
        except services.StaleData as stale:
            error, status = stale.message, 409
        else:
            messages.success(
                request,
                _("Vigencia %(year)s: restaurada la versión del %(when)s.")
                % {"year": version.vigencia, "when": version.archived_at.strftime("%d/%m/%Y %H:%M")},
            )
            return redirect("results:version_list", vigencia=version.vigencia)
    preview = results_diff(version.vigencia, version_results(version))
    return render(
        request,
        "results/version_restore.html",
        {
            "version": version,
            "preview": preview,
            "marker": services.results_marker(version.vigencia),
            "error": error,
        },
        status=status,
    )


# ---------------------------------------------------------------- recommendation versions


@login_required
def recommendation_version_list(request):
    _admin_only(request)
    versions = list(selectors.recommendation_versions(request.user)[:200])
    return render(request, "results/recommendation_versions.html", {"versions": versions})


@login_required
def recommendation_version_restore(request, pk: int):
    try:
        version = selectors.recommendation_version(request.user, pk)
    except RecommendationVersion.DoesNotExist as error:
        raise Http404 from error
    form = ConfirmForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendations_version_restore(
                user=request.user, version=version, expected_marker=form.cleaned_data["marker"]
            )
        except services.StaleData as stale:
            error, status = stale.message, 409
        except ImportRejected as rejected:
            error, status = " ".join(str(p) for p in rejected.problems), 409
        else:
            messages.success(request, _("Recomendaciones restauradas."))
            return redirect("results:recommendation_versions")
    preview = recommendations_diff(recommendation_rows(version.entity, version.vigencia), version.rows)
    return render(
        request,
        "results/recommendation_version_restore.html",
        {
            "version": version,
            "preview": preview,
            "marker": recommendations_marker(version.entity, version.vigencia),
            "error": error,
        },
        status=status,
    )
