"""Forms of the administration pages; querysets limited to what the signed-in user administers."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Dependencia, Entity, Person, Sector
from .roles import grantable_roles


class EntityForm(forms.ModelForm):
    class Meta:
        model = Entity
        fields = [
            "name",
            "acronym",
            "sigep_code",
            "nit",
            "order",
            "legal_nature",
            "sector",
            "parent",
            "peer_group",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = selectors.administered_entities(user, subtree_only=True)
        if self.instance.pk:
            # Keep the current parent selectable even if it lies outside the user's subtree scope.
            parents = parents | Entity.objects.filter(pk=self.instance.parent_id)
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents.order_by("path")
        self.fields["sector"].queryset = Sector.objects.all()


class DependenciaForm(forms.ModelForm):
    class Meta:
        model = Dependencia
        fields = ["name", "code", "parent"]

    def __init__(self, *args, entity, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Dependencia.objects.filter(entity=entity)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["entity", "full_name", "position", "dependencia", "email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        entities = selectors.administered_entities(user).order_by("path")
        self.fields["entity"].queryset = entities
        self.fields["dependencia"].queryset = Dependencia.objects.filter(entity__in=entities).select_related(
            "entity"
        )
        self.fields["dependencia"].label_from_instance = lambda d: (
            f"{d.name} ({d.entity.acronym or d.entity.name})"
        )


class RoleGrantForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Entidad"), queryset=Entity.objects.none())
    role = forms.ChoiceField(label=_("Rol"))
    include_subtree = forms.BooleanField(
        label=_("Incluye entidades subordinadas"),
        required=False,
        help_text=_("Solo si usted administra también las subordinadas."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = (
            selectors.administered_entities(user).filter(is_active=True).order_by("path")
        )
        self.fields["role"].choices = grantable_roles(user)


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Libro de Excel (.xlsx)"),
        help_text=_("Use la plantilla: una fila por persona (hoja «Personas»)."),
    )
    entity = forms.ModelChoiceField(
        label=_("Entidad por defecto"),
        queryset=Entity.objects.none(),
        help_text=_("Para las filas que no indican el código SIGEP de su entidad."),
    )
    invite = forms.BooleanField(
        label=_("Invitar por correo a las cuentas nuevas"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = selectors.administered_entities(user).order_by("path")


class InvitationAcceptForm(SetPasswordForm):
    """Choose the password of an invited account (Django's password validators apply)."""


def person_choice_label(person) -> str:
    entity = person.entity.acronym or person.entity.name
    return f"{person.full_name} ({entity})" + (f" · {person.email}" if person.email else "")


class UserCreateForm(forms.Form):
    """A user account for a person: one already registered without an account, or a new one."""

    person = forms.ModelChoiceField(
        label=_("Persona registrada sin cuenta"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Déjelo vacío para registrar una persona nueva con los datos de abajo."),
    )
    entity = forms.ModelChoiceField(label=_("Entidad"), queryset=Entity.objects.none(), required=False)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200, required=False)
    position = forms.CharField(label=_("Cargo"), max_length=200, required=False)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.people_without_account(user)
        self.fields["person"].label_from_instance = person_choice_label
        self.fields["entity"].queryset = selectors.administered_entities(user).order_by("path")

    def clean(self):
        data = super().clean()
        if data.get("person") is None:
            for field in ("entity", "full_name", "email"):
                if not data.get(field) and field not in self.errors:
                    self.add_error(
                        field, _("Obligatorio para una persona nueva (o elija una persona registrada).")
                    )
        return data


class LinkPersonForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Persona"), queryset=Person.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.people_without_account(user)
        self.fields["person"].label_from_instance = person_choice_label
