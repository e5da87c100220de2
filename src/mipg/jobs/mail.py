"""The e-mail that tells the person who asked for a job that it ended (HTML + text, Spanish), with the
link to the job page (the result is downloaded there, behind the sign-in, never attached)."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.inbox.calendar import absolute
from mipg.inbox.digest import address_of


def build_job_mail(job, address: str) -> EmailMultiAlternatives:
    user = job.created_by
    context = {
        "job": job,
        "name": user.get_full_name() or user.get_username(),
        "job_url": absolute(reverse("jobs:detail", args=[job.pk])),
        "jobs_url": absolute(reverse("jobs:list")),
    }
    if job.status == job.Status.SUCCEEDED:
        subject = _("Gestor MIPG: terminó «%(title)s»") % {"title": job.title}
    else:
        subject = _("Gestor MIPG: falló «%(title)s»") % {"title": job.title}
    message = EmailMultiAlternatives(
        subject, render_to_string("jobs/email/job_done.txt", context), to=[address]
    )
    message.attach_alternative(render_to_string("jobs/email/job_done.html", context), "text/html")
    return message


def send_job_mail(job) -> bool:
    address = address_of(job.created_by)
    if not address:
        return False
    build_job_mail(job, address).send(fail_silently=False)
    return True
