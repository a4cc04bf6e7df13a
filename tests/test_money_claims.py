"""Travel claims (issue 14): a member files a trip with receipts from /mine/, the rate comes
from the authority's rates of the trip's year, the secretariat approves or returns it, the
member sees status and history; bad distances get clear messages; only the claimant and the
council's own secretariat see a claim."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from udsatteraad.accounts.models import AccessLogEntry
from udsatteraad.money.models import Receipt, TransportKind, TravelClaim
from udsatteraad.money.testing import PNG, claim_fields, held_meeting, past_day, set_rates


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rates(world):
    return set_rates(world.region, past_day().year)


def new_url(world) -> str:
    return reverse("money:member-claim-new", args=[world.council.slug])


def file_claim(client, world, **over):
    return client.post(new_url(world), claim_fields(**over))


def test_mine_links_to_the_claims_and_the_claims_page_to_the_form(member_client, world):
    mine = member_client.get(reverse("accounts:mine")).content.decode()
    assert reverse("money:member-claims") in mine
    page = member_client.get(reverse("money:member-claims")).content.decode()
    assert new_url(world) in page


def test_member_files_a_claim_with_receipts(member_client, world, rates):
    receipts = [SimpleUploadedFile("billet.png", PNG, content_type="image/png"),
                SimpleUploadedFile("parkering.png", PNG, content_type="image/png")]
    r = file_claim(member_client, world, kilometres="42", expenses="35,50",
                   expenses_note="Parkering", receipts=receipts)
    assert r.status_code == 302, r.content.decode()[:3000]
    claim = TravelClaim.objects.get()
    assert claim.person == world.member.person
    assert claim.status == TravelClaim.Status.SUBMITTED
    assert claim.per_km == Decimal("3.94")
    assert claim.mileage == Decimal("165.48")  # 42 × 3,94
    assert claim.expenses == Decimal("35.50")
    assert claim.amount == Decimal("200.98")
    assert claim.receipts.count() == 2
    page = member_client.get(r["Location"]).content.decode()
    assert "200,98 kr." in page and "Afventer godkendelse" in page
    # The receipt is the member's to download.
    receipt = claim.receipts.first()
    got = member_client.get(reverse("money:member-receipt", args=[claim.pk, receipt.pk]))
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    assert got["X-Content-Type-Options"] == "nosniff"


def test_rounding_to_ore_half_up(member_client, world, rates):
    # 12,5 km × 3,94 = 49,25; 0,3 km × 2,28 = 0,684 → 0,68; 1,5 km × 0,60 = 0,90.
    assert file_claim(member_client, world, kilometres="12,5").status_code == 302
    assert file_claim(member_client, world, kilometres="0,3",
                      transport=TransportKind.CAR_LOW).status_code == 302
    set_rates(world.region, past_day().year, car_high="3.945")  # stored with two places
    amounts = sorted(TravelClaim.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("0.68"), Decimal("49.25")]


def test_rate_of_the_trips_year(member_client, world, rates):
    """A trip is paid at the rate of its own year."""
    other_year = past_day().year - 1
    set_rates(world.region, other_year, car_high="3.79")
    member_client.post(new_url(world), claim_fields(day=f"{other_year}-06-01", kilometres="10"))
    claim = TravelClaim.objects.get()
    assert claim.per_km == Decimal("3.79") and claim.amount == Decimal("37.90")


@pytest.mark.parametrize("km,message", [
    ("-12", "Antal kilometer kan ikke være negativt."),
    ("25000", "er ikke en tur til et møde"),
    ("12,3456", "Skriv højst 1 decimaler."),
    ("tolv", "Skriv et tal"),
    ("99999999999999999999", "Tallet er for stort"),
    ("1" * 30, "Skriv et tal"),
])
def test_negative_or_absurd_distance_gets_a_clear_error(member_client, world, rates, km,
                                                        message):
    r = file_claim(member_client, world, kilometres=km)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not TravelClaim.objects.exists()


def test_no_rate_for_the_year_is_a_clear_error(member_client, world):
    r = file_claim(member_client, world)
    assert r.status_code == 400
    assert "har ikke fastsat en kilometersats" in r.content.decode()


def test_future_trip_and_missing_purpose_refused(member_client, world, rates):
    import datetime as dt

    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = file_claim(member_client, world, day=tomorrow.isoformat())
    assert r.status_code == 400 and "når turen er kørt" in r.content.decode()
    r = file_claim(member_client, world, activity="")
    assert r.status_code == 400 and "Vælg mødet" in r.content.decode()


def test_receipt_must_be_pdf_or_photo(member_client, world, rates):
    text = SimpleUploadedFile("kvittering.png", b"<html>ikke et billede</html>",
                              content_type="image/png")
    r = file_claim(member_client, world, receipts=[text])
    assert r.status_code == 400
    assert "Filtypen kan ikke bruges" in r.content.decode()
    assert not TravelClaim.objects.exists() and not Receipt.objects.exists()


def test_claim_for_a_meeting_the_member_did_not_attend_is_flagged(
        member_client, secretary_client, world, rates):
    day = past_day()
    attended = held_meeting(world.council, day, present=[world.member.person], title="Mødet")
    missed = held_meeting(world.council, past_day(20), apologies=[world.member.person],
                          title="Afbudsmødet")
    file_claim(member_client, world, meeting=attended.pk, day=day.isoformat(), activity="")
    file_claim(member_client, world, meeting=missed.pk, day=past_day(20).isoformat(),
               activity="")
    ok = TravelClaim.objects.get(meeting=attended)
    flagged = TravelClaim.objects.get(meeting=missed)
    listing = secretary_client.get(reverse("money:claims", args=[world.council.slug]))
    assert listing.content.decode().count("Ikke registreret som fremmødt") == 1
    page = secretary_client.get(reverse("money:claim", args=[world.council.slug, flagged.pk]))
    assert "ikke registreret som fremmødt" in page.content.decode()
    page = secretary_client.get(reverse("money:claim", args=[world.council.slug, ok.pk]))
    assert "ikke registreret som fremmødt" not in page.content.decode()


def test_meeting_date_must_match(member_client, world, rates):
    meeting = held_meeting(world.council, past_day(), present=[world.member.person])
    r = file_claim(member_client, world, meeting=meeting.pk, day=past_day(3).isoformat())
    assert r.status_code == 400 and "Mødet var den" in r.content.decode()


def test_secretary_approves_and_member_sees_status_and_history(
        member_client, secretary_client, world, rates):
    file_claim(member_client, world)
    claim = TravelClaim.objects.get()
    url = reverse("money:claim-decide", args=[world.council.slug, claim.pk])
    assert secretary_client.post(url, {"decision": "approve"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == TravelClaim.Status.APPROVED and claim.decided_by == world.secretary
    page = member_client.get(reverse("money:member-claim", args=[claim.pk])).content.decode()
    assert "Godkendt" in page and "Indsendt" in page  # status and history
    # Decided: the member can no longer change it, and a second decision is refused.
    edit = member_client.get(reverse("money:member-claim-edit", args=[claim.pk]))
    assert edit.status_code == 403
    again = secretary_client.post(url, {"decision": "return", "reason": "For sent"})
    assert again.status_code == 400
    assert "allerede behandlet" in again.content.decode()


def test_return_needs_a_reason_and_the_member_corrects_and_resends(
        member_client, secretary_client, world, rates):
    file_claim(member_client, world, kilometres="420")
    claim = TravelClaim.objects.get()
    url = reverse("money:claim-decide", args=[world.council.slug, claim.pk])
    r = secretary_client.post(url, {"decision": "return", "reason": ""})
    assert r.status_code == 400 and "Skriv hvorfor" in r.content.decode()
    secretary_client.post(url, {"decision": "return", "reason": "Turen er 42 km, ikke 420."})
    claim.refresh_from_db()
    assert claim.status == TravelClaim.Status.RETURNED
    # The member's task list and the claim say so.
    mine = member_client.get(reverse("accounts:mine")).content.decode()
    assert reverse("money:member-claim", args=[claim.pk]) in mine
    page = member_client.get(reverse("money:member-claim", args=[claim.pk])).content.decode()
    assert "Turen er 42 km, ikke 420." in page
    r = member_client.post(reverse("money:member-claim-edit", args=[claim.pk]),
                           claim_fields(kilometres="42"))
    assert r.status_code == 302
    claim.refresh_from_db()
    assert claim.status == TravelClaim.Status.SUBMITTED and claim.amount == Decimal("165.48")
    statuses = [h.status for h in claim.history.order_by("history_date")]
    assert statuses == ["submitted", "returned", "submitted"]


def test_member_withdraws_a_submitted_claim(member_client, world, rates):
    file_claim(member_client, world)
    claim = TravelClaim.objects.get()
    member_client.post(reverse("money:member-claim-withdraw", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == TravelClaim.Status.WITHDRAWN


def test_another_member_and_another_council_are_refused(
        member_client, chair_client, other_secretary_client, admin_client_2fa, anon, world,
        rates):
    file_claim(member_client, world, receipts=[SimpleUploadedFile("b.png", PNG)])
    claim = TravelClaim.objects.get()
    receipt = claim.receipts.get()
    own = [reverse("money:member-claim", args=[claim.pk]),
           reverse("money:member-claim-edit", args=[claim.pk]),
           reverse("money:member-receipt", args=[claim.pk, receipt.pk])]
    for url in own:
        assert chair_client.get(url).status_code == 403, url  # another member of the council
        assert other_secretary_client.get(url).status_code == 403, url
        assert anon.get(url).status_code == 302, url
    assert chair_client.post(own[1], claim_fields(kilometres="1")).status_code == 403
    # The chair's list does not show the member's claim.
    assert "Temadag" not in chair_client.get(reverse("money:member-claims")).content.decode()
    secretariat = [reverse("money:claim", args=[world.council.slug, claim.pk]),
                   reverse("money:claims", args=[world.council.slug]),
                   reverse("money:receipt", args=[world.council.slug, receipt.pk])]
    for url in secretariat:
        assert member_client.get(url).status_code == 403, url
        assert other_secretary_client.get(url).status_code == 403, url
        # Claims and receipts are personal data: not the platform administrator's.
        assert admin_client_2fa.get(url).status_code == 403, url
    # Through the other council's URL: the other secretary finds nothing of ours.
    cross = reverse("money:claim", args=[world.other_council.slug, claim.pk])
    assert other_secretary_client.get(cross).status_code == 404
    # A member of another council cannot file claims here.
    assert other_secretary_client.get(new_url(world)).status_code == 403
    claim.refresh_from_db()
    assert claim.amount == Decimal("165.48")


def test_secretariat_reading_claims_is_logged(member_client, secretary_client, world, rates):
    file_claim(member_client, world, receipts=[SimpleUploadedFile("b.png", PNG)])
    claim = TravelClaim.objects.get()
    secretary_client.get(reverse("money:claim", args=[world.council.slug, claim.pk]))
    secretary_client.get(reverse("money:receipt", args=[world.council.slug,
                                                        claim.receipts.get().pk]))
    whats = list(AccessLogEntry.objects.filter(council=world.council, user=world.secretary)
                 .values_list("what", flat=True))
    assert f"befordringskrav {claim.pk}" in whats
    assert any(w.startswith("kvittering") for w in whats)


def test_secretariat_task_list_shows_claims_to_approve(member_client, secretary_client,
                                                       world, rates):
    from udsatteraad.workspace import tasks

    file_claim(member_client, world)
    kinds = [t.kind for t in tasks.for_council(world.council)]
    assert "claim_to_approve" in kinds


def test_a_claim_sent_twice_is_filed_once(member_client, world, rates):
    """The claim form carries a single-use token (ops/submit.py): a second press of the
    button, or a resend after a slow answer, files nothing more."""
    from udsatteraad.money.models import TravelClaim

    page = member_client.get(new_url(world)).content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    data = {**claim_fields(), "submit_token": token}
    first = member_client.post(new_url(world), data)
    second = member_client.post(new_url(world), data)
    assert first.status_code == 302 and second.status_code == 302
    assert TravelClaim.objects.filter(person=world.member.person).count() == 1
