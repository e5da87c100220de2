"""The error summary of a page, whatever its forms are called: ``{% load form_errors %}``, then
``{% invalid_forms as invalid %}``.

A page may carry several forms under any name (``follow_form``, ``verify_form``, a formset, a list of
forms). The base template collects every bound form of the page's context that has errors, so the page
title starts with "Error:" and one summary at the top links to each field in error (WCAG 3.3.1)."""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


def _forms_in(value):
    """The forms a context value holds: a form, the forms of a formset, or those of a list or dict."""
    if isinstance(value, BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield value
        if value.is_bound:
            yield from value.forms
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, (BaseForm, BaseFormSet)):
                yield from _forms_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, (BaseForm, BaseFormSet)):
                yield from _forms_in(item)


def _has_errors(form) -> bool:
    if not form.is_bound:
        return False
    if isinstance(form, BaseFormSet):
        return bool(form.non_form_errors())
    return bool(form.errors)


@register.simple_tag(takes_context=True)
def invalid_forms(context) -> list:
    """Every bound form (or formset, for its own errors) of the context that has errors, once each, in
    the order the context names them. Rendering the page does not validate unbound forms."""
    found, seen = [], set()
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) not in seen and _has_errors(form):
                seen.add(id(form))
                found.append(form)
    return found


@register.filter
def is_formset(value) -> bool:
    return isinstance(value, BaseFormSet)
