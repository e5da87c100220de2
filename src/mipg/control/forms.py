"""Forms of Control interno. Choices come from the entity's policy; unknown values still reach the services,
whose Spanish messages say what is wrong."""

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

from mipg.catalog.selectors import current_policies
from mipg.core import numbers
from mipg.institutional.models import Committee, Decision
from mipg.measurement.results.models import ImprovementAction
from mipg.operation.models import Activity, Indicator
from mipg.organizations.models import Dependencia, Person

from .libraries import corruption_questions
from .models import Control, ControlAssessment, Process, Risk

YES_NO = [("", "—"), ("1", _("Sí")), ("0", _("No"))]


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=True
    )


class PolicyForm(forms.Form):
    objective = forms.CharField(
        label=_("Objetivo de la política"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    appetite_zone = forms.ChoiceField(label=_("Apetito de riesgo: zona residual máxima aceptada"))
    appetite_statement = forms.CharField(
        label=_("Declaración del apetito de riesgo"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    w_preventivo = numbers.DecimalField(
        label=_("Peso del control preventivo (%)"), decimals=2, min_value=0, max_value=99
    )
    w_detectivo = numbers.DecimalField(
        label=_("Peso del control detectivo (%)"), decimals=2, min_value=0, max_value=99
    )
    w_correctivo = numbers.DecimalField(
        label=_("Peso del control correctivo (%)"), decimals=2, min_value=0, max_value=99
    )
    w_automatico = numbers.DecimalField(
        label=_("Peso de la implementación automática (%)"), decimals=2, min_value=0, max_value=99
    )
    w_manual = numbers.DecimalField(
        label=_("Peso de la implementación manual (%)"), decimals=2, min_value=0, max_value=99
    )
    scales = forms.CharField(
        label=_("Escalas, zonas y mapa de calor (YAML)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=_(
            "Copia de las tablas de la Guía v6; cambie criterios o porcentajes solo si la entidad los adaptó."
        ),
    )

    def __init__(self, *args, policy, **kwargs):
        tables = policy.tables
        weights = tables["control_weights"]
        initial = {
            "objective": policy.objective,
            "appetite_zone": policy.appetite_zone,
            "appetite_statement": policy.appetite_statement,
            "w_preventivo": weights["type"].get("preventivo"),
            "w_detectivo": weights["type"].get("detectivo"),
            "w_correctivo": weights["type"].get("correctivo"),
            "w_automatico": weights["implementation"].get("automatico"),
            "w_manual": weights["implementation"].get("manual"),
            "scales": yaml.safe_dump(
                {key: tables[key] for key in ("probability", "impact", "zones", "heat_map")},
                allow_unicode=True,
                sort_keys=False,
            ),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["appetite_zone"].choices = [(z["code"], z["name"]) for z in tables["zones"]]

    def clean_scales(self):
        try:
            data = yaml.safe_load(self.cleaned_data["scales"])
        except yaml.YAMLError as error:
            raise forms.ValidationError(_("El texto no es YAML válido: %(e)s") % {"e": error}) from error
        if not isinstance(data, dict) or not all(
            k in data for k in ("probability", "impact", "zones", "heat_map")
        ):
            raise forms.ValidationError(_("Deben estar probability, impact, zones y heat_map."))
        return data

    def tables(self) -> dict:
        data = dict(self.cleaned_data["scales"])

        def number(value):
            return int(value) if value == int(value) else float(value)

        data["control_weights"] = {
            "type": {
                k: number(self.cleaned_data[f"w_{k}"]) for k in ("preventivo", "detectivo", "correctivo")
            },
            "implementation": {k: number(self.cleaned_data[f"w_{k}"]) for k in ("automatico", "manual")},
        }
        return data


class ApprovalForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Decisión del Comité de Coordinación de Control Interno"), queryset=None
    )

    def __init__(self, *args, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (
            Decision.objects.filter(
                session__committee__entity=entity, session__committee__kind=Committee.Kind.INTERNAL_CONTROL
            )
            .select_related("session__committee")
            .order_by("-session__starts_at", "pk")
        )
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.session.day:%d/%m/%Y} · {d.text[:90]}" + ("" if d.approved else " (no aprobada)")
        )


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["code", "name", "kind", "objective", "leader_dependencia", "leader", "is_active"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        self.fields["leader_dependencia"].queryset = Dependencia.objects.filter(entity=entity)
        self.fields["leader"].queryset = Person.objects.filter(entity=entity)


class RiskForm(forms.Form):
    process = forms.ModelChoiceField(label=_("Proceso"), queryset=None)
    risk_class = forms.ChoiceField(label=_("Clase de riesgo"), choices=Risk.RiskClass.choices)
    code = forms.CharField(
        label=_("Código"), max_length=20, required=False, help_text=_("Vacío: se asigna R01, R02…")
    )
    impact_text = forms.CharField(
        label=_("Impacto: qué pasaría (pérdida económica, afectación reputacional…)"), max_length=300
    )
    immediate_cause = forms.CharField(label=_("Causa inmediata (por…)"), max_length=300)
    root_cause = forms.CharField(label=_("Causa raíz (debido a…)"), max_length=300)
    causes = forms.CharField(
        label=_("Causas (una por línea)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    consequences = forms.CharField(
        label=_("Consecuencias (una por línea)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    assets = forms.CharField(
        label=_("Activos de información afectados (riesgos de seguridad de la información)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    inherent_probability = forms.CharField(
        label=_("Probabilidad inherente"), required=False, widget=forms.Select
    )
    inherent_impact = forms.CharField(
        label=_("Impacto inherente (los riesgos de corrupción lo toman del cuestionario)"),
        required=False,
        widget=forms.Select,
    )
    corruption_answers = forms.MultipleChoiceField(
        label=_("Cuestionario de impacto (solo riesgos de corrupción): marque las respuestas «sí»"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    policies = forms.ModelMultipleChoiceField(
        label=_("Políticas MIPG relacionadas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, policy, processes, **kwargs):
        super().__init__(*args, **kwargs)
        tables = policy.tables
        self.fields["process"].queryset = processes
        self.fields["inherent_probability"].widget.choices = [("", "—")] + [
            (lvl["code"], f"{lvl['name']} ({lvl['percent']} %) – {lvl['criterion']}")
            for lvl in tables["probability"]
        ]
        self.fields["inherent_impact"].widget.choices = [("", "—")] + [
            (lvl["code"], f"{lvl['name']} ({lvl['percent']} %) – {lvl['economic']}")
            for lvl in tables["impact"]
        ]
        self.fields["corruption_answers"].choices = [
            (q["code"], f"{q['code']} {q['text']}") for q in corruption_questions()
        ]
        self.fields["policies"].queryset = current_policies()


class ControlForm(forms.Form):
    name = forms.CharField(label=_("Control"), max_length=300)
    description = forms.CharField(
        label=_("Descripción (responsable, acción, complemento)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    control_type = forms.CharField(
        label=_("Tipo"), required=False, widget=forms.Select(choices=[("", "—")] + Control.Type.choices)
    )
    implementation = forms.CharField(
        label=_("Implementación"),
        required=False,
        widget=forms.Select(choices=[("", "—")] + Control.Implementation.choices),
    )
    documentation = forms.ChoiceField(
        label=_("Documentación (informativo)"), choices=Control.Documentation.choices
    )
    frequency = forms.ChoiceField(label=_("Frecuencia (informativo)"), choices=Control.Frequency.choices)
    evidence_kind = forms.ChoiceField(
        label=_("Evidencia (informativo)"), choices=Control.EvidenceKind.choices
    )
    owner = forms.ModelChoiceField(label=_("Responsable"), queryset=None)
    order = numbers.CountField(label=_("Orden de aplicación"), min_value=1, required=False)

    def __init__(self, *args, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(entity=entity).order_by("full_name")


class TreatmentForm(forms.Form):
    treatment = forms.ChoiceField(label=_("Tratamiento"), choices=[("", "—")] + Risk.Treatment.choices)
    note = forms.CharField(label=_("Justificación"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    activities = forms.ModelMultipleChoiceField(
        label=_("Actividades del plan de acción"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    improvement_actions = forms.ModelMultipleChoiceField(
        label=_("Acciones de mejora"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicadores clave de riesgo (de Operación)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, entity, vigencia, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = Activity.objects.filter(
            goal__plan__entity=entity, goal__plan__vigencia=vigencia
        ).order_by("code")
        self.fields["improvement_actions"].queryset = ImprovementAction.objects.filter(
            finding__plan__entity=entity
        ).order_by("due_date")
        self.fields["indicators"].queryset = Indicator.objects.filter(
            entity=entity, vigencia=vigencia
        ).order_by("name")


class EventForm(forms.Form):
    occurred_on = forms.DateField(label=_("Fecha"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Qué ocurrió"), widget=forms.Textarea(attrs={"rows": 2}))
    effect = forms.CharField(label=_("Efecto"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    vigencia = numbers.YearField(label=_("Vigencia"))
    name = forms.CharField(label=_("Nombre"), max_length=100)
    start = forms.DateField(label=_("Inicio"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}))


class SelfAssessmentForm(forms.Form):
    executed = _yes_no(_("¿El control se ejecutó en el periodo?"))
    note = forms.CharField(
        label=_("Cómo se ejecutó"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("Evidencia: archivo"), required=False)
    url = forms.URLField(label=_("o enlace"), required=False, max_length=500, assume_scheme="https")


class ReviewForm(forms.Form):
    result = forms.ChoiceField(label=_("Resultado de la revisión"), choices=ControlAssessment.Review.choices)
    note = forms.CharField(label=_("Observaciones"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EvaluationForm(forms.Form):
    design_present = _yes_no(_("Diseño: ¿el control está presente?"))
    operating = _yes_no(_("Ejecución: ¿el control está funcionando?"))
    note = forms.CharField(label=_("Evaluación"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    finding = forms.CharField(
        label=_("Hallazgo (abre una acción en el plan de mejoramiento)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class FollowUpForm(forms.Form):
    cut = forms.TypedChoiceField(
        label=_("Corte"),
        coerce=int,
        choices=[(1, _("1 – 30 de abril")), (2, _("2 – 31 de agosto")), (3, _("3 – 31 de diciembre"))],
    )
    summary = forms.CharField(label=_("Resultado del seguimiento"), widget=forms.Textarea(attrs={"rows": 3}))
    published_on = forms.DateField(
        label=_("Publicado el"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_url = forms.URLField(label=_("Enlace de publicación"), required=False, assume_scheme="https")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Libro de Excel (.xlsx) con la hoja «Mapa de riesgos»"))


class AuditForm(forms.Form):
    process = forms.ModelChoiceField(label=_("Proceso auditado"), queryset=None)
    title = forms.CharField(label=_("Auditoría"), max_length=250)
    objective = forms.CharField(label=_("Objetivo"), widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.CharField(label=_("Alcance"), widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(label=_("Inicio"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}))
    auditors = forms.ModelMultipleChoiceField(
        label=_("Auditores"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    status = forms.ChoiceField(label=_("Estado"), choices=[])
    report_summary = forms.CharField(
        label=_("Conclusiones del informe"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, entity, **kwargs):
        from .models import Audit

        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(entity=entity).order_by("code")
        self.fields["auditors"].queryset = Person.objects.filter(entity=entity).order_by("full_name")
        self.fields["status"].choices = Audit.Status.choices


class CheckItemForm(forms.Form):
    criterion = forms.CharField(label=_("Criterio o requisito a verificar"), max_length=400)


class CheckRateForm(forms.Form):
    result = forms.ChoiceField(label=_("Resultado"), choices=[])
    note = forms.CharField(label=_("Observación"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import AuditCheckItem

        super().__init__(*args, **kwargs)
        self.fields["result"].choices = AuditCheckItem.Result.choices


class AuditFindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de hallazgo"), choices=[])
    description = forms.CharField(label=_("Hallazgo"), widget=forms.Textarea(attrs={"rows": 3}))
    criterion = forms.CharField(label=_("Criterio incumplido"), max_length=400, required=False)
    cause = forms.CharField(label=_("Causa"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        from .models import AuditFinding

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AuditFinding.Kind.choices
