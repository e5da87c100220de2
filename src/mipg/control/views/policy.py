from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, scoring, selectors, services
from ..forms import ApprovalForm, PolicyForm, ProcessForm
from .common import apply_errors, base_context, entity_or_404, vigencia_context


@login_required
def index(request):
    entity, vigencia, policy = vigencia_context(request)
    context = base_context(request, entity, vigencia=vigencia, policy=policy)
    if policy is not None:
        context["residual"] = selectors.heat_map(request.user, entity, vigencia, policy, "residual")[
            "by_zone"
        ]
        by_zone = context["residual"]
        context["zones"] = [{**z, "count": by_zone.get(z["code"], 0)} for z in policy.tables["zones"]]
        context["risk_count"] = sum(context["residual"].values())
    period = selectors.current_period(request.user, entity)
    if period is not None:
        queue = selectors.queue(request.user, entity, period)
        context["period"] = period
        context["queue_counts"] = {k: len(v) for k, v in queue.items()}
    context["follow_ups"] = selectors.follow_up_status(request.user, entity, vigencia)
    return render(request, "control/index.html", context)


@login_required
def policy_detail(request):
    entity, vigencia, policy = vigencia_context(request)
    context = base_context(request, entity, vigencia=vigencia, policy=policy)
    if policy is not None:
        tables = policy.tables
        impacts = tables["impact"]
        zones = {z["code"]: z for z in tables["zones"]}
        context["matrix"] = [
            {"probability": p, "cells": [zones[scoring.zone(tables, p["code"], i["code"])] for i in impacts]}
            for p in reversed(tables["probability"])
        ]
        context["appetite"] = zones.get(policy.appetite_zone)
        from ..libraries import corruption_bands, corruption_questions

        context["questions"] = corruption_questions()
        context["bands"] = corruption_bands()
    return render(request, "control/policy_detail.html", context)


@login_required
@require_POST
def policy_create(request):
    entity, vigencia, policy = vigencia_context(request)
    try:
        services.policy_create(user=request.user, entity=entity, vigencia=vigencia)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Se creó la política de %(v)s con las tablas de la Guía v6.") % {"v": vigencia}
        )
    return redirect(f"{reverse('control:policy')}?vigencia={vigencia}")


def _policy(request, pk):
    policy = get_object_or_404(selectors.policies_for(request.user), pk=pk)
    if not permissions.can_manage(request.user, policy.entity):
        raise PermissionDenied
    return policy


@login_required
def policy_edit(request, pk: int):
    policy = _policy(request, pk)
    form = PolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(
                user=request.user,
                policy=policy,
                tables=form.tables(),
                appetite_zone=form.cleaned_data["appetite_zone"],
                appetite_statement=form.cleaned_data["appetite_statement"],
                objective=form.cleaned_data["objective"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "tables" in error.error_dict:
                form.add_error("scales", error.message_dict["tables"])
            else:
                apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó la política; los riesgos se recalcularon con sus tablas."))
            return redirect(f"{reverse('control:policy')}?vigencia={policy.vigencia}")
    return render(
        request, "control/policy_form.html", base_context(request, policy.entity, policy=policy, form=form)
    )


@login_required
def policy_approve(request, pk: int):
    policy = _policy(request, pk)
    form = ApprovalForm(request.POST or None, entity=policy.entity)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_approve(user=request.user, policy=policy, decision=form.cleaned_data["decision"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("La política quedó aprobada y vinculada a la decisión del comité."))
            return redirect(f"{reverse('control:policy')}?vigencia={policy.vigencia}")
    return render(
        request, "control/policy_approve.html", base_context(request, policy.entity, policy=policy, form=form)
    )


@login_required
def process_list(request):
    entity, vigencia, _policy_obj = vigencia_context(request)
    processes = selectors.processes_for(request.user, entity).order_by("kind", "code")
    counts = selectors.process_counts(request.user, entity, vigencia)
    rows = [{"process": p, "risks": counts.get(p.pk, 0)} for p in processes]
    return render(
        request, "control/process_list.html", base_context(request, entity, vigencia=vigencia, rows=rows)
    )


def _process_form(request, process=None):
    entity = process.entity if process is not None else entity_or_404(request)
    if not permissions.can_manage(request.user, entity):
        raise PermissionDenied
    form = ProcessForm(request.POST or None, instance=process, entity=entity)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.policy.PROCESS_FIELDS}
        try:
            services.process_save(user=request.user, entity=entity, process=process, **fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el proceso."))
            return redirect("control:process_list")
    return render(
        request, "control/process_form.html", base_context(request, entity, form=form, process=process)
    )


@login_required
def process_create(request):
    return _process_form(request)


@login_required
def process_edit(request, pk: int):
    process = get_object_or_404(selectors.processes_for(request.user), pk=pk)
    return _process_form(request, process)
