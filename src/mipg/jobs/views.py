"""Pages: "Mis trabajos", a job's page (status, progress bar, log, result), its small JSON status for the
bar's polling, the gated download of its result, and the form that exports a vigencia."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from mipg.core.files import upload_response

from . import selectors
from .forms import VigenciaExportForm
from .models import Job
from .services import job_enqueue

PAGE_SIZE = 30


def _job_or_404(request, pk: int) -> Job:
    try:
        return selectors.job_for(request.user, pk)
    except Job.DoesNotExist as error:
        raise Http404 from error


@login_required
def job_list(request):
    page = Paginator(selectors.jobs_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@login_required
def job_detail(request, pk: int):
    job = _job_or_404(request, pk)
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "status_url": reverse("jobs:status", args=[job.pk])},
    )


def status_payload(job: Job) -> dict:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "done": job.is_done,
        "log": job.log_lines,
    }


@never_cache
@login_required
def job_status(request, pk: int):
    return JsonResponse(status_payload(_job_or_404(request, pk)))


@login_required
def job_download(request, pk: int):
    job = _job_or_404(request, pk)
    if job.status != Job.Status.SUCCEEDED or not job.result_file:
        raise Http404
    return upload_response(
        job.result_file, job.result_name, what=_("el resultado del trabajo «%(t)s»") % {"t": job.title}
    )


@login_required
def vigencia_export(request):
    """Official results are readable by every signed-in user (as the API's export): any of them may
    export a whole vigencia; the file is built by a worker."""
    form = VigenciaExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vigencia, fmt = form.cleaned_data["vigencia"], form.cleaned_data["fmt"]
        job = job_enqueue(
            user=request.user,
            kind=Job.Kind.VIGENCIA_EXPORT,
            title=_("Exportación de la vigencia %(year)s (%(fmt)s)") % {"year": vigencia, "fmt": fmt.upper()},
            params={"vigencia": vigencia, "fmt": fmt},
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/vigencia_export.html", {"form": form})
