from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre del token"),
        max_length=100,
        help_text=_("Para reconocerlo después, por ejemplo «Tablero de Power BI» o «script de cargue»."),
    )
