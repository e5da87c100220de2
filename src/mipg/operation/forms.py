from django import forms
from django.utils.translation import gettext_lazy as _

from mipg.catalog.selectors import current_policies
from mipg.core.models import Evidence
from mipg.core.numbers import DecimalField, YearField
from mipg.core.validators import reasonable_date
from mipg.organizations.models import Dependencia, Person

from .libraries import decree_612_choices
from .models import Indicator, Instrument
from .models.plans import PERIODS
from .periods import period_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EntityScopedForm(forms.Form):
    """Limits dependencia/person/policy choices to the entity's own and the current catalogue."""

    def __init__(self, *args, entity=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
                continue
            model = field.queryset.model
            if model is Dependencia:
                field.queryset = Dependencia.objects.filter(entity=entity).order_by("name")
            elif model is Person:
                field.queryset = Person.objects.filter(entity=entity).order_by("full_name")
            elif model is Indicator:
                field.queryset = Indicator.objects.filter(entity=entity).order_by("-vigencia", "name")
            elif name in ("policy", "policies"):
                field.queryset = current_policies()


class LeadershipForm(EntityScopedForm):
    leading_dependencia = forms.ModelChoiceField(
        Dependencia.objects.none(), label=_("Dependencia líder"), required=False
    )
    leader = forms.ModelChoiceField(Person.objects.none(), label=_("Persona líder"), required=False)
    co_responsible = forms.ModelMultipleChoiceField(
        Dependencia.objects.none(),
        label=_("Dependencias corresponsables"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    norms = forms.CharField(
        label=_("Normas que la regulan en la entidad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InstrumentForm(EntityScopedForm):
    vigencia = YearField(label=_("Vigencia"))
    kind = forms.ChoiceField(label=_("Tipo"), choices=Instrument.Kind.choices)
    decree_plan = forms.ChoiceField(label=_("Plan del Decreto 612 de 2018"), required=False)
    name = forms.CharField(label=_("Nombre"), max_length=250)
    objective = forms.CharField(label=_("Objetivo"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_dependencia = forms.ModelChoiceField(
        Dependencia.objects.none(), label=_("Dependencia responsable"), required=False
    )
    start_date = forms.DateField(
        label=_("Inicio del periodo"), required=False, widget=DateInput(), validators=[reasonable_date]
    )
    end_date = forms.DateField(
        label=_("Fin del periodo"), required=False, widget=DateInput(), validators=[reasonable_date]
    )
    status = forms.ChoiceField(label=_("Estado"), choices=Instrument.Status.choices)
    published_on = forms.DateField(
        label=_("Fecha de publicación"), required=False, widget=DateInput(), validators=[reasonable_date]
    )
    published_url = forms.URLField(
        label=_("Enlace de publicación"), required=False, max_length=500, assume_scheme="https"
    )
    policies = forms.ModelMultipleChoiceField(
        current_policies(),
        label=_("Políticas que atiende"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decree_plan"].choices = [
            ("", _("— No es un plan del Decreto 612 —")),
            *decree_612_choices(),
        ]


class ActivityForm(EntityScopedForm):
    code = forms.CharField(label=_("Código"), max_length=30)
    name = forms.CharField(label=_("Actividad"), max_length=400)
    responsible_dependencia = forms.ModelChoiceField(
        Dependencia.objects.none(), label=_("Dependencia responsable")
    )
    responsible_person = forms.ModelChoiceField(
        Person.objects.none(), label=_("Persona responsable"), required=False
    )
    start_date = forms.DateField(label=_("Fecha de inicio"), widget=DateInput(), validators=[reasonable_date])
    end_date = forms.DateField(label=_("Fecha de fin"), widget=DateInput(), validators=[reasonable_date])
    weight = DecimalField(label=_("Peso en la meta (%)"), decimals=2, min_value=0, max_value=100)
    deliverable = forms.CharField(label=_("Entregable"), max_length=400, required=False)
    policy = forms.ModelChoiceField(current_policies(), label=_("Política"))


class PlanCreateForm(forms.Form):
    vigencia = YearField(label=_("Vigencia"))
    name = forms.CharField(
        label=_("Nombre"),
        max_length=250,
        required=False,
        help_text=_("Si lo deja vacío se llama «Plan de Acción» y la vigencia."),
    )


class GoalForm(EntityScopedForm):
    code = forms.CharField(label=_("Código"), max_length=30)
    name = forms.CharField(label=_("Meta"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.ModelChoiceField(
        Indicator.objects.none(), label=_("Indicador de la meta"), required=False
    )


class PlanImportForm(forms.Form):
    vigencia = YearField(label=_("Vigencia"))
    file = forms.FileField(label=_("Libro de Excel (.xlsx) con el plan de acción"))


class ProgressReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Periodo"), choices=PERIODS)
    # The limits (0 to 100) are checked by the service so the message is the same in pages and API.
    percent = DecimalField(label=_("Avance acumulado (%)"), decimals=1, help_text=_("Ejemplo: 62,5."))
    narrative = forms.CharField(
        label=_("Lo realizado en el periodo"), widget=forms.Textarea(attrs={"rows": 3})
    )
    backward_reason = forms.CharField(
        label=_("Motivo, si el avance es menor que el reportado antes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_file = forms.FileField(
        label=_("Evidencia: archivo (PDF, documento de oficina o imagen)"), required=False
    )
    evidence_url = forms.URLField(
        label=_("Evidencia: o un enlace"), required=False, max_length=500, assume_scheme="https"
    )
    existing_evidence = forms.ModelMultipleChoiceField(
        Evidence.objects.none(),
        label=_("Evidencia: o una que usted ya cargó (una evidencia puede soportar varios reportes)"),
        required=False,
    )

    def __init__(self, *args, user=None, entity=None, locked_periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A period whose progress is already approved is locked: it is not offered.
        locked = set(locked_periods)
        self.fields["period"].choices = [(v, label) for v, label in PERIODS if v not in locked]
        if user is not None and entity is not None:
            self.fields["existing_evidence"].queryset = (
                Evidence.objects.for_user(user)
                .filter(entity=entity, uploaded_by=user)
                .order_by("-uploaded_at")
            )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"), choices=[("approve", _("Aprobar")), ("return", _("Devolver"))]
    )
    comment = forms.CharField(
        label=_("Observación"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IndicatorForm(EntityScopedForm):
    vigencia = YearField(label=_("Vigencia"))
    name = forms.CharField(label=_("Nombre"), max_length=250)
    numerator = forms.CharField(label=_("Numerador (descripción)"), max_length=300)
    denominator = forms.CharField(label=_("Denominador (descripción)"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unidad"), max_length=40, initial="%")
    frequency = forms.ChoiceField(label=_("Frecuencia"), choices=Indicator.Frequency.choices)
    baseline = DecimalField(label=_("Línea base"), decimals=2, min_value=0, required=False)
    direction = forms.ChoiceField(label=_("Sentido"), choices=Indicator.Direction.choices)
    policy = forms.ModelChoiceField(current_policies(), label=_("Política"), required=False)
    responsible_dependencia = forms.ModelChoiceField(
        Dependencia.objects.none(), label=_("Dependencia responsable"), required=False
    )


class IndicatorPeriodMixin:
    """The period is chosen among the periods of the indicator's frequency (months, quarters, semesters or
    the year) for its vigencia and the years next to it: a typed value, never free text."""

    def _set_period_choices(self, indicator):
        if indicator is None:
            return
        years = range(indicator.vigencia - 1, indicator.vigencia + 2)
        field = self.fields["period"]
        field.choices = [("", _("— Elija el periodo —")), *period_choices(indicator.frequency, years)]
        field.help_text = _("Frecuencia del indicador: %(frequency)s; vigencia %(year)s.") % {
            "frequency": indicator.get_frequency_display().lower(),
            "year": indicator.vigencia,
        }


class TargetForm(IndicatorPeriodMixin, forms.Form):
    period = forms.ChoiceField(label=_("Periodo de la meta"), choices=())
    value = DecimalField(label=_("Meta"), decimals=2, min_value=0)

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_period_choices(indicator)


class MeasurementForm(IndicatorPeriodMixin, forms.Form):
    period = forms.ChoiceField(label=_("Periodo medido"), choices=())
    numerator_value = DecimalField(label=_("Valor del numerador"), decimals=2, min_value=0, required=False)
    denominator_value = DecimalField(
        label=_("Valor del denominador"), decimals=2, min_value=0, required=False
    )
    value = DecimalField(
        label=_("Resultado (si no usa numerador y denominador)"), decimals=2, min_value=0, required=False
    )
    note = forms.CharField(label=_("Observación"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label=_("Evidencia: archivo"), required=False)
    evidence_url = forms.URLField(
        label=_("Evidencia: o un enlace"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_period_choices(indicator)


class MeasurementCorrectForm(forms.Form):
    numerator_value = DecimalField(label=_("Valor del numerador"), decimals=2, min_value=0, required=False)
    denominator_value = DecimalField(
        label=_("Valor del denominador"), decimals=2, min_value=0, required=False
    )
    value = DecimalField(
        label=_("Resultado (si no usa numerador y denominador)"), decimals=2, min_value=0, required=False
    )
    note = forms.CharField(label=_("Observación"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label=_("Motivo de la corrección"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeasurementDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la eliminación"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Título del documento"), max_length=250, required=False)
    file = forms.FileField(label=_("Archivo (PDF, documento de oficina o imagen)"), required=False)
    url = forms.URLField(label=_("O un enlace"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Adjunte un archivo o escriba un enlace (uno de los dos)."))
        return data
