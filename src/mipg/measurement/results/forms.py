from django import forms
from django.utils.translation import gettext_lazy as _

from mipg.core.numbers import CountField, YearField
from mipg.core.validators import reasonable_date

from .models import Finding, ImprovementAction, Recommendation


class DateInput(forms.DateInput):
    input_type = "date"


class ResultsUploadForm(forms.Form):
    file = forms.FileField(label=_("Libro de resultados (.xlsx)"))
    vigencia = forms.CharField(label=_("Vigencia medida (año)"), max_length=8)
    sheet = forms.CharField(label=_("Hoja (opcional)"), max_length=120, required=False)


class RecommendationsUploadForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Entidad"), queryset=None)
    file = forms.FileField(label=_("Libro de recomendaciones (.xlsx, hoja «Recomendaciones»)"))
    vigencia = forms.CharField(label=_("Vigencia"), max_length=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the results administrator reaches this form: recommendations are loaded for any entity.
        from mipg.organizations.models import Entity

        self.fields["entity"].queryset = Entity.objects.order_by("name")


class ConfirmForm(forms.Form):
    """The explicit confirmation of a previewed replacement; `marker` is the data in force previewed."""

    marker = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Nombre del plan"), max_length=250)
    vigencia = YearField(label=_("Vigencia"), required=False)


class FindingForm(forms.Form):
    origin = forms.ChoiceField(label=_("Origen"), choices=Finding.Origin.choices)
    description = forms.CharField(label=_("Hallazgo"), widget=forms.Textarea(attrs={"rows": 3}))
    cause = forms.CharField(label=_("Causa"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    policy = forms.ModelChoiceField(label=_("Política"), queryset=None, required=False)

    def __init__(self, *args, policies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Acción de mejora"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Responsable"), max_length=200, required=False)
    dependencia = forms.ModelChoiceField(label=_("Dependencia responsable"), queryset=None, required=False)
    start_date = forms.DateField(label=_("Fecha de inicio"), widget=DateInput, validators=[reasonable_date])
    due_date = forms.DateField(
        label=_("Fecha de terminación"), widget=DateInput, validators=[reasonable_date]
    )
    deliverable = forms.CharField(label=_("Entregable"), max_length=300, required=False)
    indicator = forms.CharField(label=_("Indicador"), max_length=300, required=False)

    def __init__(self, *args, dependencias=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependencia"].queryset = dependencias


class BulkActionsForm(forms.Form):
    recommendations = forms.ModelMultipleChoiceField(
        label=_("Recomendaciones"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    plan = forms.ModelChoiceField(label=_("Plan de mejoramiento"), queryset=None, required=False)
    new_plan = forms.CharField(
        label=_("o cree un plan nuevo con este nombre"), max_length=250, required=False
    )
    responsible = forms.CharField(label=_("Responsable"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Fecha de inicio"), widget=DateInput, validators=[reasonable_date])
    due_date = forms.DateField(
        label=_("Fecha de terminación"), widget=DateInput, validators=[reasonable_date]
    )

    def __init__(self, *args, recommendations=None, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = recommendations
        self.fields["plan"].queryset = plans

    def clean(self):
        data = super().clean()
        if not data.get("plan") and not (data.get("new_plan") or "").strip():
            raise forms.ValidationError(_("Elija un plan de mejoramiento o escriba el nombre de uno nuevo."))
        return data


class ProgressForm(forms.Form):
    percent = CountField(
        label=_("Avance acumulado (%)"), max_value=100, help_text=_("Un número entero de 0 a 100.")
    )
    note = forms.CharField(label=_("Descripción del avance"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence_title = forms.CharField(label=_("Título de la evidencia"), max_length=250, required=False)
    evidence_file = forms.FileField(label=_("Archivo de evidencia"), required=False)
    evidence_url = forms.URLField(label=_("o enlace de evidencia"), required=False, assume_scheme="https")


class VerifyForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Resultado de la verificación"),
        choices=[("1", _("Eficaz")), ("0", _("No eficaz"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Observación"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


STATUS_CHOICES = [("", _("Todos"))] + list(Recommendation.Status.choices)
ACTION_STATUS = ImprovementAction.Status
