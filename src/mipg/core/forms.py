from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=250, required=False)
    file = forms.FileField(label=_("Archivo (PDF, documento de oficina o imagen)"), required=False)
    url = forms.URLField(label=_("O un enlace"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Adjunte un archivo o escriba un enlace (uno de los dos)."))
        return data


class EvidenceVerificationForm(forms.Form):
    verified = forms.TypedChoiceField(
        label=_("Resultado"),
        choices=[("1", _("Verificada")), ("0", _("Rechazada"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("Observación"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
