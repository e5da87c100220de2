"""The error summary and the "Error:" page title come from every bound form of the page with errors,
whatever the view calls it: a form under another name, a formset, a list of forms."""

import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.forms import formset_factory
from django.template import engines
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    text = forms.CharField(label="Seguimiento")


class BaseNotes(forms.BaseFormSet):
    def clean(self):
        raise forms.ValidationError("Registre al menos dos notas distintas.")


def render(**context) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    source = '{% extends "base.html" %}{% block title %}Compromiso{% endblock %}'
    template = engines["django"].from_string(source)
    return template.render(context, request)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_a_form_with_another_name_gets_the_summary_and_the_error_title():
    html = render(follow_form=NoteForm(data={"text": ""}), close_form=NoteForm())
    assert title(html).startswith("Error: Compromiso")
    assert 'class="error-summary"' in html
    assert '<a href="#id_text">Seguimiento: Este campo es requerido.</a>' in html
    assert html.count("Este campo es requerido.") == 1, "the unbound form adds nothing"


def test_forms_in_a_list_and_a_formset_are_summarised_once_each():
    notes = formset_factory(NoteForm, formset=BaseNotes, extra=0)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-text": ""}
    )
    first = NoteForm(data={"text": ""}, prefix="first")
    html = render(notes=notes, rows=[first], again=first)
    assert title(html).startswith("Error: ")
    assert "Registre al menos dos notas distintas." in html
    assert 'href="#id_form-0-text"' in html
    assert html.count('href="#id_first-text"') == 1


def test_valid_and_unbound_forms_leave_the_page_as_it_is():
    html = render(form=NoteForm(), follow_form=NoteForm(data={"text": "Avance"}))
    assert title(html) == "Compromiso · Gestor MIPG"
    assert "error-summary" not in html
