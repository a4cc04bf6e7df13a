"""Agenda items: numbering through the year, standard items, order, the item form."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from udsatteraad.lib.forms import validate_case_number
from udsatteraad.lib.text import parse_recommendations, sanitise_html
from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import AgendaItem, Meeting

CPH = ZoneInfo("Europe/Copenhagen")


def make_meeting(council, day: dt.date, status=Meeting.Status.PLANNED, standard=True) -> Meeting:
    meeting = Meeting.objects.create(
        council=council, title=f"Møde {day:%d.%m.%Y}", status=status,
        start=dt.datetime.combine(day, dt.time(17, 0), tzinfo=CPH),
    )
    if standard:
        agenda.add_standard_items(meeting=meeting)
    return meeting


def numbered(meeting: Meeting) -> list[tuple[int | None, str]]:
    return list(meeting.items.order_by("position").values_list("number", "title"))


def url(meeting: Meeting, rest: str = "") -> str:
    return f"/sekretariat/{meeting.council.slug}/moeder/{meeting.pk}/{rest}"


def item_data(**extra) -> dict:
    data = {"title": "Høring om herbergspladser", "case_number": "27.15.00-A08-1-21",
            "summary": "Kort resumé.", "recommendations_intro": "Forvaltningen indstiller",
            "recommendations": "1. at rådet drøfter høringen", "case_presentation": "<p>Tekst</p>",
            "start_time": "17:10", "end_time": "17:30", "is_public": "on",
            "origin": "hearing"}
    data.update(extra)
    return data


def test_standard_items_are_added_once(world):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    agenda.add_standard_items(meeting=meeting)  # idempotent
    assert numbered(meeting) == [
        (1, "Godkendelse af dagsorden og tidsplan"), (2, "Nyt fra rådsmedlemmerne"),
        (3, "Eventuelt"),
    ]
    assert set(meeting.items.values_list("origin", flat=True)) == {AgendaItem.Origin.STANDARD}


def test_numbers_run_through_the_year(world, secretary_client):
    first = make_meeting(world.council, dt.date(2027, 3, 1))
    second = make_meeting(world.council, dt.date(2027, 6, 1))
    next_year = make_meeting(world.council, dt.date(2028, 2, 1))
    assert [n for n, _t in numbered(second)] == [4, 5, 6]
    assert agenda.next_item_number(meeting=second) == 7
    assert [n for n, _t in numbered(next_year)] == [1, 2, 3]

    r = secretary_client.post(url(first, "punkter/ny/"), item_data())
    assert r.status_code == 302
    assert numbered(first)[1] == (2, "Høring om herbergspladser")
    assert [n for n, _t in numbered(first)] == [1, 2, 3, 4]
    assert [n for n, _t in numbered(second)] == [5, 6, 7]
    assert [n for n, _t in numbered(next_year)] == [1, 2, 3]


def test_published_meetings_keep_their_numbers(world, secretary_client):
    first = make_meeting(world.council, dt.date(2027, 3, 1))
    second = make_meeting(world.council, dt.date(2027, 6, 1))
    third = make_meeting(world.council, dt.date(2027, 9, 1))
    Meeting.objects.filter(pk=second.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    secretary_client.post(url(first, "punkter/ny/"), item_data())
    assert [n for n, _t in numbered(first)] == [1, 2, 3, 4]
    assert [n for n, _t in numbered(second)] == [4, 5, 6]  # published: unchanged
    assert [n for n, _t in numbered(third)] == [7, 8, 9]


def test_delete_renumbers(world, secretary_client):
    first = make_meeting(world.council, dt.date(2027, 3, 1))
    second = make_meeting(world.council, dt.date(2027, 6, 1))
    item = first.items.get(title="Eventuelt")
    r = secretary_client.post(url(first, f"punkter/{item.pk}/slet/"), {})
    assert r.status_code == 302
    assert [n for n, _t in numbered(second)] == [3, 4, 5]


def test_reorder_keeps_standard_items_in_place(world, secretary_client):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    a = agenda.create_item(meeting=meeting, data={"title": "A"})
    b = agenda.create_item(meeting=meeting, data={"title": "B"})
    move = f"punkter/{b.pk}/flyt/"
    assert secretary_client.post(url(meeting, move), {"direction": "up"}).status_code == 302
    assert numbered(meeting) == [
        (1, "Godkendelse af dagsorden og tidsplan"), (2, "B"), (3, "A"),
        (4, "Nyt fra rådsmedlemmerne"), (5, "Eventuelt"),
    ]
    # B cannot pass the opening item, A cannot pass the closing ones.
    r = secretary_client.post(url(meeting, move), {"direction": "up"}, follow=True)
    assert "kan ikke flyttes længere" in r.content.decode()
    secretary_client.post(url(meeting, f"punkter/{a.pk}/flyt/"), {"direction": "down"})
    assert [t for _n, t in numbered(meeting)][1:3] == ["B", "A"]
    assert secretary_client.get(url(meeting, move)).status_code == 405


def test_reorder_refused_after_publishing(world, secretary_client):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    closing = meeting.items.get(title="Eventuelt")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    r = secretary_client.post(url(meeting, f"punkter/{closing.pk}/flyt/"), {"direction": "up"},
                              follow=True)
    assert "offentliggjort" in r.content.decode()
    assert numbered(meeting)[2] == (3, "Eventuelt")


@pytest.mark.parametrize("value", [
    "27.15.00-A08-1-21", "21/874", "EMN-2025-009242", "330-2021-45767", "00.00.00-P20-4-18", "",
])
def test_case_number_accepted(value):
    assert validate_case_number(value) == value


@pytest.mark.parametrize("value", [
    "27.15.00-a08-1-21", "27.15-A08-1-21", "sag 12", "21/", "EMN-25-1", "<script>", "12345",
])
def test_case_number_refused(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        validate_case_number(value)
    assert "27.15.00-A08-1-21" in exc.value.messages[0]


def test_bad_case_number_keeps_the_input(world, secretary_client):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    r = secretary_client.post(url(meeting, "punkter/ny/"), item_data(case_number="sag nr. 7"))
    body = r.content.decode()
    assert r.status_code == 200
    assert "Sagsnummeret har ikke en form" in body
    assert "sag nr. 7" in body and "Høring om herbergspladser" in body
    assert meeting.items.count() == 3


def test_nh3_strips_script_and_handlers():
    html = sanitise_html('<p onclick="steal()">Hej<script>alert(1)</script> '
                         '<a href="https://example.org" target="_blank">link</a></p>'
                         '<img src="x" onerror="y()"><h3>Ok</h3><a href="javascript:x()">j</a>')
    assert "<script" not in html and "alert" not in html
    assert "onclick" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="noopener">link</a>' in html
    assert "<h3>Ok</h3>" in html


def test_recommendation_markers_are_stripped():
    text = "1. at dagsorden godkendes\n2) at rådet drøfter sagen\nat noget tredje\n\n4. fjerde\n"
    assert parse_recommendations(text) == [
        "dagsorden godkendes", "rådet drøfter sagen", "noget tredje", "fjerde",
    ]


def test_item_form_saves_and_keeps_history(world, secretary_client):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    r = secretary_client.get(url(meeting, "punkter/ny/"))
    assert "Forvaltningen indstiller til Udsatterådet i Testregion" in r.content.decode()
    secretary_client.post(url(meeting, "punkter/ny/"), item_data(
        case_presentation='<p>Se <a href="https://example.org">her</a><script>x</script></p>',
        recommendations="1. at rådet tager orienteringen til efterretning\nat sagen sendes videre",
    ))
    item = meeting.items.get(title="Høring om herbergspladser")
    assert item.recommendations == ["rådet tager orienteringen til efterretning",
                                    "sagen sendes videre"]
    assert "<script" not in item.case_presentation
    assert item.origin == "hearing" and item.start_time == dt.time(17, 10)
    r = secretary_client.post(url(meeting, f"punkter/{item.pk}/"),
                              item_data(title="Ny titel", revision=item.revision))
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.title == "Ny titel" and item.revision == 2
    assert item.history.count() >= 2
    assert item.history.first().title == "Ny titel"


def test_end_time_after_start(world, secretary_client):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    r = secretary_client.post(url(meeting, "punkter/ny/"),
                              item_data(start_time="17:30", end_time="17:00"))
    assert "Sluttiden skal ligge efter starttiden" in r.content.decode()


def test_editing_published_minutes_is_refused(world, secretary_client):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    item = meeting.items.first()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_PUBLISHED)
    r = secretary_client.post(url(meeting, f"punkter/{item.pk}/"),
                              item_data(title="Snigende ændring", revision=item.revision))
    body = r.content.decode()
    assert r.status_code == 409
    assert "Referatet er offentliggjort" in body and "Snigende ændring" in body
    item.refresh_from_db()
    assert item.title == "Godkendelse af dagsorden og tidsplan"


def test_workspace_lists_items_in_bounded_queries(world, secretary_client,
                                                  django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    with CaptureQueriesContext(connection) as few:
        secretary_client.get(url(meeting))
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=f"Punkt nummer {n}", case_number="21/874",
                   position=2 + n)
        for n in range(25)
    )
    meeting.items.filter(title="Nyt fra rådsmedlemmerne").update(position=100)
    meeting.items.filter(title="Eventuelt").update(position=101)
    agenda.renumber(meeting=meeting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = secretary_client.get(url(meeting))
    body = r.content.decode()
    assert r.status_code == 200
    assert "Punkt nummer 24" in body and "/offentliggoer/" in body and "/referat/" in body
    # The single opening item cannot move; 25 body items and the 2 closing items can.
    assert body.count('name="direction" value="up"') == 27


def test_workspace_access(world, other_secretary_client, member_client, anon):
    meeting = make_meeting(world.council, dt.date(2027, 3, 1))
    assert other_secretary_client.get(url(meeting)).status_code == 403
    assert other_secretary_client.get(
        f"/sekretariat/andetraad/moeder/{meeting.pk}/").status_code == 404
    assert member_client.get(url(meeting)).status_code == 403
    assert anon.get(url(meeting)).status_code == 302


def test_numbers_continue_after_published_minutes(world):
    # As in Randers 2021: the 27 September minutes have items 17-24.
    held = make_meeting(world.council, dt.date(2027, 9, 27), standard=False,
                        status=Meeting.Status.MINUTES_PUBLISHED)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=held, title=f"Punkt {n}", number=n, position=n - 16)
        for n in range(17, 25)
    )
    later = make_meeting(world.council, dt.date(2027, 11, 29))
    assert [n for n, _t in numbered(later)] == [25, 26, 27]
    agenda.renumber(meeting=held)
    assert list(held.items.values_list("number", flat=True)) == list(range(17, 25))
