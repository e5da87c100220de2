"""Pages of commitments: adding and withdrawing them in a session, the list, follow-up and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.xlsx import xlsx_response

from .. import forms, selectors, services
from ..models import Commitment
from ._helpers import PAGE_SIZE, _apply, _back, _fmt_dt, _people_for, _post_action, _writable_session


@login_required
@require_POST
def commitment_add(request, pk: int):
    session = _writable_session(request, pk)
    form = forms.CommitmentForm(request.POST, people=_people_for(request.user, session.committee))
    _post_action(
        request,
        lambda: services.commitment_create(user=request.user, session=session, **form.cleaned_data),
        _("Compromiso registrado."),
        form,
    )
    return _back(session)


@login_required
@require_POST
def commitment_delete(request, pk: int):
    commitment = get_object_or_404(selectors.commitments_for(request.user), pk=pk)
    if not services.can_write(request.user, commitment.session.committee):
        raise PermissionDenied
    _post_action(
        request,
        lambda: services.commitment_delete(user=request.user, commitment=commitment),
        _("Compromiso retirado."),
    )
    return _back(commitment.session)


@login_required
def commitment_list(request):
    commitments = selectors.commitments_for(request.user).order_by("due_date", "pk")
    state = request.GET.get("estado", "")
    today = timezone.localdate()
    if state == "abiertos":
        commitments = commitments.filter(status=Commitment.Status.OPEN)
    elif state == "vencidos":
        commitments = commitments.filter(status=Commitment.Status.OPEN, due_date__lt=today)
    elif state == "cumplidos":
        commitments = commitments.filter(status=Commitment.Status.CLOSED)
    committee_id = request.GET.get("comite", "")
    if committee_id.isascii() and committee_id.isdigit():
        commitments = commitments.filter(session__committee_id=committee_id)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "compromisos.xlsx",
            [
                (
                    "Compromisos",
                    [
                        "Comité",
                        "Sesión",
                        "Compromiso",
                        "Responsable",
                        "Dependencia",
                        "Fecha límite",
                        "Estado",
                    ],
                    (
                        [
                            c.session.committee.name,
                            _fmt_dt(c.session.starts_at),
                            c.description,
                            c.responsible.full_name,
                            str(c.dependencia or ""),
                            c.due_date,
                            c.status_label,
                        ]
                        for c in commitments
                    ),
                )
            ],
        )
    page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "institutional/commitment_list.html", {"page": page, "state": state})


@login_required
def commitment_detail(request, pk: int):
    commitment = get_object_or_404(
        selectors.commitments_for(request.user).prefetch_related("notes__author", "evidence"), pk=pk
    )
    follow_form = forms.FollowUpForm()
    close_form = forms.CloseCommitmentForm()
    if request.method == "POST":
        if request.POST.get("action") == "close":
            close_form = forms.CloseCommitmentForm(request.POST, request.FILES)
            if close_form.is_valid():
                data = close_form.cleaned_data
                if _apply(
                    request,
                    close_form,
                    lambda: services.commitment_close(
                        user=request.user,
                        commitment=commitment,
                        note=data["note"],
                        file=data["file"],
                        url=data["url"] or "",
                    ),
                ):
                    messages.success(request, _("Compromiso cerrado."))
                    return redirect("institutional:commitment_detail", pk=commitment.pk)
        else:
            follow_form = forms.FollowUpForm(request.POST)
            if follow_form.is_valid():
                if _apply(
                    request,
                    follow_form,
                    lambda: services.commitment_follow_up(
                        user=request.user, commitment=commitment, text=follow_form.cleaned_data["text"]
                    ),
                ):
                    messages.success(request, _("Seguimiento registrado."))
                    return redirect("institutional:commitment_detail", pk=commitment.pk)
    person = getattr(request.user, "person", None) if hasattr(request.user, "person") else None
    can_follow = services.can_write(request.user, commitment.session.committee) or (
        person is not None and person.pk == commitment.responsible_id
    )
    return render(
        request,
        "institutional/commitment_detail.html",
        {
            "commitment": commitment,
            "follow_form": follow_form,
            "close_form": close_form,
            "can_follow": can_follow,
        },
    )
