import pytest

from mipg.catalog.loader import load_all
from mipg.institutional import demo
from mipg.institutional.models import Acta, Commitment, Committee, Seat, Session
from mipg.organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_the_two_committees_and_is_idempotent():
    load_all()
    organizations_demo.load()
    demo.load()
    counts = (
        Committee.objects.count(),
        Seat.objects.count(),
        Session.objects.count(),
        Commitment.objects.count(),
    )
    demo.load()
    assert (
        Committee.objects.count(),
        Seat.objects.count(),
        Session.objects.count(),
        Commitment.objects.count(),
    ) == counts
    sector = Committee.objects.get(name=demo.SECTOR_COMMITTEE)
    assert sector.entity.acronym == "MDN-UGG" and sector.kind == "sectorial"
    president = sector.seats.get(role=Seat.Role.PRESIDENCY).holdings.get().person
    assert president.user.username == "presidente" and "(demo)" in president.full_name
    titles = set(sector.seats.values_list("title", flat=True))
    assert {"Comandante del Ejército Nacional", "Director General de la Policía Nacional"} <= titles
    assert [str(a) for a in sector.acts.all()] == ["Resolución 864 de 2021", "Resolución 4240 de 2018"]
    assert sector.acts.get(number="864").affects.number == "4240"
    assert Acta.objects.filter(status=Acta.Status.APPROVED).count() == 5
    assert any(c.is_overdue for c in Commitment.objects.all())
