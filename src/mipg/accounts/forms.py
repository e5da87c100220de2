from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre del token"),
        max_length=100,
        help_text=_("Para reconocerlo después, por ejemplo «Tablero de Power BI» o «script de cargue»."),
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código"),
        max_length=40,
        help_text=_(
            "Los 6 dígitos que muestra su aplicación autenticadora, o uno de sus códigos de recuperación."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )


class TwoFactorEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Código de la aplicación"),
        max_length=10,
        help_text=_("Los 6 dígitos que muestra la aplicación después de agregar la cuenta."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )
