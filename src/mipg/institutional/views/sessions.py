"""Pages of sessions: scheduling, list, detail, convocation, attendance and quorum, agenda and decisions."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.xlsx import xlsx_response

from .. import forms, selectors, services
from ..models import AgendaItem, Decision
from ._helpers import (
    PAGE_SIZE,
    _apply,
    _back,
    _fmt_dt,
    _messages_of,
    _people_for,
    _post_action,
    _writable_committee,
    _writable_session,
)


@login_required
def session_create(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        holder = {}

        def call():
            holder["session"] = services.session_create(
                user=request.user,
                committee=committee,
                starts_at=starts_at,
                kind=data["kind"],
                place=data["place"],
                virtual_link=data["virtual_link"],
                agenda=data["agenda"].splitlines(),
            )

        if _apply(request, form, call):
            messages.success(request, _("Sesión programada."))
            return redirect("institutional:session_detail", pk=holder["session"].pk)
    return render(request, "institutional/session_form.html", {"form": form, "committee": committee})


@login_required
def session_list(request):
    sessions = selectors.sessions_for(request.user).order_by("-starts_at")
    committee_id = request.GET.get("comite", "")
    if committee_id.isascii() and committee_id.isdigit():
        sessions = sessions.filter(committee_id=committee_id)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "sesiones.xlsx",
            [
                (
                    "Sesiones",
                    ["Entidad", "Comité", "Tipo", "Fecha y hora", "Lugar", "Estado"],
                    (
                        [
                            s.committee.entity.name,
                            s.committee.name,
                            s.get_kind_display(),
                            _fmt_dt(s.starts_at),
                            s.place or s.virtual_link,
                            s.get_status_display(),
                        ]
                        for s in sessions
                    ),
                )
            ],
        )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "institutional/session_list.html", {"page": page})


def _session_context(request, session):
    committee = session.committee
    members = selectors.members_at(committee, session.day)
    attendance = list(session.attendance.all())
    by_seat = {a.seat_id: a for a in attendance}
    actas = list(session.actas.all())
    acta = actas[0] if actas else None
    writable = services.can_write(request.user, committee)
    editable = writable and not (acta and acta.is_approved) and session.status != "cancelada"
    context = {
        "session": session,
        "committee": committee,
        "rows": [
            {"member": m, "attendance": by_seat.get(m.seat.pk)} for m in members if m.person is not None
        ],
        "quorum": selectors.session_quorum(session, members, attendance),
        "agenda": list(session.agenda.all()),
        "follow_up": list(selectors.follow_up_commitments(session)),
        "decisions": list(session.decisions.all()),
        "commitments": list(session.commitments.all()),
        "acta": acta,
        "actas": actas,
        "can_write": writable,
        "editable": editable,
        "can_approve": acta is not None and not acta.is_approved and services.can_approve(request.user, acta),
        "status_choices": forms.AttendanceForm.base_fields["status"].choices,
        "is_future": session.starts_at > timezone.now(),
        "attendance_open": session.day <= timezone.localdate(),
    }
    if editable:
        context.update(
            agenda_form=forms.AgendaItemForm(),
            policies=list(forms.AgendaItemForm().fields["policy"].queryset),
            decision_form=forms.DecisionForm(),
            commitment_form=forms.CommitmentForm(people=_people_for(request.user, committee)),
        )
    if acta is not None and not acta.is_approved and writable:
        context["notes_form"] = forms.ActaNotesForm(initial={"notes": acta.notes})
    if acta is not None and acta.is_approved and writable:
        context["correction_form"] = forms.ActaCorrectionForm()
    return context


@login_required
def session_detail(request, pk: int):
    session = selectors.session_page(request.user, pk)
    return render(request, "institutional/session_detail.html", _session_context(request, session))


@login_required
@require_POST
def session_convene(request, pk: int):
    session = _writable_session(request, pk)
    holder = {}

    def call():
        holder["n"] = services.session_convene(user=request.user, session=session)

    if _apply(request, None, call):
        messages.success(
            request, _("Sesión convocada: se envió la convocatoria a %(n)s miembros.") % {"n": holder["n"]}
        )
    return _back(session)


@login_required
def session_reschedule(request, pk: int):
    session = _writable_session(request, pk)
    local = timezone.localtime(session.starts_at)
    initial = {
        "day": local.date(),
        "time": local.time(),
        "place": session.place,
        "virtual_link": session.virtual_link,
    }
    form = forms.SessionRescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            services.session_reschedule(
                user=request.user,
                session=session,
                starts_at=timezone.make_aware(datetime.combine(data["day"], data["time"])),
                place=data["place"],
                virtual_link=data["virtual_link"],
            )

        if _apply(request, form, call):
            messages.success(
                request,
                _("Sesión modificada. Los convocados reciben la invitación actualizada.")
                if session.convened_at
                else _("Sesión modificada."),
            )
            return _back(session)
    return render(
        request,
        "institutional/session_reschedule.html",
        {"form": form, "session": session, "committee": session.committee},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def session_cancel(request, pk: int):
    session = _writable_session(request, pk)
    _post_action(
        request, lambda: services.session_cancel(user=request.user, session=session), _("Sesión cancelada.")
    )
    return _back(session)


@login_required
@require_POST
def attendance_record(request, pk: int):
    session = _writable_session(request, pk)
    form = forms.AttendanceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.attendance_record(user=request.user, session=session, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            error = _messages_of(exc)
    else:
        error = " ".join(" ".join(e) for e in form.errors.values())
    if request.headers.get("HX-Request"):
        return quorum_partial(request, pk, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Asistencia registrada."))
    return _back(session)


@login_required
@require_POST
def attendance_all_present(request, pk: int):
    """«Todos presentes» (through `services.attendance_all_present`). With HTMX the answer is the session
    page, of which the button's `hx-select` swaps the attendance section (selects and quorum); without
    JavaScript, the usual redirect with a message."""
    session = _writable_session(request, pk)
    error, notice = "", ""
    try:
        added = services.attendance_all_present(user=request.user, session=session)
    except (ValidationError, PermissionDenied) as exc:
        error = _messages_of(exc)
    else:
        notice = _("%(n)s miembros registrados como presentes.") % {"n": added}
    if request.headers.get("HX-Request"):
        context = _session_context(request, selectors.session_page(request.user, pk))
        context.update(attendance_error=error, attendance_notice=notice)
        return render(request, "institutional/session_detail.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return _back(session)


@login_required
def quorum_partial(request, pk: int, error: str = ""):
    session = selectors.session_page(request.user, pk)
    context = _session_context(request, session)
    context["error"] = error
    return render(request, "institutional/_quorum.html", context)


@login_required
@require_POST
def agenda_add(request, pk: int):
    session = _writable_session(request, pk)
    form = forms.AgendaItemForm(request.POST)
    _post_action(
        request,
        lambda: services.agenda_item_add(user=request.user, session=session, **form.cleaned_data),
        _("Punto agregado al orden del día."),
        form,
    )
    return _back(session)


def _agenda_item_of(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.for_user(request.user).select_related("session__committee__entity"), pk=pk
    )
    if not services.can_write(request.user, item.session.committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican esta sesión."))
    return item


@login_required
@require_POST
def agenda_develop(request, pk: int):
    item = _agenda_item_of(request, pk)
    form = forms.DevelopmentForm(request.POST)
    _post_action(
        request,
        lambda: services.agenda_item_develop(user=request.user, item=item, **form.cleaned_data),
        _("Desarrollo guardado."),
        form,
    )
    return _back(item.session)


@login_required
@require_POST
def agenda_edit(request, pk: int):
    item = _agenda_item_of(request, pk)
    form = forms.AgendaItemForm(request.POST)
    _post_action(
        request,
        lambda: services.agenda_item_update(user=request.user, item=item, **form.cleaned_data),
        _("Punto del orden del día actualizado."),
        form,
    )
    return _back(item.session)


@login_required
@require_POST
def agenda_delete(request, pk: int):
    item = _agenda_item_of(request, pk)
    session = item.session
    _post_action(
        request,
        lambda: services.agenda_item_delete(user=request.user, item=item),
        _("Punto retirado del orden del día."),
    )
    return _back(session)


@login_required
@require_POST
def agenda_move(request, pk: int):
    item = _agenda_item_of(request, pk)
    form = forms.AgendaMoveForm(request.POST)
    _post_action(
        request,
        lambda: services.agenda_item_move(
            user=request.user, item=item, direction=form.cleaned_data["direction"]
        ),
        _("Orden del día actualizado."),
        form,
    )
    return _back(item.session)


@login_required
@require_POST
def decision_add(request, pk: int):
    session = _writable_session(request, pk)
    form = forms.DecisionForm(request.POST)
    _post_action(
        request,
        lambda: services.decision_record(user=request.user, session=session, **form.cleaned_data),
        _("Decisión registrada."),
        form,
    )
    return _back(session)


@login_required
@require_POST
def decision_delete(request, pk: int):
    decision = get_object_or_404(
        Decision.objects.for_user(request.user).select_related("session__committee__entity"), pk=pk
    )
    if not services.can_write(request.user, decision.session.committee):
        raise PermissionDenied
    _post_action(
        request,
        lambda: services.decision_delete(user=request.user, decision=decision),
        _("Decisión retirada."),
    )
    return _back(decision.session)
