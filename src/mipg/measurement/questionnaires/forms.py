from django import forms
from django.utils.translation import gettext_lazy as _

from mipg.core.numbers import YearField
from mipg.core.validators import reasonable_date

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Libro de Excel (.xlsx) con la hoja «Preguntas»"))
    name = forms.CharField(label=_("Nombre del cuestionario"), max_length=200, required=False)
    version = forms.CharField(label=_("Versión"), max_length=40, required=False)


class CampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Cuestionario"), queryset=None)
    entity = forms.ModelChoiceField(label=_("Entidad"), queryset=None)
    vigencia = YearField(label=_("Vigencia"))
    deadline = forms.DateField(
        label=_("Fecha límite"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[reasonable_date],
    )

    def __init__(self, *args, questionnaires, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["entity"].queryset = entities


class SectorCampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Cuestionario"), queryset=None)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=None)
    vigencia = YearField(label=_("Vigencia"))
    deadline = forms.DateField(
        label=_("Fecha límite"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[reasonable_date],
    )

    def __init__(self, *args, questionnaires, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["sector"].queryset = sectors


class AssignForm(forms.Form):
    modules = forms.ModelMultipleChoiceField(
        label=_("Módulos"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    question_codes = forms.CharField(
        label=_("O preguntas sueltas (códigos separados por comas)"), required=False, max_length=2000
    )
    dependencia = forms.ModelChoiceField(label=_("Dependencia"), queryset=None, required=False)
    person = forms.ModelChoiceField(label=_("Persona"), queryset=None, required=False)

    def __init__(self, *args, modules, dependencias, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = modules
        self.fields["dependencia"].queryset = dependencias
        self.fields["person"].queryset = people


class EvidenceAttachForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=250, required=False)
    file = forms.FileField(label=_("Archivo (PDF, documento de oficina o imagen)"), required=False)
    url = forms.URLField(label=_("O un enlace"), required=False, max_length=500, assume_scheme="https")
    reuse = forms.ChoiceField(label=_("O reutilice una evidencia de la entidad"), required=False)

    def __init__(self, *args, evidence_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reuse"].choices = [("", "—")] + [(str(e.pk), e.title) for e in evidence_choices]

    def clean(self):
        data = super().clean()
        given = [bool(data.get("file")), bool(data.get("url")), bool(data.get("reuse"))]
        if sum(given) != 1:
            raise forms.ValidationError(
                _(
                    "Adjunte un archivo, escriba un enlace o elija una evidencia existente "
                    "(solo una de las tres)."
                )
            )
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Observación"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
