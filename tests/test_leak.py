"""The leak test (issue 9): the secretariats of a public council and of a council that is not
public publish through the real screens (open and closed items, closed attachments, minutes
that are then withdrawn, a meeting that is then cancelled, an item closed and an attachment
deleted after publication); then an anonymous citizen crawls every public surface (pages,
PDFs, attachments, search, OParl, RSS/Atom, iCal, easy-read) and finds none of the marker
strings put into everything that must not be public, and finds the cancelled meeting shown as
cancelled. Markers are single made-up words, so the search can be asked for each."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import docx_bytes as docx
from conftest import meeting_workspace as ws
from conftest import new_meeting_via_screen as new_meeting
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.oparl.testing import crawl as crawl_oparl

# Everything that must never reach the public. Lower case; compared case-insensitively.
MARKERS = {
    "closed_summary": "zqxlukketresume",
    "closed_case": "zqxlukketsagsfremstilling",
    "closed_decision": "zqxlukketbeslutning",
    "closed_att_title": "zqxlukketbilagtitel",
    "closed_att_text": "zqxlukketbilagindhold",
    "closed_item_att_title": "zqxbilagpaalukketpunkt",
    "closed_item_att_text": "zqxbilagpaalukketpunktindhold",
    "closed_later_summary": "zqxsenerelukketresume",
    "closed_later_case": "zqxsenerelukketsagsfremstilling",
    "deleted_att_title": "zqxslettetbilagtitel",
    "deleted_att_text": "zqxslettetbilagindhold",
    "withdrawn_decision": "zqxtilbagekaldtbeslutning",
    "planned_title": "zqxplanlagtmoede",
    "planned_item": "zqxplanlagtpunkt",
    "hidden_council": "zqxskjultraad",
    "hidden_meeting": "zqxskjultmoede",
    "hidden_item": "zqxskjultpunkt",
    "hidden_summary": "zqxskjultresume",
    "hidden_att_title": "zqxskjultbilag",
    "hidden_att_text": "zqxskjultbilagindhold",
    "hidden_cancelled": "zqxskjultaflyst",
    "hidden_member": "zqxskjultmedlem",
    "hidden_contact": "zqxskjultkontakt",
    "phone": "87654321",
    "email": "zqxmedlem@testregion.example",
    "hidden_phone": "81818181",
}
# Open words the crawl must find, so a crawl that sees nothing cannot pass.
OPEN = {
    "open_item": "Varmestuer i vinterhalvåret",
    "open_word": "vinterhalvåret",
    "open_att": "Kortlægningsrapport",
    "open_decision": "natcaféerne",
    "cancelled_title": "Mødet der blev aflyst",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_item(client, m: Meeting, title: str, *, public=True, **fields) -> AgendaItem:
    data = {"title": title, "origin": "administration", "recommendations": "", **fields}
    if public:
        data["is_public"] = "on"
    r = client.post(f"{ws(m)}punkter/ny/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    return AgendaItem.objects.get(meeting=m, title=title)


def upload(client, item: AgendaItem, title: str, text: str, *, public=True) -> Attachment:
    data = {"title": title, "file": SimpleUploadedFile("bilag.docx", docx(text))}
    if public:
        data["is_public"] = "on"
    r = client.post(f"{ws(item.meeting)}punkter/{item.pk}/bilag/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    return Attachment.objects.get(item=item, title=title)


def publish(client, m: Meeting) -> None:
    r = client.post(f"{ws(m)}offentliggoer/")
    assert r.status_code == 302, r.content.decode()[:2000]
    m.refresh_from_db()
    assert m.agenda_published_at is not None


def cancel(client, m: Meeting) -> None:
    assert client.post(f"{ws(m)}aflys/", {}).status_code == 302
    m.refresh_from_db()
    assert m.status == "cancelled"


def approved_meeting(council, title: str, days_ago: int, items: list[dict]) -> Meeting:
    """A held meeting with approved minutes (holding and approving is not what this test is
    about); the secretariat publishes and withdraws them through the screens."""
    now = timezone.now()
    m = Meeting.objects.create(council=council, title=title, status="minutes_approved",
                               start=now - dt.timedelta(days=days_ago),
                               agenda_published_at=now - dt.timedelta(days=days_ago + 7),
                               minutes_approved_at=now - dt.timedelta(days=1))
    for n, fields in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=m, number=n, position=n, **fields)
    return m


@pytest.fixture
def published(world, secretary_client, other_secretary_client):
    """Both councils' material, published, changed and withdrawn through the screens."""
    from udsatteraad.councils.models import Council, Person

    # Contact data: the member's phone and e-mail are never public.
    Person.objects.filter(user=world.member).update(phone=MARKERS["phone"],
                                                    email=MARKERS["email"])
    # The council that is not public: everything of it is a marker.
    hidden = world.other_council
    Council.objects.filter(pk=hidden.pk).update(
        is_public=False, name=f"Udsatterådet {MARKERS['hidden_council']}",
        contact_text=MARKERS["hidden_contact"])
    hidden.refresh_from_db()
    Person.objects.filter(memberships__council=hidden).update(
        name=f"Bruger {MARKERS['hidden_member']}", phone=MARKERS["hidden_phone"])

    s, o = secretary_client, other_secretary_client
    council = world.council
    # A: agenda published with open and closed items and attachments; then an item is
    # closed and an attachment deleted.
    a = new_meeting(s, council, "Dialogmøde om vinteren", "2027-03-10")
    open_item = new_item(s, a, OPEN["open_item"], summary="Flere varmestuer i vinterhalvåret.",
                         case_presentation="<p>Åben sagsfremstilling.</p>")
    upload(s, open_item, OPEN["open_att"], "Kortlægningsrapporten om varmestuer.")
    upload(s, open_item, MARKERS["closed_att_title"], MARKERS["closed_att_text"], public=False)
    doomed = upload(s, open_item, MARKERS["deleted_att_title"], MARKERS["deleted_att_text"])
    closed = new_item(s, a, "Lukket punkt om en enkeltsag", public=False,
                      summary=MARKERS["closed_summary"],
                      case_presentation=f"<p>{MARKERS['closed_case']}</p>")
    upload(s, closed, MARKERS["closed_item_att_title"], MARKERS["closed_item_att_text"])
    later = new_item(s, a, "Punkt der lukkes senere", summary=MARKERS["closed_later_summary"],
                     case_presentation=f"<p>{MARKERS['closed_later_case']}</p>")
    publish(s, a)
    assert s.post(f"{ws(a)}bilag/{doomed.pk}/").status_code == 302
    assert not Attachment.objects.filter(pk=doomed.pk).exists()
    later.refresh_from_db()
    r = s.post(f"{ws(a)}punkter/{later.pk}/", {
        "title": later.title, "summary": later.summary, "origin": "administration",
        "case_presentation": later.case_presentation, "recommendations": "",
        "revision": later.revision})  # no is_public: closed
    assert r.status_code == 302
    later.refresh_from_db()
    assert not later.is_public
    # C: agenda published, then cancelled: public as cancelled.
    c = new_meeting(s, council, OPEN["cancelled_title"], "2027-04-14")
    new_item(s, c, "Boligsociale tilbud", summary="Åbent punkt på det aflyste møde.")
    new_item(s, c, "Lukket punkt på det aflyste møde", public=False,
             case_presentation=f"<p>{MARKERS['closed_case']}</p>")
    publish(s, c)
    cancel(s, c)
    # P: planned, never published.
    p = new_meeting(s, council, MARKERS["planned_title"], "2027-05-12")
    new_item(s, p, MARKERS["planned_item"], summary=MARKERS["planned_item"])
    # M: minutes published, with a closed item's decision.
    m = approved_meeting(council, "Møde med referat", 20, [
        {"title": "Natcaféer", "summary": "Status på natcaféer.",
         "decision": f"Rådet anbefaler {OPEN['open_decision']}."},
        {"title": "Lukket personsag", "is_public": False, "summary": MARKERS["closed_summary"],
         "case_presentation": MARKERS["closed_case"], "decision": MARKERS["closed_decision"]},
    ])
    assert s.post(f"{ws(m)}referat/offentliggoer/").status_code == 302
    # W: minutes published, then withdrawn.
    w = approved_meeting(council, "Møde med tilbagekaldt referat", 40, [
        {"title": "Herberger", "summary": "Status på herbergspladser.",
         "decision": MARKERS["withdrawn_decision"]},
    ])
    assert s.post(f"{ws(w)}referat/offentliggoer/").status_code == 302
    r = s.post(f"{ws(w)}referat/tilbagekald/", {"reason": "Offentliggjort ved en fejl."})
    assert r.status_code == 302
    w.refresh_from_db()
    assert w.status == "minutes_approved"
    # The council that is not public does the same.
    h = new_meeting(o, hidden, MARKERS["hidden_meeting"], "2027-03-11")
    hi = new_item(o, h, MARKERS["hidden_item"], summary=MARKERS["hidden_summary"])
    upload(o, hi, MARKERS["hidden_att_title"], MARKERS["hidden_att_text"])
    publish(o, h)
    hc = new_meeting(o, hidden, MARKERS["hidden_cancelled"], "2027-04-15")
    new_item(o, hc, MARKERS["hidden_item"])
    publish(o, hc)
    cancel(o, hc)
    hm = approved_meeting(hidden, MARKERS["hidden_meeting"] + " referat", 30, [
        {"title": MARKERS["hidden_item"], "decision": MARKERS["hidden_summary"]}])
    assert o.post(f"{ws(hm)}referat/offentliggoer/").status_code == 302
    return {"a": a, "c": c, "p": p, "m": m, "w": w, "h": h, "hc": hc, "hm": hm}


