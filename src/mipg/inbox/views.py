"""The "Mis pendientes" page, the reminder and calendar settings of the account, and the private feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mipg.organizations.models import Entity

from . import calendar, services
from .forms import ReminderPreferenceForm
from .items import pending_for
from .kinds import KINDS
from .models import CalendarFeed

PAGE_SIZE = 50


@login_required
def pending(request):
    items = pending_for(request.user)
    kind = request.GET.get("tipo", "")
    if kind in KINDS:
        items = [item for item in items if item.kind == kind]
    else:
        kind = ""
    overdue_only = request.GET.get("vencidos") == "1"
    if overdue_only:
        items = [item for item in items if item.overdue]
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inbox/pending.html",
        {
            "page": page,
            "total": len(items),
            "overdue": sum(1 for item in items if item.overdue),
            "kinds": [(code, label) for code, label in KINDS.items()],
            "kind": kind,
            "overdue_only": overdue_only,
        },
    )


@login_required
def go(request, entity_id: int):
    """Make `entity_id` the working entity (if the user may see it) and open the page of a pending item."""
    entity = get_object_or_404(Entity.objects.visible_to(request.user), pk=entity_id)
    target = request.GET.get("a") or "/"
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = reverse("inbox:pending")
    request.session["mipg_entity_id"] = entity.pk
    return redirect(target)


@login_required
def settings_page(request):
    form = ReminderPreferenceForm(
        request.POST or None, initial={"frequency": services.frequency_of(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_preference_set(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Se guardó su preferencia de recordatorios."))
        return redirect("inbox:settings")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "inbox/settings.html",
        {
            "form": form,
            "feed": feed,
            "feed_url": calendar.feed_url(feed) if feed else "",
        },
    )


@login_required
@require_POST
def feed_regenerate(request):
    services.calendar_feed_regenerate(user=request.user)
    messages.success(
        request, _("Se generó una dirección nueva para su calendario; la anterior dejó de funcionar.")
    )
    return redirect("inbox:settings")


@login_required
@require_POST
def feed_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Se revocó la dirección de su calendario: ya no funciona."))
    return redirect("inbox:settings")


@never_cache
def feed(request, token: str):
    """The user's private calendar: no session needed, the token in the address is the credential."""
    found = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=timezone.now())
    response = HttpResponse(calendar.user_feed(found.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gestor-mipg.ics"'
    return response
