"""Run a page's background job in a test: POST the page (the immediate backend runs the job at once),
follow the redirect to the job, and read its result file through the gated download."""

from django.urls import reverse

from mipg.jobs.models import Job


def job_from(response) -> Job:
    assert response.status_code == 302 and response["Location"].startswith("/trabajos/"), response
    return Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def download(client, job: Job) -> bytes:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200, response
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def run_page_job(client, url: str, data: dict | None = None) -> tuple[Job, bytes | None]:
    job = job_from(client.post(url, data or {}))
    content = download(client, job) if job.status == Job.Status.SUCCEEDED and job.result_name else None
    return job, content
