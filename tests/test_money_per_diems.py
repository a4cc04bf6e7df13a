"""Per-diems (issue 14): computed from the recorded attendance of held meetings by the
council's rule (money.rules.per_diem_entitled) and the authority's rate of the year, approved
by the secretariat once per meeting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from udsatteraad.councils.models import TermsOfReference
from udsatteraad.money.models import PerDiem, Rates
from udsatteraad.money.rules import per_diem_entitled
from udsatteraad.money.testing import held_meeting, past_day, set_per_diem_rule, set_rates

Rule = TermsOfReference.PerDiemRule


@pytest.fixture
def meeting(world):
    """The chair sits for the regional council (an assembly seat); the member for Røde Kors."""
    set_rates(world.region, past_day().year, per_diem="450.00")
    return held_meeting(world.council, past_day(),
                        present=[world.chair.person, world.member.person])


def url(world, meeting) -> str:
    return reverse("money:per-diem-meeting", args=[world.council.slug, meeting.pk])


def test_rule_non_assembly_pays_no_assembly_member(world, meeting, secretary_client):
    set_per_diem_rule(world.council, Rule.NON_ASSEMBLY)
    ok, reason = per_diem_entitled(world.chair_membership, past_day())
    assert not ok and "regionsrådet" in reason
    ok, _reason = per_diem_entitled(world.member_membership, past_day())
    assert ok
    page = secretary_client.get(url(world, meeting)).content.decode()
    assert "Medlemmer af regionsrådet får ikke diæter" in page
    assert secretary_client.post(url(world, meeting)).status_code == 302
    assert list(PerDiem.objects.values_list("person__name", "amount")) == [
        (world.member.person.name, Decimal("450.00"))]


def test_rule_all_pays_everyone_present(world, meeting, secretary_client):
    set_per_diem_rule(world.council, Rule.ALL)
    secretary_client.post(url(world, meeting))
    assert PerDiem.objects.count() == 2


def test_rule_none_pays_nobody(world, meeting, secretary_client):
    set_per_diem_rule(world.council, Rule.NONE)
    r = secretary_client.post(url(world, meeting))
    assert r.status_code == 400
    assert "Ingen af de fremmødte har ret til diæt" in r.content.decode()
    assert not PerDiem.objects.exists()


def test_absent_members_get_nothing(world, secretary_client):
    set_rates(world.region, past_day().year)
    set_per_diem_rule(world.council, Rule.ALL)
    m = held_meeting(world.council, past_day(), present=[world.member.person],
                     apologies=[world.chair.person])
    secretary_client.post(url(world, m))
    assert list(PerDiem.objects.values_list("person_id", flat=True)) == [world.member.person.pk]


def test_approved_once_per_meeting(world, meeting, secretary_client):
    set_per_diem_rule(world.council, Rule.ALL)
    secretary_client.post(url(world, meeting))
    again = secretary_client.post(url(world, meeting))
    assert again.status_code == 400
    assert "allerede godkendt" in again.content.decode()
    assert PerDiem.objects.count() == 2


def test_per_day_basis_pays_each_day_once(world, secretary_client):
    set_rates(world.region, past_day().year, per_diem="300.00", basis=Rates.Basis.PER_DAY)
    set_per_diem_rule(world.council, Rule.NON_ASSEMBLY)
    first = held_meeting(world.council, past_day(), present=[world.member.person],
                         title="Formiddag")
    second = held_meeting(world.council, past_day(), present=[world.member.person],
                          title="Eftermiddag")
    two_days = held_meeting(world.council, past_day(30), present=[world.member.person],
                            title="Seminar", hours=26)
    secretary_client.post(url(world, first))
    r = secretary_client.post(url(world, second))
    assert "Diæten for dagen er godkendt ved et andet møde" in r.content.decode()
    secretary_client.post(url(world, two_days))
    assert sorted(PerDiem.objects.values_list("amount", flat=True)) == [
        Decimal("300.00"), Decimal("600.00")]


def test_missing_rates_stop_approval(world, secretary_client):
    set_per_diem_rule(world.council, Rule.ALL)
    m = held_meeting(world.council, past_day(), present=[world.member.person])
    r = secretary_client.post(url(world, m))
    assert r.status_code == 400 and "takster for" in r.content.decode()
    assert not PerDiem.objects.exists()


def test_planned_meeting_gives_no_per_diems(world, secretary_client):
    from udsatteraad.meetings.models import Meeting

    set_rates(world.region, past_day().year)
    set_per_diem_rule(world.council, Rule.ALL)
    m = held_meeting(world.council, past_day(), present=[world.member.person])
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.PLANNED)
    r = secretary_client.post(url(world, m))
    assert r.status_code == 400 and "ikke afholdt" in r.content.decode()


def test_task_list_until_approved(world, meeting, secretary_client):
    from udsatteraad.workspace import tasks

    set_per_diem_rule(world.council, Rule.NON_ASSEMBLY)
    assert "per_diems_to_approve" in [t.kind for t in tasks.for_council(world.council)]
    secretary_client.post(url(world, meeting))
    assert "per_diems_to_approve" not in [t.kind for t in tasks.for_council(world.council)]


def test_per_diem_pages_refused_to_others(world, meeting, member_client, chair_client,
                                          other_secretary_client, admin_client_2fa):
    for client in (member_client, chair_client, other_secretary_client, admin_client_2fa):
        assert client.get(url(world, meeting)).status_code == 403
        assert client.post(url(world, meeting)).status_code == 403
    cross = reverse("money:per-diem-meeting", args=[world.other_council.slug, meeting.pk])
    assert other_secretary_client.get(cross).status_code == 404
    assert not PerDiem.objects.exists()