# The crawl ----------------------------------------------------------------------------------

PRIVATE_PREFIXES = ("/sekretariat/", "/mine/", "/admin/", "/konto/", "/i18n/", "/static/",
                    "/log", "/oparl/")
HREF = re.compile(r"""(?:href|src)="([^"#]*)""")


def text_of(response) -> str:
    """What a reader of the response sees: PDF and DOCX text extracted, else the body."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages) + content.decode(
            "latin-1")  # also the raw bytes: metadata such as the PDF title
    if "officedocument" in kind:
        from udsatteraad.lib.extract import extract_text

        return extract_text(content)[0]
    return content.decode("utf-8", errors="replace")


def crawl_site(client, start: list[str], limit: int = 400) -> dict[str, tuple[int, str, str]]:
    """GET every same-site public link reachable from `start`: {path: (status, type, text)}."""
    seen: dict[str, tuple[int, str, str]] = {}
    todo = list(start)
    while todo and len(seen) < limit:
        path = todo.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        text = text_of(response)
        kind = response.get("Content-Type", "")
        seen[path] = (response.status_code, kind, text)
        if not kind.startswith("text/html"):
            continue
        for href in HREF.findall(text):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(PRIVATE_PREFIXES) or target in seen:
                continue
            todo.append(target)
    assert not todo, f"crawl limit reached: {todo[:5]}"
    return seen


def assert_clean(pages: dict, where: str) -> None:
    for path, (_status, _kind, text) in pages.items():
        low = text.lower()
        if path.startswith("/soeg/?q="):
            # The search page repeats what was asked for; the hits are what counts.
            low = low.replace(path.removeprefix("/soeg/?q=").lower(), "")
        for name, marker in MARKERS.items():
            assert marker.lower() not in low, (where, name, path)


def test_no_public_surface_shows_what_it_must_not(published, world, anon):
    meetings = published
    start = ["/", "/raad/", "/tilgaengelighed/", "/feed.rss", "/feed.atom", "/soeg/"]
    for council in (world.council, world.other_council):
        slug = council.slug
        start += [f"/raad/{slug}/", f"/raad/{slug}/moeder/", f"/raad/{slug}/feed.rss",
                  f"/raad/{slug}/feed.atom", f"/raad/{slug}/kalender.ics"]
    # Every meeting by its URL, linked or not, with its PDFs and easy-read page.
    for m in meetings.values():
        base = f"/raad/{m.council.slug}/moeder/{m.pk}/"
        start += [base, f"{base}dagsorden.pdf", f"{base}referat.pdf", f"{base}bilag.pdf",
                  f"{base}letlaest/", f"{base}letlaest.pdf"]
    for att in Attachment.objects.all():
        m = att.item.meeting
        start.append(f"/raad/{m.council.slug}/moeder/{m.pk}/bilag/{att.pk}/")
    words = [*MARKERS.values(), "vinterhalvåret", "varmestuer", "natcaféer", "herberger",
             "punkt", "lukket", "aflyst", "bilag", "møde"]
    start += [f"/soeg/?q={w}" for w in words]
    pages = crawl_site(anon, start)
    assert all(status in (200, 404) for status, _, _ in pages.values()), [
        (p, s) for p, (s, _, _) in pages.items() if s not in (200, 404)]
    assert_clean(pages, "site")
    api = crawl_oparl(anon)
    assert all(status == 200 for status, _, _ in api.values())
    assert_clean({p: (s, "json", t) for p, (s, t, _) in api.items()}, "oparl")

    # The crawl saw the open material (so it looked where the markers would have been).
    everything = "\n".join(t for _, _, t in pages.values()) + "\n".join(
        t for _, t, _ in api.values())
    for word in OPEN.values():
        assert word.lower() in everything.lower(), word
    a_page = pages[f"/raad/testraad/moeder/{meetings['a'].pk}/"]
    assert a_page[0] == 200 and OPEN["open_att"] in a_page[2]
    assert len(pages) > 80 and len(api) > 40
    pdf = pages[f"/raad/testraad/moeder/{meetings['a'].pk}/dagsorden.pdf"]
    assert pdf[1].startswith("application/pdf") and "Varmestuer" in pdf[2]  # text extracted
    assert pages["/soeg/?q=vinterhalvåret"][2].count(OPEN["open_item"]) >= 1
    # The hidden council's pages and files are not there at all.
    for key in ("h", "hc", "hm"):
        m = meetings[key]
        assert pages[f"/raad/andetraad/moeder/{m.pk}/"][0] == 404
        assert pages[f"/raad/andetraad/moeder/{m.pk}/dagsorden.pdf"][0] == 404
    assert pages["/raad/andetraad/"][0] == 404
    assert pages["/raad/andetraad/kalender.ics"][0] == 404
    # The planned meeting is not public, nor the withdrawn minutes' PDF.
    assert pages[f"/raad/testraad/moeder/{meetings['p'].pk}/"][0] == 404
    assert pages[f"/raad/testraad/moeder/{meetings['w'].pk}/referat.pdf"][0] == 404
    assert pages[f"/raad/testraad/moeder/{meetings['m'].pk}/referat.pdf"][0] == 200

    # The cancelled meeting is shown as cancelled everywhere.
    c = meetings["c"]
    status, _, page = pages[f"/raad/testraad/moeder/{c.pk}/"]
    assert status == 200 and "Aflyst" in page and OPEN["cancelled_title"] in page
    cancelled_day = timezone.localtime(c.cancelled_at)
    assert f"{cancelled_day.day}." in page and str(cancelled_day.year) in page
    obj = json.loads(anon.get(f"/oparl/v1.1/meeting/{c.pk}/").content)
    assert obj["cancelled"] is True and not obj.get("deleted")
    for feed in ("/feed.rss", "/raad/testraad/feed.rss", "/feed.atom", "/raad/testraad/feed.atom"):
        entries = re.findall(r"<(?:item|entry)>(.*?)</(?:item|entry)>", pages[feed][2], re.S)
        assert any("Aflyst" in e and f"/moeder/{c.pk}/" in e for e in entries), feed
    ical = pages["/raad/testraad/kalender.ics"][2].replace("\r\n ", "")
    events = ical.split("BEGIN:VEVENT")[1:]
    [event] = [e for e in events if OPEN["cancelled_title"] in e]
    assert "STATUS:CANCELLED" in event
