"""The payroll export (issue 14): payroll references entered by the secretariat (never a CPR
number), a CSV for Danish spreadsheets (UTF-8 with BOM, semicolons, header, decimal comma) of
the period's approved per-diems and claims, each exported once."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from udsatteraad.accounts.models import AccessLogEntry
from udsatteraad.councils.models import TermsOfReference
from udsatteraad.money.models import Export, PayrollReference, PerDiem, TravelClaim
from udsatteraad.money.testing import (
    claim_fields,
    held_meeting,
    past_day,
    set_per_diem_rule,
    set_rates,
)


@pytest.fixture
def approved(world, member_client, secretary_client):
    """An approved claim of the member (a train ticket of 1.234,50 kr.) and the approved
    per-diems of a held meeting."""
    set_rates(world.region, past_day().year, per_diem="450.00")
    set_per_diem_rule(world.council, TermsOfReference.PerDiemRule.NON_ASSEMBLY)
    meeting = held_meeting(world.council, past_day(), title="Rådsmøde i november",
                           present=[world.chair.person, world.member.person])
    member_client.post(reverse("money:member-claim-new", args=[world.council.slug]),
                       claim_fields(meeting=meeting.pk, activity="", transport="public",
                                    kilometres="", expenses="1.234,50",
                                    expenses_note="=Togbillet"))
    claim = TravelClaim.objects.get()
    secretary_client.post(reverse("money:claim-decide", args=[world.council.slug, claim.pk]),
                          {"decision": "approve"})
    secretary_client.post(reverse("money:per-diem-meeting",
                                  args=[world.council.slug, meeting.pk]))
    return claim, meeting


def export(client, world, start=None, end=None):
    return client.post(reverse("money:exports", args=[world.council.slug]), {
        "period_start": (start or past_day(60)).isoformat(),
        "period_end": (end or past_day(0)).isoformat()})


def set_reference(client, world, person, reference):
    return client.post(reverse("money:payroll", args=[world.council.slug]), {
        "person": person.pk, f"p{person.pk}-reference": reference})


@pytest.mark.parametrize("cpr", ["010203-1234", "0102031234", "010203 1234"])
def test_payroll_reference_refuses_cpr_numbers(secretary_client, world, cpr):
    r = set_reference(secretary_client, world, world.member.person, cpr)
    assert r.status_code == 400
    assert "ligner et CPR-nummer" in r.content.decode()
    assert not PayrollReference.objects.exists()


def test_payroll_reference_saved_with_history(secretary_client, world):
    assert set_reference(secretary_client, world, world.member.person, "LØN-4711").status_code \
        == 302
    assert set_reference(secretary_client, world, world.member.person, "LØN-4712").status_code \
        == 302
    ref = PayrollReference.objects.get()
    assert ref.reference == "LØN-4712" and ref.authority == world.region
    assert ref.history.count() == 2
    # Someone who is no payee of the council: 404, nothing stored.
    from udsatteraad.councils.models import Person

    stranger = Person.objects.create(name="Fremmed Frede Fiktiv")
    assert set_reference(secretary_client, world, stranger, "X1").status_code == 404


def test_export_needs_payroll_references(secretary_client, world, approved):
    r = export(secretary_client, world)
    assert r.status_code == 400
    assert "Løn- eller kreditornummer mangler for: Medlem Mads Påhit" in r.content.decode()
    assert not Export.objects.exists()


def test_export_csv_and_no_line_twice(secretary_client, world, approved):
    claim, meeting = approved
    set_reference(secretary_client, world, world.member.person, "4711")
    r = export(secretary_client, world)
    assert r.status_code == 302
    first = Export.objects.get()
    r = secretary_client.get(reverse("money:export-csv", args=[world.council.slug, first.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # the BOM Danish Excel needs
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Løn-/kreditornummer", "Navn", "Art", "Beløb", "Dato",
                       "Møde eller rejse", "Godkendt af", "Godkendt den"]
    body = sorted(rows[1:], key=lambda row: row[2])
    assert [row[:4] for row in body] == [
        ["4711", "Medlem Mads Påhit", "Befordring", "1234,50"],
        ["4711", "Medlem Mads Påhit", "Diæt", "450,00"],
    ]  # the chair (an assembly member) has no per-diem under the rule
    assert body[0][5].startswith("Rådsmøde i november")
    assert body[0][6] == world.secretary.get_full_name()
    # Marked: a second export of the same period has nothing.
    assert PerDiem.objects.filter(export=first).count() == 1
    assert TravelClaim.objects.filter(export=first).count() == 1
    r = export(secretary_client, world)
    assert r.status_code == 400 and "ikke allerede er eksporteret" in r.content.decode()
    # A new approval after the first export goes into the next one, alone.
    m2 = held_meeting(world.council, past_day(2), title="Ekstra møde",
                      present=[world.member.person])
    secretary_client.post(reverse("money:per-diem-meeting", args=[world.council.slug, m2.pk]))
    assert export(secretary_client, world).status_code == 302
    second = Export.objects.exclude(pk=first.pk).get()
    r = secretary_client.get(reverse("money:export-csv", args=[world.council.slug, second.pk]))
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[5] for row in rows[1:]] == ["Ekstra møde"]
    # Exported lines count as booked in the overview; the new one too.
    html = secretary_client.get(reverse("money:overview", args=[world.council.slug])
                                + f"?aar={past_day().year}").content.decode()
    assert "1.234,50 kr." in html and "900,00 kr." in html
    assert AccessLogEntry.objects.filter(what__startswith="lønudtræk").exists()


def test_export_outside_the_period_has_nothing(secretary_client, world, approved):
    set_reference(secretary_client, world, world.member.person, "4711")
    r = export(secretary_client, world, start=past_day(400), end=past_day(300))
    assert r.status_code == 400
    assert Decimal(0) == sum(PerDiem.objects.filter(export__isnull=False)
                             .values_list("amount", flat=True))


def test_export_refuses_a_backwards_period(secretary_client, world):
    r = export(secretary_client, world, start=past_day(0), end=past_day(10))
    assert r.status_code == 400 and "efter dens start" in r.content.decode()


def test_formula_cells_are_neutralised(secretary_client, world, approved):
    from udsatteraad.money.actions import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("Ålborg") == "Ålborg"


def test_export_refused_to_others(world, approved, member_client, other_secretary_client,
                                  admin_client_2fa, secretary_client):
    set_reference(secretary_client, world, world.member.person, "4711")
    export(secretary_client, world)
    e = Export.objects.get()
    url = reverse("money:export-csv", args=[world.council.slug, e.pk])
    for client in (member_client, other_secretary_client, admin_client_2fa):
        assert client.get(url).status_code == 403
    assert other_secretary_client.get(
        reverse("money:export-csv", args=[world.other_council.slug, e.pk])).status_code == 404
