"""Pages of committees: list, form, detail with acts and seats, and the members import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.files import upload_response
from mipg.core.imports import ImportRejected
from mipg.core.xlsx import xlsx_response
from mipg.organizations.selectors import current_entity

from .. import forms, selectors, services
from ..models import Commitment, CommitteeAct, SeatHolding
from ._helpers import PAGE_SIZE, _apply, _messages_of, _people_for, _post_action, _writable_committee


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


@login_required
@require_POST
def act_add(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.CommitteeActForm(request.POST, request.FILES, committee=committee)
    _post_action(
        request,
        lambda: services.committee_act_add(user=request.user, committee=committee, **form.cleaned_data),
        _("Acto registrado."),
        form,
    )
    return redirect("institutional:committee_detail", pk=committee.pk)


@login_required
def act_download(request, pk: int):
    act = get_object_or_404(CommitteeAct.objects.for_user(request.user), pk=pk)
    if not act.file:
        raise Http404
    return upload_response(act.file, f"{act}.pdf", what=_("el acto «%(act)s»") % {"act": act})


@login_required
@require_POST
def seat_add(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.SeatForm(request.POST)
    _post_action(
        request,
        lambda: services.seat_create(user=request.user, committee=committee, **form.cleaned_data),
        _("Puesto creado."),
        form,
    )
    return redirect("institutional:committee_detail", pk=committee.pk)


@login_required
@require_POST
def seat_assign(request, pk: int):
    committee = _writable_committee(request, pk)
    form = forms.SeatAssignForm(
        request.POST, people=_people_for(request.user, committee), committee=committee
    )
    _post_action(
        request,
        lambda: services.seat_assign(user=request.user, **form.cleaned_data),
        _("Puesto asignado."),
        form,
    )
    return redirect("institutional:committee_detail", pk=committee.pk)


def _holding_of(request, pk):
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
    _post_action(
        request,
        lambda: services.seat_holding_end(user=request.user, holding=holding, end=form.cleaned_data["end"]),
        _("%(person)s deja el puesto «%(seat)s».")
        % {"person": holding.person.full_name, "seat": holding.seat.title},
        form,
    )
    return redirect("institutional:committee_detail", pk=holding.seat.committee_id)


@login_required
@require_POST
def holding_correct(request, pk: int):
    holding = _holding_of(request, pk)
    form = forms.HoldingCorrectForm(request.POST)
    _post_action(
        request,
        lambda: services.seat_holding_correct(
            user=request.user, holding=holding, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        ),
        _("Fechas de la ocupación corregidas."),
        form,
    )
    return redirect("institutional:committee_detail", pk=holding.seat.committee_id)


@login_required
def members_template(request, pk: int):
    committee = get_object_or_404(selectors.committees_for(request.user), pk=pk)
    return xlsx_response(f"plantilla-miembros-comite-{committee.pk}.xlsx", services.members_template())


@login_required
def members_import(request, pk: int):
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
