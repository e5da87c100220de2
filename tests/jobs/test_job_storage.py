"""A job's result goes through the default storage: with the S3 bucket on (moto's server), the exported
file is an object in the private bucket and is downloaded only through the gated view."""

from django.urls import reverse

from mipg.jobs.models import Job
from tests.core.test_object_storage import _object, bucket, s3_endpoint  # noqa: F401  (fixtures)

from .helpers import run_page_job
from .test_jobs import vigencia_2024  # noqa: F401  (fixture)


def test_an_export_is_stored_in_the_bucket_and_served_by_the_gated_view(world, login, bucket, vigencia_2024):  # noqa: F811
    job, content = run_page_job(
        login(world.reader), reverse("jobs:vigencia_export"), {"vigencia": 2024, "fmt": "csv"}
    )
    assert job.status == Job.Status.SUCCEEDED and job.result_file.name.startswith("trabajos/")
    assert _object(bucket, job.result_file.name) == content
    assert login(world.outsider).get(reverse("jobs:download", args=[job.pk])).status_code == 404
