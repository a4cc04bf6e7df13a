"""Money in a real browser (issue 14): a member files a travel claim with a receipt from a
phone-sized browser; the secretary approves it and the per-diems of a held meeting; the
payroll export contains exactly those lines, and a second export contains none of them.
Every new page is checked with axe (the member's at 375 px, without sideways scrolling).

Python only sets up the world (rates, the per-diem rule, a held meeting with attendance)."""

from __future__ import annotations

import csv
import io

from .conftest import DESKTOP, assert_no_axe_violations

PHONE = {"width": 375, "height": 667}
MONEY = "/sekretariat/testraad/oekonomi/"


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_claim_from_a_phone_to_the_payroll_export(page, world, login_as, live_server):
    from django.utils import timezone

    from udsatteraad.councils.models import TermsOfReference
    from udsatteraad.money.models import PerDiem, TravelClaim
    from udsatteraad.money.testing import PNG, held_meeting, past_day, set_per_diem_rule, set_rates

    day = past_day()
    set_rates(world.region, day.year, per_diem="450.00")
    set_per_diem_rule(world.council, TermsOfReference.PerDiemRule.NON_ASSEMBLY)
    meeting = held_meeting(world.council, day, title="Rådsmøde i efteråret",
                           present=[world.chair.person, world.member.person])
    main = page.locator("main")

    # The member, on a phone, finds the claim form from /mine/.
    page.set_viewport_size(PHONE)
    login_as("member")
    visit(page, "/mine/")
    with page.expect_navigation():
        main.get_by_role("link", name="Rejser og udlæg").first.click()
    assert_no_axe_violations(page, "member's claims, phone")
    no_sideways_scroll(page)
    with page.expect_navigation():
        main.get_by_role("link", name="Ny rejse eller udlæg").click()
    assert_no_axe_violations(page, "new claim, phone")
    no_sideways_scroll(page)

    # A negative distance is refused in plain Danish.
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_meeting").select_option(
        label=f"{timezone.localtime(meeting.start):%d.%m.%Y} {meeting.title}")
    page.locator("#id_from_place").fill("Hjemme")
    page.locator("#id_to_place").fill("Regionshuset")
    page.locator("#id_transport").select_option("car_high")
    page.locator("#id_kilometres").fill("-30")
    with page.expect_navigation():
        main.get_by_role("button", name="Send kravet").click()
    assert "Antal kilometer kan ikke være negativt." in main.inner_text()
    assert_no_axe_violations(page, "claim form with errors, phone")

    page.locator("#id_kilometres").fill("30,5")
    page.locator("#id_expenses").fill("25")
    page.locator("#id_expenses_note").fill("Parkering")
    page.locator("#id_receipts").set_input_files(
        [{"name": "parkering.png", "mimeType": "image/png", "buffer": PNG}])
    with page.expect_navigation():
        main.get_by_role("button", name="Send kravet").click()
    claim = TravelClaim.objects.get()
    assert claim.receipts.count() == 1
    text = main.inner_text()
    assert "Afventer godkendelse" in text and "145,17 kr." in text  # 30,5 × 3,94 + 25
    assert_no_axe_violations(page, "claim, phone")
    no_sideways_scroll(page)

    # The secretary, at a desk: payroll number, the claim, the per-diems, the export.
    page.set_viewport_size(DESKTOP)
    login_as("secretary")
    visit(page, MONEY)
    assert_no_axe_violations(page, "money overview")
    for path, label in ((f"{MONEY}budget/{day.year}/", "budget"),
                        (f"{MONEY}takster/{day.year}/", "rates"),
                        (f"{MONEY}udgifter/", "bookings")):
        visit(page, path)
        assert_no_axe_violations(page, label)

    visit(page, f"{MONEY}loennumre/")
    assert_no_axe_violations(page, "payroll references")
    person = world.member.person
    field = page.locator(f"#id_p{person.pk}-reference")
    field.fill("010203-1234")
    with page.expect_navigation():
        main.get_by_role("button", name=f"Gem nummeret for {person.name}").click()
    assert "ligner et CPR-nummer" in main.inner_text()
    page.locator(f"#id_p{person.pk}-reference").fill("LØN-4711")
    with page.expect_navigation():
        main.get_by_role("button", name=f"Gem nummeret for {person.name}").click()
    chair = world.chair.person
    page.locator(f"#id_p{chair.pk}-reference").fill("LØN-4712")
    with page.expect_navigation():
        main.get_by_role("button", name=f"Gem nummeret for {chair.name}").click()

    visit(page, f"{MONEY}krav/")
    assert_no_axe_violations(page, "claims")
    with page.expect_navigation():
        main.get_by_role("link", name=person.name).click()
    assert_no_axe_violations(page, "claim for the secretariat")
    main.get_by_label("Godkend kravet").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Gem afgørelsen").click()
    claim.refresh_from_db()
    assert claim.status == TravelClaim.Status.APPROVED

    visit(page, f"{MONEY}diaeter/")
    assert_no_axe_violations(page, "per-diems")
    with page.expect_navigation():
        main.get_by_role("link", name=meeting.title).first.click()
    assert "Medlemmer af regionsrådet får ikke diæter" in main.inner_text()
    assert_no_axe_violations(page, "per-diems of a meeting")
    with page.expect_navigation():
        main.get_by_role("button", name="Godkend diæterne").click()
    assert list(PerDiem.objects.values_list("person_id", flat=True)) == [person.pk]

    visit(page, f"{MONEY}udtraek/")
    assert_no_axe_violations(page, "exports")
    page.locator("#id_period_start").fill(past_day(30).isoformat())
    page.locator("#id_period_end").fill(past_day(0).isoformat())
    with page.expect_navigation():
        main.get_by_role("button", name="Lav udtrækket").click()
    with page.expect_download() as download:
        main.get_by_role("link", name="(CSV)").first.click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert sorted((r[0], r[2], r[3]) for r in rows[1:]) == [
        ("LØN-4711", "Befordring", "145,17"), ("LØN-4711", "Diæt", "450,00")]

    # A second export of the same period contains none of them.
    page.locator("#id_period_start").fill(past_day(30).isoformat())
    page.locator("#id_period_end").fill(past_day(0).isoformat())
    with page.expect_navigation():
        main.get_by_role("button", name="Lav udtrækket").click()
    assert "ikke allerede er eksporteret" in main.inner_text()
    assert_no_axe_violations(page, "exports with an error")

    # The member sees the claim's status and history.
    page.set_viewport_size(PHONE)
    login_as("member")
    visit(page, f"/mine/rejser/{claim.pk}/")
    text = main.inner_text()
    assert "Godkendt" in text and "Sendt til løn" in text
    no_sideways_scroll(page)
