"""Test data builders. Entities go through the real service so their tree paths are right."""

import factory
from django.contrib.auth import get_user_model

from mipg.organizations.models import Dependencia, Entity, Person, Sector
from mipg.organizations.roles import forget_roles
from mipg.organizations.services import entity_save


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.co")
    password = factory.django.Password("clave-de-prueba-123")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector{n}")
    name = factory.Sequence(lambda n: f"Sector {n}")


def make_entity(name: str, *, parent=None, sector=None, sigep_code=None, acronym="", peer_group="") -> Entity:
    entity = Entity(
        name=name,
        acronym=acronym,
        sigep_code=sigep_code or f"T{Entity.objects.count() + 1:05d}",
        parent=parent,
        sector=sector,
        peer_group=peer_group,
    )
    return entity_save(user=None, entity=entity)


class DependenciaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependencia

    name = factory.Sequence(lambda n: f"Dependencia {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Persona {n}")
    position = "Profesional"


def grant(user, entity, role: str, *, subtree: bool = False):
    from mipg.organizations.models import RoleAssignment

    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, entity=entity, role=role, defaults={"include_subtree": subtree}
    )
    forget_roles(user)
    return assignment


def minimal_pdf(pages: int = 1) -> bytes:
    """A genuine PDF (pypdf parses it): uploads of PDFs are parsed, not just sniffed (issue 9, item 12)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
