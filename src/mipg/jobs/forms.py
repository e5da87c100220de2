from django import forms
from django.utils.translation import gettext_lazy as _

from mipg.core.numbers import YearField


class VigenciaExportForm(forms.Form):
    vigencia = YearField(label=_("Vigencia"))
    fmt = forms.ChoiceField(
        label=_("Formato"),
        choices=[("xlsx", _("Excel (xlsx)")), ("csv", _("CSV")), ("json", _("JSON"))],
        initial="xlsx",
    )
