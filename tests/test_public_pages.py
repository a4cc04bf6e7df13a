"""The public pages citizens see: home, councils, a council, a meeting, the accessibility
statement and the error pages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The world creates users; a slow hasher would dominate these tests' run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_meeting(council, status="agenda_published", days=-30, **extra):
    from udsatteraad.meetings.models import Meeting

    start = timezone.now().astimezone(CPH).replace(hour=17, minute=0, second=0, microsecond=0)
    extra.setdefault("title", "Ordinært møde")
    return Meeting.objects.create(
        council=council, status=status, start=start + dt.timedelta(days=days), **extra
    )


def make_item(meeting, number, **extra):
    from udsatteraad.meetings.models import AgendaItem

    extra.setdefault("title", f"Emne {number}")
    return AgendaItem.objects.create(meeting=meeting, number=number, position=number, **extra)


# Home and the list of councils

def test_home_explains_and_lists_councils_by_authority(anon, world):
    r = anon.get("/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count("<h1") == 1
    assert "Hvad er et udsatteråd?" in html
    assert 'href="/raad/testraad/"' in html and 'href="/raad/andetraad/"' in html
    # Regions before municipalities.
    assert html.index("Testregion</h3>") < html.index("Testkommune</h3>")
    assert "borgerrådgiveren" in html
    assert 'action="/i18n/setlang/"' in html and 'href="#main"' in html


def test_councils_lists_only_public_councils(anon, world):
    world.other_council.is_public = False
    world.other_council.save()
    r = anon.get("/raad/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Udsatterådet i Testregion" in html
    assert "Udsatterådet i Testkommune" not in html
    assert "At styrke dialogen med udsatte borgere." in html  # purpose from the terms


def test_councils_queries_do_not_grow(anon, world, django_assert_max_num_queries):
    from udsatteraad.councils.models import Council

    for i in range(15):
        Council.objects.create(authority=world.municipality, name=f"Råd {i}", slug=f"raad-{i}")
    with django_assert_max_num_queries(2):
        r = anon.get("/raad/")
    assert "Råd 14" in r.content.decode()


# The council page

def test_council_page_shows_terms_members_and_contact(anon, world):
    from udsatteraad.councils.models import TargetGroup

    world.tor.target_group_text = "Borgere over 18 år med komplekse problemer."
    world.tor.tasks = ["At rådgive regionsrådet.", {"text": "At holde et dialogmøde."}]
    world.tor.after_working_hours = True
    world.tor.save()
    world.tor.target_groups.add(TargetGroup.objects.create(name="Hjemløse", slug="hjemloese"))
    world.council.contact_phone = "70 11 22 33"
    world.council.save()

    r = anon.get("/raad/testraad/")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count("<h1") == 1
    assert "Testregion" in html
    assert "At styrke dialogen med udsatte borgere." in html
    assert "Borgere over 18 år med komplekse problemer." in html
    assert "<li>Hjemløse</li>" in html
    assert "At rådgive regionsrådet." in html and "At holde et dialogmøde." in html
    # Composition by seat group, current members with organisation, chair.
    assert "Udpeget af regionsrådet" in html and "Brugerrepræsentant, Café Test" in html
    assert "Formand Frida Fiktiv" in html
    assert "Medlem Mads Påhit" in html and ", Røde Kors" in html
    assert "1 ledig plads" in html  # Blå Kors and Café Test seats are empty
    # Meeting rhythm from the terms.
    assert "Rådet holder 2 til 4 ordinære møder om året." in html
    assert "Møderne ligger efter arbejdstid." in html
    assert "hvis 3 medlemmer beder om det" in html
    assert "2026-2029" in html
    # Contact, and the warning about personal cases.
    # The contact form replaced the mailto link (issue 10).
    assert 'href="/raad/testraad/kontakt/"' in html and "mailto:" not in html
    assert 'href="tel:70112233"' in html
    assert "Skriv til sekretariatet." in html
    assert "borgerrådgiveren" in html


def test_council_page_hides_former_members(anon, world):
    from udsatteraad.councils.models import Membership, Person

    former = Person.objects.create(name="Tidligere Tove Digt")
    Membership.objects.create(
        council=world.council, person=former, seat_group=world.blue_cross_group,
        term=world.term, start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1),
    )
    assert "Tidligere Tove Digt" not in anon.get("/raad/testraad/").content.decode()


def test_council_page_lists_public_meetings_only(anon, world):
    held = make_meeting(world.council, "minutes_published", days=-60, title="Møde i marts")
    coming = make_meeting(world.council, "agenda_published", days=10, title="Møde om boliger")
    make_meeting(world.council, "planned", days=40, title="Planlagt hemmeligt møde")
    make_meeting(world.council, "cancelled", days=-20, title="Aflyst møde")
    make_meeting(world.other_council, "agenda_published", title="Andet råds møde")
    html = anon.get("/raad/testraad/").content.decode()
    assert f'href="/raad/testraad/moeder/{held.pk}/"' in html
    assert f'href="/raad/testraad/moeder/{coming.pk}/"' in html
    assert html.index("Kommende møder") < html.index("Møde om boliger")
    assert html.index("Dagsordener og referater") < html.index("Møde i marts")
    for hidden in ("Planlagt hemmeligt møde", "Aflyst møde", "Andet råds møde"):
        assert hidden not in html


def test_council_page_404s(anon, world):
    assert anon.get("/raad/findes-ikke/").status_code == 404
    world.council.is_public = False
    world.council.save()
    r = anon.get("/raad/testraad/")
    assert r.status_code == 404
    assert "Siden findes ikke" in r.content.decode()


def test_council_page_queries_do_not_grow(anon, world, django_assert_max_num_queries):
    from udsatteraad.councils.models import Membership, Person, SeatGroup

    big = SeatGroup.objects.create(
        terms_of_reference=world.tor, name="Ekstra pladser", kind="organisation", seats=30,
        position=9,
    )
    big.organisations.add(world.red_cross, world.blue_cross)
    for i in range(25):
        p = Person.objects.create(name=f"Person Påhit {i}", email=f"p{i}@example.org")
        Membership.objects.create(
            council=world.council, person=p, seat_group=big, term=world.term,
            start=world.term.start, nominated_by=world.blue_cross if i % 2 else None,
        )
        make_meeting(world.council, "minutes_published", days=-i - 1, title=f"Møde nr. {i}")
    # Coming meetings, the latest held ones and the archive's years: one query each.
    # +2 (issue 12): the substitutes and the rules of procedure ("Sådan arbejder rådet").
    with django_assert_max_num_queries(14):
        r = anon.get("/raad/testraad/")
    html = r.content.decode()
    assert "Person Påhit 24" in html and "Møde nr. 4," in html
    assert "Møde nr. 5," not in html  # older meetings are in the archive by year
    assert "5 ledige pladser" in html


# The meeting page

def test_meeting_page_shows_items_in_order(anon, world):
    m = make_meeting(world.council, "minutes_published", location="Mødelokale C.3.10",
                     venue=world.cafe)
    make_item(m, 18, title="Opsamling på dialogmøde", case_number="27.15.00-A08-1-21",
              summary="Kort resumé.", recommendations_intro="Forvaltningen indstiller til rådet",
              recommendations=["rådet drøfter mødet"], decision="Godkendt",
              case_presentation="Første linje\nAnden linje", start_time=dt.time(17, 10),
              end_time=dt.time(17, 25))
    make_item(m, 17, title="Godkendelse af dagsorden")
    r = anon.get(f"/raad/testraad/moeder/{m.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count("<h1") == 1
    assert html.index("Punkt 17: Godkendelse af dagsorden") < html.index(
        "Punkt 18: Opsamling på dialogmøde")
    assert "27.15.00-A08-1-21" in html and "Kort resumé." in html
    assert "Forvaltningen indstiller til rådet" in html
    assert "<li>at rådet drøfter mødet</li>" in html
    assert "Godkendt" in html
    assert "Første linje<br>Anden linje" in html
    assert "17.10–17.25" in html
    assert "Mødelokale C.3.10, Café Test" in html
    assert "Ordinært møde" in html


def test_meeting_decision_only_with_published_minutes(anon, world):
    m = make_meeting(world.council, "held")
    make_item(m, 1, title="Et punkt", decision="Rådet besluttede noget hemmeligt endnu")
    html = anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    assert "Et punkt" in html
    assert "Rådet besluttede noget hemmeligt endnu" not in html
    m.status = "minutes_published"
    m.save()
    html = anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    assert "Rådet besluttede noget hemmeligt endnu" in html


def test_meeting_escapes_html_from_data(anon, world):
    m = make_meeting(world.council)
    make_item(m, 1, title="<b>Fed</b> titel", case_presentation="<script>alert(1)</script>")
    html = anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    # Rich text is sanitised when saved (lib/text.py clean_rich_text): the script is gone entirely.
    assert "alert(1)" not in html
    assert "&lt;b&gt;Fed&lt;/b&gt; titel" in html
    assert "<b>Fed</b>" not in html


def test_meeting_404s(anon, world):
    planned = make_meeting(world.council, "planned")
    cancelled = make_meeting(world.council, "cancelled")
    other = make_meeting(world.other_council)
    assert anon.get(f"/raad/testraad/moeder/{planned.pk}/").status_code == 404
    assert anon.get(f"/raad/testraad/moeder/{cancelled.pk}/").status_code == 404
    assert anon.get(f"/raad/testraad/moeder/{other.pk}/").status_code == 404
    assert anon.get(f"/raad/andetraad/moeder/{other.pk}/").status_code == 200
    assert anon.get("/raad/testraad/moeder/999999/").status_code == 404


def test_meeting_queries_do_not_grow(anon, world, django_assert_max_num_queries):
    from udsatteraad.meetings.models import Attachment

    m = make_meeting(world.council, "minutes_published")
    for n in range(1, 31):
        item = make_item(m, n, is_public=n % 3 != 0, recommendations=["noget sker"])
        Attachment.objects.create(item=item, title=f"Bilag {n}")
        Attachment.objects.create(item=item, title=f"Lukket bilag {n}", is_public=False)
    # Minutes published without a stored version (loaded data) read their minority
    # statements and attendance live: three queries more than a versioned meeting, constant.
    with django_assert_max_num_queries(7):
        r = anon.get(f"/raad/testraad/moeder/{m.pk}/")
    html = r.content.decode()
    assert "Punkt 30: Emne 30" in html and "Bilag 29" in html


# Accessibility statement and error pages

def test_accessibility_statement(anon, world):
    r = anon.get("/tilgaengelighed/")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count("<h1") == 1
    for text in ("WCAG 2.1", "webtilgængelighedsloven", "delvist", "Bilag til møderne",
                 "Digitaliseringsstyrelsen", 'href="https://digst.dk/', "Udarbejdet",
                 'datetime="2026-11-23"'):
        assert text in html, text


def test_403_page_is_plain_danish(world, other_secretary_client, settings):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/sekretariat/testraad/")
    request.user = world.other_secretary
    r = permission_denied(request, PermissionDenied())
    html = r.content.decode()
    assert r.status_code == 403
    assert "Du har ikke adgang til siden" in html and 'href="/"' in html


def test_500_page_renders_without_any_context(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    r = server_error(RequestFactory().get("/"))
    html = r.content.decode()
    assert r.status_code == 500
    assert "Der skete en fejl" in html and 'href="/"' in html
    assert "{%" not in html and "{{" not in html


@pytest.mark.parametrize("path", ["/", "/raad/", "/raad/testraad/", "/tilgaengelighed/"])
def test_public_pages_have_landmarks(anon, world, path):
    html = anon.get(path).content.decode()
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'lang="da"' in html


def test_item_texts_render_tables_lists_and_sanitised_html(world, anon):
    """Imported plain text shows its "|" tables and "- " lists as HTML; rich text from the
    editor keeps its markup, and anything unsafe in a stored row is removed on output."""
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(council=world.council, title="Møde", status="minutes_published",
                               start=dt.datetime(2026, 3, 1, 17, tzinfo=dt.UTC))
    AgendaItem.objects.create(
        meeting=m, number=1, title="Tidsplan",
        case_presentation=(
            "Dagsorden og tidsplan:\n\n| Punkt | Tid |\n|--|--|\n| Godkendelse | 17.05 |"
        ),
        decision="Input:\n\n- brevstemme\n- valg på væresteder",
    )
    AgendaItem.objects.create(
        meeting=m, number=2, title="Rig tekst",
        case_presentation='<p>Se <strong>planen</strong></p><script>alert(1)</script>',
    )
    html = anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    assert '<th scope="col">Punkt</th>' in html and "<td>17.05</td>" in html
    assert "| Punkt |" not in html
    assert "<li>brevstemme</li>" in html
    assert "<strong>planen</strong>" in html
    assert "alert(1)" not in html
