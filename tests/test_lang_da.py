"""Danish content in the English interface on members' and the secretariat's pages (issue 16):
every place that shows text people typed in Danish (council names, meeting and item titles,
case presentations, decisions, minority statements, hearings, annual-plan entries, reports,
task titles quoting them) sits inside an element with lang="da", so a screen reader reads it
as Danish; in the Danish interface nothing is added (the page itself is lang="da")."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from udsatteraad.hearings.models import Comment
from udsatteraad.hearings.testing import hearing_in
from udsatteraad.meetings.models import AgendaItem, Meeting, MinorityStatement
from udsatteraad.reports.models import Report
from udsatteraad.yearplan.models import PlanEntry

MEETING = "Ordinært møde om vinterhjælp"
NEXT_MEETING = "Sommermøde på værestedet"
ITEM = "Herbergspladser i vinter"
DECISION = "Rådet anbefaler flere nattepladser"
CASE = "Forvaltningen beskriver behovet"
MINORITY = "Et mindretal ønsker varmestuer i stedet"
HEARING = "Hjemløsestrategi 2027-2030"
COMMENT = "Flere boliger til unge hjemløse"
ENTRY = "Temadag om gadesygepleje"
REPORT = "Statusrapport om rådets første år"
COUNCIL = "Udsatterådet i Testregion"


@pytest.fixture
def content(world):
    now = timezone.now()
    held = Meeting.objects.create(council=world.council, status="held", title=MEETING,
                                  start=now - dt.timedelta(days=1))
    item = AgendaItem.objects.create(
        meeting=held, number=2, position=1, title=ITEM,
        decision=f"<p>{DECISION}.</p>", case_presentation=f"<p>{CASE}.</p>")
    statement = MinorityStatement.objects.create(item=item, text=MINORITY)
    statement.members.add(world.member.person)
    Meeting.objects.create(council=world.council, status="agenda_published",
                           title=NEXT_MEETING, start=now + dt.timedelta(days=30))
    hearing = hearing_in("commenting", council=world.council, secretary=world.secretary,
                         chair=world.chair, title=HEARING,
                         deadline=timezone.localdate() + dt.timedelta(days=2))
    Comment.objects.create(hearing=hearing, person=world.member.person,
                           author_name="Medlem Mads Påhit", text=COMMENT)
    year = timezone.localdate().year
    PlanEntry.objects.create(council=world.council, year=year, kind="theme_day", title=ENTRY,
                             date=dt.date(year, 9, 3))
    Report.objects.create(council=world.council, kind="status", title=REPORT,
                          period_start=dt.date(year - 1, 1, 1),
                          period_end=dt.date(year - 1, 12, 31))
    return {"held": held, "hearing": hearing, "year": year}


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def marks(html: str, text: str) -> list[str | None]:
    """For each place in the page's body where `text` is shown, the language of its nearest
    element with a lang attribute (None: only the page's own)."""
    body = lxml.html.document_fromstring(html).body
    found = []
    for node in body.xpath(".//text()[contains(., $t)]", t=text):
        element = node.getparent()
        if node.is_tail:
            element = element.getparent()
        while element is not None and element.tag != "body" and element.get("lang") is None:
            element = element.getparent()
        found.append(None if element is None or element.tag == "body" else element.get("lang"))
    return found


def pages(world, content) -> dict[str, tuple[str, list[str]]]:
    held, hearing, slug = content["held"], content["hearing"], world.council.slug
    return {
        "mine": ("member", reverse("accounts:mine"), [COUNCIL, NEXT_MEETING]),
        "member meeting": ("member", reverse("meetings:member-meeting", args=[held.pk]),
                           [MEETING, ITEM, DECISION, CASE, MINORITY, COUNCIL]),
        "member hearing": ("member", reverse("hearings:member-hearing", args=[hearing.pk]),
                           [HEARING, COMMENT]),
        "secretariat start": ("secretary", reverse("councils:overview", args=[slug]),
                              [COUNCIL, MEETING, HEARING]),
        "agenda editor": ("secretary", reverse("meetings:workspace", args=[slug, held.pk]),
                          [MEETING, ITEM]),
        "live minutes": ("secretary", reverse("meetings:minutes", args=[slug, held.pk]),
                         [MEETING, ITEM, DECISION, MINORITY]),
        "hearing": ("secretary", reverse("hearings:workspace", args=[slug, hearing.pk]),
                    [HEARING, COMMENT, "Udkast til strategi mod hjemløshed"]),
        "annual plan": ("secretary",
                        reverse("yearplan:plan-year", args=[slug, content["year"]]), [ENTRY]),
        "reports": ("secretary", reverse("reports:list", args=[slug]), [REPORT]),
    }


def _clients(member_client, secretary_client):
    return {"member": member_client, "secretary": secretary_client}


def test_danish_content_is_marked_in_the_english_interface(world, content, member_client,
                                                           secretary_client):
    clients = _clients(english(member_client), english(secretary_client))
    for name, (who, url, texts) in pages(world, content).items():
        response = clients[who].get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<html lang="en">' in html, name
        for text in texts:
            found = marks(html, text)
            assert found, f"{name}: {text!r} not shown"
            assert set(found) == {"da"}, f"{name}: {text!r} marked {found}"


def test_the_interface_itself_is_not_marked(world, content, secretary_client):
    html = english(secretary_client).get(
        reverse("meetings:minutes", args=[world.council.slug, content["held"].pk])
    ).content.decode()
    # "Decisions" is the interface's own word, translated: not Danish content.
    assert marks(html, "Decisions") == [None]


def test_nothing_is_added_in_the_danish_interface(world, content, member_client,
                                                  secretary_client):
    clients = _clients(member_client, secretary_client)
    for name, (who, url, texts) in pages(world, content).items():
        html = clients[who].get(url).content.decode()
        assert '<html lang="da">' in html, name
        body = lxml.html.document_fromstring(html).body
        assert not body.xpath('.//*[@lang="da"]'), name
        for text in texts:
            assert set(marks(html, text)) == {None}, (name, text)
