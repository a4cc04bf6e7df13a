"""The year's meeting plan from a pattern in one step (e.g. the second Monday of March, June,
September and December at 17.00), then adjusted one meeting at a time. Danish public holidays,
days already past, days that already have a meeting and days beyond the terms of reference's
yearly maximum are skipped, each with a warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

URL = "/sekretariat/testraad/moeder/planlaeg-aar/"


def ordinary(world, year):
    from udsatteraad.meetings.models import Meeting

    return list(Meeting.objects.filter(council=world.council, start__year=year)
                .exclude(status="cancelled").order_by("start"))


def post(client, **data):
    body = {"year": 2027, "nth": 2, "weekday": 0, "months": [3, 6, 9, 12],
            "start_time": "17:00", "end_time": "19:00", "location": "Byrådssalen"} | data
    return client.post(URL, body)


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_pattern_dates():
    from udsatteraad.meetings.planning import pattern_dates

    assert pattern_dates(year=2027, months=[12, 3, 9, 6], weekday=0, nth=2) == [
        dt.date(2027, 3, 8), dt.date(2027, 6, 14), dt.date(2027, 9, 13), dt.date(2027, 12, 13)]
    # The last Friday of February and May.
    assert pattern_dates(year=2029, months=[2, 5], weekday=4, nth=-1) == [
        dt.date(2029, 2, 23), dt.date(2029, 5, 25)]


def test_form_page(secretary_client):
    r = secretary_client.get(URL + "?aar=2027")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Planlæg året efter et mønster" in html
    assert 'name="year"' in html and 'value="2027"' in html
    assert 'action="/sekretariat/testraad/moeder/planlaeg-aar/"' in html
    r = secretary_client.get("/sekretariat/testraad/moeder/?aar=2027")
    assert 'href="/sekretariat/testraad/moeder/planlaeg-aar/?aar=2027"' in r.content.decode()


def test_plan_a_year_in_one_step(secretary_client, world):
    r = post(secretary_client)
    assert r.status_code == 302
    assert r["Location"] == "/sekretariat/testraad/moeder/?aar=2027"
    meetings = ordinary(world, 2027)
    assert [timezone.localtime(m.start) for m in meetings] == [
        timezone.make_aware(dt.datetime(2027, month, day, 17, 0))
        for month, day in [(3, 8), (6, 14), (9, 13), (12, 13)]]
    assert all(timezone.localtime(m.end).time() == dt.time(19, 0) for m in meetings)
    assert all(m.kind == "ordinary" and m.status == "planned" for m in meetings)
    assert meetings[0].title == "Ordinært møde 8. marts 2027"
    assert meetings[0].location == "Byrådssalen"
    assert "4 møder er oprettet. Ret de enkelte møder herunder." in texts(r)


def test_a_second_send_creates_nothing_more(secretary_client, world):
    post(secretary_client)
    r = post(secretary_client)
    assert len(ordinary(world, 2027)) == 4
    assert "Der er allerede et møde 8. marts 2027, så der er ikke planlagt et møde mere den dag." \
        in texts(r)
    assert "Der er ikke oprettet nogen møder." in texts(r)


def test_holidays_are_skipped_with_a_warning(secretary_client, world):
    # The first Monday of April 2029 is Easter Monday (2. påskedag).
    r = post(secretary_client, year=2029, nth=1, months=[3, 4, 9])
    assert r.status_code == 302
    days = [timezone.localtime(m.start).date() for m in ordinary(world, 2029)]
    assert days == [dt.date(2029, 3, 5), dt.date(2029, 9, 3)]
    assert ("2. april 2029 er en helligdag (Anden påskedag), så der er ikke planlagt et møde "
            "den dag.") in texts(r)
    assert "2 møder er oprettet. Ret de enkelte møder herunder." in texts(r)
    # The plan page the secretary lands on shows the warning beside the new meetings.
    page = secretary_client.get(r["Location"]).content.decode()
    assert 'class="message warning">2. april 2029 er en helligdag (Anden påskedag)' in page
    assert "Ordinært møde 5. marts 2029" in page


def test_the_yearly_maximum_holds(secretary_client, world):
    # The test council's terms allow at most 4 ordinary meetings a year.
    r = post(secretary_client, year=2028, months=list(range(1, 13)))
    assert len(ordinary(world, 2028)) == 4
    assert any("højst 4 ordinære møder" in t for t in texts(r))


def test_then_adjusted(secretary_client, world):
    post(secretary_client)
    first = ordinary(world, 2027)[0]
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{first.pk}/rediger/", {
        "kind": "ordinary", "title": "", "date": "2027-03-09", "start_time": "16:30"})
    assert r.status_code == 302
    first.refresh_from_db()
    assert timezone.localtime(first.start) == timezone.make_aware(
        dt.datetime(2027, 3, 9, 16, 30))
    assert first.items.exists()  # the standard items came with the plan


@pytest.mark.parametrize("data, field, message", [
    ({"months": []}, "months", "Vælg mindst én måned."),
    ({"year": "tyve"}, "year", "Indtast et heltal."),
    ({"end_time": "16:00"}, "end_time", "Mødet skal slutte efter, det begynder."),
    ({"nth": "7"}, "nth", "Marker en gyldig valgmulighed."),
])
def test_bad_input_is_told_in_danish(secretary_client, world, data, field, message):
    r = post(secretary_client, **data)
    assert r.status_code == 200
    assert message in r.context["form"].errors[field][0]
    assert ordinary(world, 2027) == []
