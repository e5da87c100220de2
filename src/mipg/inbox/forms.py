from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPreference


class ReminderPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Resumen de pendientes por correo"),
        choices=ReminderPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )
