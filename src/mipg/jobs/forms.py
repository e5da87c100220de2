from django import forms
from django.utils.translation import gettext_lazy as _


class VigenciaExportForm(forms.Form):
    vigencia = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)
    fmt = forms.ChoiceField(
        label=_("Formato"),
        choices=[("xlsx", _("Excel (xlsx)")), ("csv", _("CSV")), ("json", _("JSON"))],
        initial="xlsx",
    )
