"""Issue 19 in a real browser, through the forms: the secretary publishes minutes and is taken
to the easy-read editor; writes the easy-read version with a plain heading and one section
above the council's LIX target, is asked for a reason, gives it and publishes (the reason is
kept); adds the council's drop-in centres as poster places, prints the poster batch and records
one poster as put up. The poster PDF carries a QR code that decodes to the easy-read page's
address, and that address opens the page. Every page on the way is checked with axe."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pypdfium2
import zxingcpp

from .conftest import assert_no_axe_violations, build_meetings

HARD = ("Forvaltningen orienterede vedrørende implementeringen af boligindsatsen og "
        "koordineringen mellem myndighederne.")
EASY = "Rådet talte om huse til folk, der sover ude. Det går godt."
REASON = "Ordet boligindsatsen er navnet på indsatsen. Vi kan ikke undgå det."


def check(page, label: str) -> None:
    assert_no_axe_violations(page, f"{label} ({page.url})")


def decode_qr(pdf: bytes) -> list[str]:
    bitmap = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72)
    return [code.text for code in zxingcpp.read_barcodes(bitmap.to_numpy())]


def test_minutes_to_easy_read_to_posters(page, world, login_as, live_server):
    from udsatteraad.easyread.models import Posting, Publication
    from udsatteraad.meetings.models import Meeting

    ids = build_meetings(world)
    meeting = Meeting.objects.get(pk=ids["approved"])
    item = meeting.items.get(title="Status på boligindsatsen")
    first = meeting.items.filter(is_public=True).order_by("position").first()
    editor = f"/sekretariat/testraad/moeder/{meeting.pk}/letlaest/"
    main = page.locator("main")

    # The secretary publishes the minutes and is asked for the easy-read version.
    login_as("secretary")
    response = page.goto(f"/sekretariat/testraad/moeder/{meeting.pk}/referat/offentliggoer/")
    assert response is not None and response.status == 200
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør referatet").click()
    assert urlsplit(page.url).path == editor
    assert "Skriv nu den lette udgave" in page.locator(".messages").inner_text()
    check(page, "easy-read editor after publishing the minutes")

    # The easy-read version: a plain heading, one easy section and one above the target.
    main.locator("textarea[name=intro]").fill("Rådet holdt møde. Her kan du læse kort om det.")
    main.locator(f"textarea[name=item-{first.pk}]").fill("Rådet sagde ja til planen.")
    main.locator(f"input[name=title-{item.pk}]").fill("Huse til alle")
    main.locator(f"textarea[name=item-{item.pk}]").fill(HARD)
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør lettilgængelig udgave").click()
    error = page.get_by_role("alert")
    assert "Rådets mål er en LIX under 25" in error.inner_text()
    assert f"Punkt {item.number} (LIX" in error.inner_text()
    reason = main.get_by_label("Hvorfor er teksten over rådets mål for LIX?")
    assert reason.get_attribute("aria-invalid") == "true"
    assert main.locator(f"textarea[name=item-{item.pk}]").input_value() == HARD  # kept
    lix = main.locator(f"#lix-item-{item.pk}")
    assert "Over rådets mål" in lix.inner_text() and "boligindsatsen" in lix.inner_text()
    check(page, "easy-read editor asking for a reason")
    meeting.refresh_from_db()
    assert meeting.easy_read_published_at is None

    reason.fill(REASON)
    with page.expect_navigation():
        main.get_by_role("button", name="Offentliggør lettilgængelig udgave").click()
    assert urlsplit(page.url).path == editor
    assert "Den lettilgængelige udgave er offentliggjort." in \
        page.locator(".messages").inner_text()
    assert REASON in main.inner_text()  # the reason is kept and shown
    publication = Publication.objects.get(meeting=meeting)
    assert publication.reason == REASON and publication.highest_lix >= 25
    check(page, "easy-read editor after publication")

    # Posters: the council's places from its venues, one batch, one poster put up.
    with page.expect_navigation():
        main.get_by_role("link", name="Udskriv plakater til rådets steder").click()
    with page.expect_navigation():
        main.get_by_role("button", name="Hent værestederne fra rådets steder").click()
    assert "Café Test" in main.inner_text()
    check(page, "easy-read and posters page")
    main.get_by_label("Møde").select_option(str(meeting.pk))
    main.get_by_label("Papir").select_option("a4")
    with page.expect_navigation():
        main.get_by_role("button", name="Lav plakaterne").click()
    assert re.search(r"/letlaest/udskrifter/\d+/$", page.url)
    check(page, "print batch")

    href = main.get_by_role("link", name="Hent alle plakater (PDF, A4)").get_attribute("href")
    assert href
    pdf = page.request.get(href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    public_url = f"{live_server.url}/raad/testraad/moeder/{meeting.pk}/letlaest/"
    assert decode_qr(pdf.body()) == [public_url]

    with page.expect_navigation():
        main.get_by_role("button", name="Hængt op på Café Test").click()
    assert "Registreret" in page.locator(".messages").inner_text()
    posting = Posting.objects.get(batch__meeting=meeting, place_name="Café Test")
    assert posting.put_up_at is not None and posting.put_up_by == world.secretary
    assert "Hængt op på Café Test" not in main.inner_text()
    check(page, "print batch after recording a poster")

    # What the QR code opens: the easy-read page with the plain heading.
    page.context.clear_cookies()
    response = page.goto(public_url)
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", name="Huse til alle").is_visible()
    check(page, "public easy-read page")
