"""The one django-tasks task: run the job whose id it is given (the job row says what to do)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from .execution import execute

    return execute(job_id)
