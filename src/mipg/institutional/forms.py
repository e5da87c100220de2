from django import forms
from django.utils.translation import gettext_lazy as _

from mipg.catalog.models import Policy
from mipg.core.numbers import CountField, DecimalField
from mipg.core.validators import reasonable_date
from mipg.organizations.models import Person

from .models import Attendance, Committee, CommitteeAct, Seat, Session

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = [
            "kind",
            "name",
            "functions",
            "sessions_per_year",
            "quorum_kind",
            "quorum_value",
            "majority_kind",
            "majority_value",
            "is_active",
        ]
        widgets = {"functions": forms.Textarea(attrs={"rows": 4})}

    # Typed in es-CO (one parser for the whole app): "50,5" is fifty and a half.
    quorum_value = DecimalField(
        label=_("Valor de la regla de quórum"),
        decimals=1,
        min_value=0,
        max_value=9999,
        help_text=_(
            "Porcentaje de los miembros con voto (regla de porcentaje) o número de miembros (número fijo). "
            "Ejemplo: 66,7."
        ),
    )
    majority_value = DecimalField(
        label=_("Valor de la regla de mayoría"),
        decimals=1,
        min_value=0,
        max_value=9999,
        help_text=_("Se aplica sobre los miembros con voto presentes. Ejemplo: 66,7."),
    )


class CommitteeActForm(forms.Form):
    act_type = forms.ChoiceField(label=_("Tipo de acto"), choices=CommitteeAct.ActType.choices)
    number = forms.CharField(label=_("Número"), max_length=30)
    date = forms.DateField(label=_("Fecha"), widget=DATE_INPUT, validators=[reasonable_date])
    issuer = forms.CharField(label=_("Expedido por"), max_length=200)
    effect = forms.ChoiceField(label=_("Efecto"), choices=CommitteeAct.Effect.choices)
    affects = forms.ModelChoiceField(
        label=_("Acto que modifica o deroga"), queryset=CommitteeAct.objects.none(), required=False
    )
    summary = forms.CharField(label=_("Objeto"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    file = forms.FileField(label=_("Archivo PDF"), required=False)

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.fields["affects"].queryset = committee.acts.all()


class SeatForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol en el comité"), choices=Seat.Role.choices)
    title = forms.CharField(label=_("Cargo"), max_length=250)
    has_vote = forms.TypedChoiceField(
        label=_("Voto"),
        choices=[
            ("", _("Según el rol (presidencia y miembros votan)")),
            ("1", _("Con voto")),
            ("0", _("Sin voto")),
        ],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )


class SeatAssignForm(forms.Form):
    seat = forms.ModelChoiceField(label=_("Puesto"), queryset=Seat.objects.none())
    person = forms.ModelChoiceField(label=_("Persona que lo ocupa"), queryset=Person.objects.none())
    start = forms.DateField(label=_("Desde"), widget=DATE_INPUT, validators=[reasonable_date])

    def __init__(self, *args, people=None, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
            self.fields["person"].label_from_instance = lambda p: (
                f"{p.full_name} ({p.entity.acronym or p.entity.name})"
            )
        if committee is not None:
            self.fields["seat"].queryset = committee.seats.all()


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de sesión"), choices=Session.Kind.choices)
    day = forms.DateField(label=_("Fecha"), widget=DATE_INPUT, validators=[reasonable_date])
    time = forms.TimeField(label=_("Hora"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Lugar"), max_length=250, required=False)
    virtual_link = forms.URLField(
        label=_("Enlace virtual"), max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=_("Orden del día (un punto por línea)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class SessionRescheduleForm(forms.Form):
    """When and where a scheduled or convened session meets (a convened one re-sends the invitation)."""

    day = SessionForm.base_fields["day"]
    time = SessionForm.base_fields["time"]
    place = SessionForm.base_fields["place"]
    virtual_link = SessionForm.base_fields["virtual_link"]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Tema"), max_length=300)
    policy = forms.ModelChoiceField(
        label=_("Política relacionada"), queryset=Policy.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from mipg.catalog.selectors import current_policies

        self.fields["policy"].queryset = current_policies()


class DevelopmentForm(forms.Form):
    development = forms.CharField(
        label=_("Desarrollo"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Miembro"), queryset=Person.objects.all())
    status = forms.ChoiceField(
        label=_("Asistencia"),
        choices=Attendance.Status.choices,
        error_messages={"required": _("Elija la asistencia: «sin registrar» no es un registro.")},
    )
    delegate = forms.CharField(label=_("Delegado (nombre y cargo)"), max_length=250, required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decisión"), widget=forms.Textarea(attrs={"rows": 2}))
    votes_for = CountField(label=_("Votos a favor"), max_value=9999)
    votes_against = CountField(label=_("Votos en contra"), max_value=9999, initial=0, required=False)
    abstentions = CountField(label=_("Abstenciones"), max_value=9999, initial=0, required=False)


class CommitmentForm(forms.Form):
    description = forms.CharField(label=_("Compromiso"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ModelChoiceField(label=_("Responsable"), queryset=Person.objects.none())
    due_date = forms.DateField(label=_("Fecha límite"), widget=DATE_INPUT, validators=[reasonable_date])

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["responsible"].queryset = people


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Seguimiento"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseCommitmentForm(forms.Form):
    note = forms.CharField(label=_("Observación de cierre"), widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("Archivo de evidencia"), required=False)
    url = forms.URLField(label=_("o enlace de evidencia"), required=False, assume_scheme="https")


class ActaNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Proposiciones y varios"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActaCorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Motivo de la corrección"), widget=forms.Textarea(attrs={"rows": 2}))


class HoldingEndForm(forms.Form):
    end = forms.DateField(label=_("Deja el puesto el"), widget=DATE_INPUT, validators=[reasonable_date])


class HoldingCorrectForm(forms.Form):
    start = forms.DateField(label=_("Desde"), widget=DATE_INPUT, validators=[reasonable_date])
    end = forms.DateField(
        label=_("Hasta (vacío si aún lo ocupa)"),
        widget=DATE_INPUT,
        validators=[reasonable_date],
        required=False,
    )


class AgendaMoveForm(forms.Form):
    direction = forms.ChoiceField(label=_("Dirección"), choices=[("up", _("Subir")), ("down", _("Bajar"))])


class MembersImportForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo Excel (.xlsx) con los miembros"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
