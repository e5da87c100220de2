"""Reads: the jobs a user may see (their own; the entity's for its admins and planning)."""

from .models import Job


def jobs_for(user):
    return Job.objects.for_user(user).select_related("created_by", "entity")


def job_for(user, pk: int) -> Job:
    return jobs_for(user).get(pk=pk)
