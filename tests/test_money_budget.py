"""The budget year (issue 14): budget lines, rates per authority and year, other spending with
receipts, the overview with booked / approved-but-unpaid / left and overspending warnings,
amounts shown the Danish way, and the year's PDF."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from udsatteraad.lib.amounts import kroner, parse_amount
from udsatteraad.money.models import Booking, BudgetLine, KilometreRate, Rates, TravelClaim
from udsatteraad.money.testing import PNG, claim_fields, past_day, set_rates


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def year() -> int:
    return past_day().year


def budget_fields(**over) -> dict:
    data = {"note": "", "line_per_diems": "10.000", "line_catering": "5.000,00",
            "line_transport": "2.000", "line_events": "8000", "line_other": ""}
    data.update(over)
    return data


@pytest.mark.parametrize("value,shown", [
    (Decimal("1234.5"), "1.234,50 kr."), (Decimal("0"), "0,00 kr."),
    (Decimal("1234567.891"), "1.234.567,89 kr."), (Decimal("-12.5"), "-12,50 kr."),
    (Decimal("0.005"), "0,01 kr."),
])
def test_amounts_are_shown_the_danish_way(value, shown):
    assert kroner(value) == shown


@pytest.mark.parametrize("text,value", [
    ("1.234,50", Decimal("1234.50")), ("1234,5", Decimal("1234.5")),
    ("12.500", Decimal("12500")), ("1234.50", Decimal("1234.50")), ("25 000 kr.", Decimal(25000)),
    ("", None), ("abc", None), ("1,2,3", None),
])
def test_amounts_are_read_the_danish_way(text, value):
    assert parse_amount(text) == value


def test_budget_lines_are_saved_and_shown(secretary_client, world):
    url = reverse("money:budget", args=[world.council.slug, year()])
    r = secretary_client.post(url, budget_fields())
    assert r.status_code == 302
    lines = dict(BudgetLine.objects.filter(budget__council=world.council, budget__year=year())
                 .values_list("kind", "amount"))
    assert lines == {"per_diems": Decimal("10000.00"), "catering": Decimal("5000.00"),
                     "transport": Decimal("2000.00"), "events": Decimal("8000.00"),
                     "other": Decimal("0.00")}
    page = secretary_client.get(reverse("money:overview", args=[world.council.slug])
                                + f"?aar={year()}").content.decode()
    assert "25.000,00 kr." in page  # the total budget
    # Changes are in the history.
    secretary_client.post(url, budget_fields(line_catering="6.000"))
    line = BudgetLine.objects.get(kind="catering")
    assert [h.amount for h in line.history.order_by("history_date")] == [
        Decimal("5000.00"), Decimal("6000.00")]


def test_bad_amounts_get_danish_errors(secretary_client, world):
    url = reverse("money:budget", args=[world.council.slug, year()])
    r = secretary_client.post(url, budget_fields(line_catering="-5", line_events="mange"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "Tallet kan ikke være negativt." in html and "Skriv et tal" in html
    assert not BudgetLine.objects.exists()


def test_rates_per_authority_and_year(secretary_client, world):
    url = reverse("money:rates", args=[world.council.slug, year()])
    r = secretary_client.post(url, {"per_diem": "475,00", "per_diem_basis": "per_meeting",
                                    "note": "Regionsrådets beslutning", "km_car_high": "3,94",
                                    "km_car_low": "2,28", "km_motorcycle": "",
                                    "km_bicycle": "0,60"})
    assert r.status_code == 302
    rates = Rates.objects.get(authority=world.region, year=year())
    assert rates.per_diem == Decimal("475.00")
    assert dict(KilometreRate.objects.values_list("kind", "per_km")) == {
        "car_high": Decimal("3.94"), "car_low": Decimal("2.28"), "bicycle": Decimal("0.60")}
    # Another year of the same authority is another row; the other council's authority has none.
    assert not Rates.objects.filter(authority=world.municipality).exists()


def test_booking_with_receipt_and_overspending_warning(secretary_client, world):
    secretary_client.post(reverse("money:budget", args=[world.council.slug, year()]),
                          budget_fields(line_catering="1.000"))
    url = reverse("money:bookings", args=[world.council.slug])
    r = secretary_client.post(url, {
        "kind": "catering", "day": past_day().isoformat(), "description": "Sandwich til mødet",
        "amount": "1.250,75", "meeting": "",
        "receipt": SimpleUploadedFile("bon.png", PNG, content_type="image/png")}, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Forplejning er overskredet med 250,75 kr." in html
    booking = Booking.objects.get()
    assert booking.amount == Decimal("1250.75") and booking.receipts.count() == 1
    overview = secretary_client.get(reverse("money:overview", args=[world.council.slug])
                                    + f"?aar={year()}").content.decode()
    assert "Forplejning er overskredet med 250,75 kr." in overview
    assert "-250,75 kr." in overview


def test_claims_count_as_unpaid_and_pending_warns(secretary_client, member_client, world):
    set_rates(world.region, year())
    secretary_client.post(reverse("money:budget", args=[world.council.slug, year()]),
                          budget_fields(line_transport="200"))
    member_client.post(reverse("money:member-claim-new", args=[world.council.slug]),
                       claim_fields(kilometres="100"))  # 394,00 kr.
    overview_url = reverse("money:overview", args=[world.council.slug]) + f"?aar={year()}"
    html = secretary_client.get(overview_url).content.decode()
    assert "Transport bliver overskredet, hvis krav til 394,00 kr." in html
    claim = TravelClaim.objects.get()
    secretary_client.post(reverse("money:claim-decide", args=[world.council.slug, claim.pk]),
                          {"decision": "approve"})
    html = secretary_client.get(overview_url).content.decode()
    assert "Transport er overskredet med 194,00 kr." in html


def test_booking_refuses_zero_and_bad_receipt(secretary_client, world):
    url = reverse("money:bookings", args=[world.council.slug])
    r = secretary_client.post(url, {"kind": "other", "day": past_day().isoformat(),
                                    "description": "Intet", "amount": "0"})
    assert r.status_code == 400 and "større end 0 kr." in r.content.decode()
    r = secretary_client.post(url, {
        "kind": "other", "day": past_day().isoformat(), "description": "Leje", "amount": "100",
        "receipt": SimpleUploadedFile("x.png", b"GIF89a fake", content_type="image/png")})
    assert r.status_code == 400 and "Filtypen kan ikke bruges" in r.content.decode()
    assert not Booking.objects.exists()


def test_year_pdf_opens_and_shows_the_lines(secretary_client, world):
    from pypdf import PdfReader

    secretary_client.post(reverse("money:budget", args=[world.council.slug, year()]),
                          budget_fields())
    r = secretary_client.get(reverse("money:year-pdf", args=[world.council.slug, year()]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert f"Økonomi {year()}" in text
    assert "Forplejning" in text and "25.000,00 kr." in text


def test_money_pages_only_for_the_councils_own_secretaries(
        member_client, chair_client, other_secretary_client, admin_client_2fa, anon,
        secretary_client, world):
    slug = world.council.slug
    urls = [reverse("money:overview", args=[slug]),
            reverse("money:budget", args=[slug, year()]),
            reverse("money:rates", args=[slug, year()]),
            reverse("money:bookings", args=[slug]),
            reverse("money:payroll", args=[slug]),
            reverse("money:exports", args=[slug]),
            reverse("money:per-diems", args=[slug]),
            reverse("money:year-pdf", args=[slug, year()])]
    for url in urls:
        assert secretary_client.get(url).status_code == 200, url
        for client in (member_client, chair_client, other_secretary_client, admin_client_2fa):
            assert client.get(url).status_code == 403, url
        assert anon.get(url).status_code == 302, url
    assert other_secretary_client.post(urls[1], budget_fields()).status_code == 403
    assert not BudgetLine.objects.exists()
