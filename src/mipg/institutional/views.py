"""Pages of Institucionalidad. Views check the gate through selectors and call services; they hold no
business rules."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.pdf import pdf_response
from mipg.core.xlsx import xlsx_response
from mipg.organizations.selectors import current_entity

from . import forms, selectors, services
from .models import Acta, AgendaItem, Commitment, Decision

PAGE_SIZE = 25


def _messages_of(error) -> str:
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


def _apply(request, form, call) -> bool:
    """Run a service; put its Spanish errors on the form (or in messages) and report success."""
    try:
        call()
    except ValidationError as error:
        if form is not None:
            if hasattr(error, "error_dict"):
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error.messages)
        else:
            messages.error(request, _messages_of(error))
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or _("No tiene permiso para esta acción."))
        return False
    return True


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errs)}" if label else " ".join(errs))


def _people_for(user, committee):
    return selectors.committee_people(user, committee)


def _fmt_dt(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _fmt_d(value):
    return value.strftime("%d/%m/%Y") if value else ""


# Committees ----------------------------------------------------------------------------------------


@login_required
def index(request):
    committees = selectors.with_commitment_counts(selectors.committees_for(request.user)).order_by(
        "entity__path", "name"
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "comites.xlsx",
            [
                (
                    "Comités",
                    [
                        "Entidad",
                        "Comité",
                        "Tipo",
                        "Frecuencia",
                        "Quórum",
                        "Mayoría",
                        "Compromisos abiertos",
                        "Vencidos",
                    ],
                    (
                        [
                            c.entity.name,
                            c.name,
                            c.get_kind_display(),
                            c.get_sessions_per_year_display(),
                            c.quorum_text,
                            c.majority_text,
                            c.open_commitments,
                            c.overdue_commitments,
                        ]
                        for c in committees
                    ),
                )
            ],
        )
    entity = current_entity(request)
    page = Paginator(committees, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "institutional/index.html",
        {
            "page": page,
            "can_create": entity is not None and services.can_write(request.user, entity),
            "entity": entity,
            "overdue_total": selectors.overdue_commitments(request.user).count(),
        },
    )


@login_required
def committee_create(request):
    entity = current_entity(request)
    if entity is None or not services.can_write(request.user, entity):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica crean comités."))
    form = forms.CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        committee = form.save(commit=False)
        committee.entity = entity
        if _apply(request, form, lambda: services.committee_save(user=request.user, committee=committee)):
            messages.success(request, _("Comité creado."))
            return redirect("institutional:committee_detail", pk=committee.pk)
    return render(request, "institutional/committee_form.html", {"form": form, "entity": entity})


@login_required
def committee_edit(request, pk: int):
    committee = get_object_or_404(selectors.committees_for(request.user), pk=pk)
    if not services.can_write(request.user, committee):
        raise PermissionDenied
    form = forms.CommitteeForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        if _apply(request, form, lambda: services.committee_save(user=request.user, committee=form.instance)):
            messages.success(request, _("Comité actualizado."))
            return redirect("institutional:committee_detail", pk=committee.pk)
    return render(
        request,
        "institutional/committee_form.html",
        {"form": form, "entity": committee.entity, "committee": committee},
    )


@login_required
def committee_detail(request, pk: int):
    committee = selectors.committee_for_page(request.user, pk)
    today = timezone.localdate()
    members = selectors.members_at(committee, today)
    sessions = Paginator(committee.sessions.order_by("-starts_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    open_commitments = list(
        selectors.commitments_for(request.user)
        .filter(session__committee=committee, status=Commitment.Status.OPEN)
        .order_by("due_date")[:50]
    )
    writable = services.can_write(request.user, committee)
    context = {
        "committee": committee,
        "members": members,
        "seats": list(committee.seats.all()),
        "acts": list(committee.acts.all()),
        "sessions": sessions,
        "open_commitments": open_commitments,
        "overdue": [c for c in open_commitments if c.is_overdue],
        "can_write": writable,
        "vacant_voting": sum(1 for m in members if m.person is None and m.seat.has_vote),
    }
    if writable:
        context.update(
            act_form=forms.CommitteeActForm(committee=committee),
            seat_form=forms.SeatForm(),
            assign_form=forms.SeatAssignForm(
                people=_people_for(request.user, committee), committee=committee
            ),
        )
    return render(request, "institutional/committee_detail.html", context)


def _writable_committee(request, pk):
    committee = get_object_or_404(selectors.committees_for(request.user), pk=pk)
    if not services.can_write(request.user, committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican este comité."))
    return committee


@login_required
@require_POST
def act_add(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.CommitteeActForm(request.POST, request.FILES, committee=committee)
    if form.is_valid():
        data = form.cleaned_data
        if _apply(
            request, None, lambda: services.committee_act_add(user=request.user, committee=committee, **data)
        ):
            messages.success(request, _("Acto registrado."))
    else:
        _form_errors(request, form)
    return redirect("institutional:committee_detail", pk=committee.pk)


@login_required
def act_download(request, pk: int):
    from django.http import FileResponse

    from .models import CommitteeAct

    act = get_object_or_404(CommitteeAct.objects.for_user(request.user), pk=pk)
    if not act.file:
        raise Http404
    return FileResponse(act.file.open("rb"), content_type="application/pdf", filename=f"{act}.pdf")


@login_required
@require_POST
def seat_add(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.SeatForm(request.POST)
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.seat_create(user=request.user, committee=committee, **form.cleaned_data),
        ):
            messages.success(request, _("Puesto creado."))
    else:
        _form_errors(request, form)
    return redirect("institutional:committee_detail", pk=committee.pk)


@login_required
@require_POST
def seat_assign(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.SeatAssignForm(
        request.POST, people=_people_for(request.user, committee), committee=committee
    )
    if form.is_valid():
        if _apply(request, None, lambda: services.seat_assign(user=request.user, **form.cleaned_data)):
            messages.success(request, _("Puesto asignado."))
    else:
        _form_errors(request, form)
    return redirect("institutional:committee_detail", pk=committee.pk)


def _holding_of(request, pk):
    from .models import SeatHolding

    holding = get_object_or_404(
        SeatHolding.objects.for_user(request.user).select_related("seat__committee__entity", "person"), pk=pk
    )
    if not services.can_write(request.user, holding.seat.committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican este comité."))
    return holding


@login_required
@require_POST
def holding_end(request, pk: int):
    holding = _holding_of(request, pk)
    form = forms.HoldingEndForm(request.POST)
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.seat_holding_end(
                user=request.user, holding=holding, end=form.cleaned_data["end"]
            ),
        ):
            messages.success(
                request,
                _("%(person)s deja el puesto «%(seat)s».")
                % {"person": holding.person.full_name, "seat": holding.seat.title},
            )
    else:
        _form_errors(request, form)
    return redirect("institutional:committee_detail", pk=holding.seat.committee_id)


@login_required
@require_POST
def holding_correct(request, pk: int):
    holding = _holding_of(request, pk)
    form = forms.HoldingCorrectForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if _apply(
            request,
            None,
            lambda: services.seat_holding_correct(
                user=request.user, holding=holding, start=data["start"], end=data["end"]
            ),
        ):
            messages.success(request, _("Fechas de la ocupación corregidas."))
    else:
        _form_errors(request, form)
    return redirect("institutional:committee_detail", pk=holding.seat.committee_id)


@login_required
def members_template(request, pk: int):
    committee = get_object_or_404(selectors.committees_for(request.user), pk=pk)
    return xlsx_response(f"plantilla-miembros-comite-{committee.pk}.xlsx", services.members_template())


@login_required
def members_import(request, pk: int):
    from mipg.core.imports import ImportRejected

    committee = _writable_committee(request, pk)
    form = forms.MembersImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.members_import(
                user=request.user, committee=committee, upload=form.cleaned_data["file"]
            )
        except ImportRejected as rejected:
            problems = rejected.problems
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(
                request,
                _(
                    "Miembros importados: %(s)s puestos creados, %(p)s personas creadas, "
                    "%(a)s asignaciones y %(u)s sin cambios."
                )
                % {
                    "s": counts["seats"],
                    "p": counts["people"],
                    "a": counts["assigned"],
                    "u": counts["unchanged"],
                },
            )
            return redirect("institutional:committee_detail", pk=committee.pk)
    return render(
        request,
        "institutional/members_import.html",
        {
            "committee": committee,
            "form": form,
            "problems": problems,
            "columns": services.MEMBERS_COLUMNS,
            "instructions": services.MEMBERS_INSTRUCTIONS,
        },
    )


# Sessions ------------------------------------------------------------------------------------------


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
    if committee_id.isdigit():
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


def _writable_session(request, pk):
    session = get_object_or_404(selectors.sessions_for(request.user), pk=pk)
    if not services.can_write(request.user, session.committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican esta sesión."))
    return session


def _back(session):
    return redirect("institutional:session_detail", pk=session.pk)


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
@require_POST
def session_cancel(request, pk: int):
    session = _writable_session(request, pk)
    if _apply(request, None, lambda: services.session_cancel(user=request.user, session=session)):
        messages.success(request, _("Sesión cancelada."))
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
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.agenda_item_add(user=request.user, session=session, **form.cleaned_data),
        ):
            messages.success(request, _("Punto agregado al orden del día."))
    else:
        _form_errors(request, form)
    return _back(session)


@login_required
@require_POST
def agenda_develop(request, pk: int):
    item = get_object_or_404(
        AgendaItem.objects.for_user(request.user).select_related("session__committee__entity"), pk=pk
    )
    if not services.can_write(request.user, item.session.committee):
        raise PermissionDenied
    form = forms.DevelopmentForm(request.POST)
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.agenda_item_develop(user=request.user, item=item, **form.cleaned_data),
        ):
            messages.success(request, _("Desarrollo guardado."))
    return _back(item.session)


def _agenda_item_of(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.for_user(request.user).select_related("session__committee__entity"), pk=pk
    )
    if not services.can_write(request.user, item.session.committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican esta sesión."))
    return item


@login_required
@require_POST
def agenda_edit(request, pk: int):
    item = _agenda_item_of(request, pk)
    form = forms.AgendaItemForm(request.POST)
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.agenda_item_update(user=request.user, item=item, **form.cleaned_data),
        ):
            messages.success(request, _("Punto del orden del día actualizado."))
    else:
        _form_errors(request, form)
    return _back(item.session)


@login_required
@require_POST
def agenda_delete(request, pk: int):
    item = _agenda_item_of(request, pk)
    session = item.session
    if _apply(request, None, lambda: services.agenda_item_delete(user=request.user, item=item)):
        messages.success(request, _("Punto retirado del orden del día."))
    return _back(session)


@login_required
@require_POST
def agenda_move(request, pk: int):
    item = _agenda_item_of(request, pk)
    form = forms.AgendaMoveForm(request.POST)
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.agenda_item_move(
                user=request.user, item=item, direction=form.cleaned_data["direction"]
            ),
        ):
            messages.success(request, _("Orden del día actualizado."))
    else:
        _form_errors(request, form)
    return _back(item.session)


@login_required
@require_POST
def decision_add(request, pk: int):
    session = _writable_session(request, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.decision_record(user=request.user, session=session, **form.cleaned_data),
        ):
            messages.success(request, _("Decisión registrada."))
    else:
        _form_errors(request, form)
    return _back(session)


@login_required
@require_POST
def commitment_add(request, pk: int):
    session = _writable_session(request, pk)
    form = forms.CommitmentForm(request.POST, people=_people_for(request.user, session.committee))
    if form.is_valid():
        if _apply(
            request,
            None,
            lambda: services.commitment_create(user=request.user, session=session, **form.cleaned_data),
        ):
            messages.success(request, _("Compromiso registrado."))
    else:
        _form_errors(request, form)
    return _back(session)


@login_required
@require_POST
def decision_delete(request, pk: int):
    decision = get_object_or_404(
        Decision.objects.for_user(request.user).select_related("session__committee__entity"), pk=pk
    )
    if not services.can_write(request.user, decision.session.committee):
        raise PermissionDenied
    if _apply(request, None, lambda: services.decision_delete(user=request.user, decision=decision)):
        messages.success(request, _("Decisión retirada."))
    return _back(decision.session)


@login_required
@require_POST
def commitment_delete(request, pk: int):
    commitment = get_object_or_404(selectors.commitments_for(request.user), pk=pk)
    if not services.can_write(request.user, commitment.session.committee):
        raise PermissionDenied
    if _apply(request, None, lambda: services.commitment_delete(user=request.user, commitment=commitment)):
        messages.success(request, _("Compromiso retirado."))
    return _back(commitment.session)


# Actas ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def acta_generate(request, pk: int):
    session = _writable_session(request, pk)
    if _apply(request, None, lambda: services.acta_generate(user=request.user, session=session)):
        messages.success(request, _("Acta generada en borrador."))
    return _back(session)


def _acta_of(request, pk):
    return get_object_or_404(
        selectors.actas_for(request.user).select_related("session__committee__entity"), pk=pk
    )


@login_required
@require_POST
def acta_notes(request, pk: int):
    acta = _acta_of(request, pk)
    form = forms.ActaNotesForm(request.POST)
    if form.is_valid():
        if _apply(
            request, None, lambda: services.acta_update(user=request.user, acta=acta, **form.cleaned_data)
        ):
            messages.success(request, _("Acta actualizada."))
    return _back(acta.session)


@login_required
@require_POST
def acta_approve(request, pk: int):
    acta = _acta_of(request, pk)
    if _apply(request, None, lambda: services.acta_approve(user=request.user, acta=acta)):
        messages.success(request, _("%(acta)s aprobada.") % {"acta": acta.label})
    return _back(acta.session)


@login_required
@require_POST
def acta_correct(request, pk: int):
    acta = _acta_of(request, pk)
    form = forms.ActaCorrectionForm(request.POST)
    if form.is_valid():
        if _apply(
            request, None, lambda: services.acta_correct(user=request.user, acta=acta, **form.cleaned_data)
        ):
            messages.success(request, _("Se abrió una nueva versión del acta para corregirla."))
    else:
        _form_errors(request, form)
    return _back(acta.session)


def acta_pdf_response(acta: Acta):
    filename = f"acta-{acta.number:02d}-{acta.year}-v{acta.version}.pdf"
    if acta.is_approved and acta.pdf:
        with acta.pdf.open("rb") as handle:
            return pdf_response(filename, handle.read())
    return pdf_response(filename, services.render_acta_pdf(acta))


@login_required
def acta_pdf(request, pk: int):
    """The PDF of an acta version (the frozen file once approved, the live draft otherwise)."""
    return acta_pdf_response(_acta_of(request, pk))


# Commitments ---------------------------------------------------------------------------------------


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
    if committee_id.isdigit():
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


# Compliance ----------------------------------------------------------------------------------------


@login_required
def compliance(request):
    today = timezone.localdate()
    year_param = request.GET.get("anio", "")
    year = (
        int(year_param) if year_param.isdigit() and 2000 <= int(year_param) <= today.year + 1 else today.year
    )
    rows = selectors.compliance(request.user, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"cumplimiento-comites-{year}.xlsx",
            [
                (
                    f"Cumplimiento {year}",
                    [
                        "Entidad",
                        "Comité",
                        "Frecuencia",
                        "Sesiones requeridas en el año",
                        "Esperadas a la fecha",
                        "Sesiones realizadas",
                        "Compromisos abiertos",
                        "Compromisos vencidos",
                    ],
                    (
                        [
                            r.committee.entity.name,
                            r.committee.name,
                            r.committee.get_sessions_per_year_display(),
                            r.required_year,
                            r.expected_to_date,
                            r.held,
                            r.open_commitments,
                            r.overdue_commitments,
                        ]
                        for r in rows
                    ),
                )
            ],
        )
    return render(request, "institutional/compliance.html", {"rows": rows, "year": year})
