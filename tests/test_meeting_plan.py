"""The yearly meeting plan: checks (unit), plan page, creating, editing and cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from udsatteraad.meetings import agenda, planning
from udsatteraad.meetings.models import Meeting
from udsatteraad.meetings.planning import PlanRules

PLAN = "/sekretariat/testraad/moeder/"
NEW = "/sekretariat/testraad/moeder/ny/"
RULES = PlanRules(meetings_min=2, meetings_max=4)


def meeting(world, day: str, kind="ordinary", time="10:00", council=None, **extra):
    start = timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{time}"))
    return Meeting.objects.create(
        council=council or world.council, kind=kind, title=extra.pop("title", f"Møde {day}"),
        start=start, **extra,
    )


def form_data(**over):
    data = {"kind": "ordinary", "title": "", "date": "2027-03-12", "start_time": "10:00",
            "end_time": "12:00", "venue": "", "location": "", "description": ""}
    data.update(over)
    return data


@pytest.fixture
def fake_agenda(monkeypatch):
    """Stand-in for AGENDA's add_standard_items, recording the meetings it is called for."""
    calls = []
    monkeypatch.setattr(agenda, "add_standard_items", lambda *, meeting: calls.append(meeting))
    return calls


# Pure checks ---------------------------------------------------------------------------------


def check(**over):
    args = {"kind": "ordinary", "day": dt.date(2027, 3, 12), "start_time": dt.time(10),
            "end_time": dt.time(12), "ordinary_in_year": 0, "rules": RULES}
    args.update(over)
    return planning.check_meeting(**args)


def test_check_accepts_ordinary_meeting_within_rules():
    assert check() == []


def test_check_refuses_more_ordinary_meetings_than_the_maximum():
    [problem] = check(ordinary_in_year=4)
    assert not problem.confirmable
    assert "højst 4 ordinære møder" in problem.message
    assert "allerede planlagt 4 i 2027" in problem.message
    assert check(ordinary_in_year=3) == []
    assert check(kind="extraordinary", ordinary_in_year=4) == []


def test_check_names_the_holiday_and_can_be_confirmed():
    [problem] = check(day=dt.date(2027, 12, 25))
    assert "Juledag" in problem.message and "25.12.2027" in problem.message
    assert problem.confirmable
    assert planning.blocking([problem], confirmed=True) == []
    assert planning.blocking([problem], confirmed=False) == [problem]
    assert planning.holiday_name(dt.date(2027, 3, 12)) is None


def test_check_after_working_hours():
    rules = PlanRules(after_working_hours=True, working_hours_end=dt.time(16))
    [problem] = check(rules=rules, start_time=dt.time(14), end_time=None)
    assert problem.field == "start_time" and problem.confirmable
    assert "kl. 16.00" in problem.message
    assert check(rules=rules, start_time=dt.time(16, 30), end_time=None) == []


def test_check_end_before_start_cannot_be_confirmed():
    [problem] = check(start_time=dt.time(12), end_time=dt.time(11))
    assert problem.field == "end_time" and not problem.confirmable
    assert planning.blocking([problem], confirmed=True) == [problem]


def test_year_warnings_and_default_title():
    assert "mindst 2 ordinære møder" in planning.year_warnings(
        ordinary_count=1, year=2027, rules=RULES)[0]
    assert planning.year_warnings(ordinary_count=2, year=2027, rules=RULES) == []
    assert "højst 4" in planning.year_warnings(ordinary_count=5, year=2027, rules=RULES)[0]
    assert planning.default_title("ordinary", dt.date(2027, 3, 12)) == (
        "Ordinært møde 12. marts 2027")


# Plan page ----------------------------------------------------------------------------------


def test_plan_lists_the_years_meetings_in_date_order(world, secretary_client):
    meeting(world, "2027-09-01", title="Efterårsmøde", venue=world.cafe, location="Lokale 2")
    meeting(world, "2027-03-01", title="Forårsmøde")
    meeting(world, "2027-05-01", kind="theme_day", title="Temadag om bolig")
    meeting(world, "2027-06-01", title="Aflyst sommermøde", status="cancelled")
    meeting(world, "2028-03-01", title="Næste års møde")
    meeting(world, "2027-04-01", title="Andet råds møde", council=world.other_council)
    html = secretary_client.get(PLAN + "?aar=2027").content.decode()
    assert html.index("Forårsmøde") < html.index("Temadag om bolig") < html.index("Efterårsmøde")
    assert "Næste års møde" not in html and "Andet råds møde" not in html
    assert "Lokale 2, Café Test" in html and "Temadag" in html and "Aflyst" in html
    assert "2 ordinære møder planlagt; kommissoriet siger 2–4" in html
    assert "mindst 2" not in html
    assert 'href="/sekretariat/testraad/moeder/?aar=2026"' in html
    assert 'href="/sekretariat/testraad/moeder/?aar=2028"' in html


def test_plan_defaults_to_the_current_year(world, secretary_client):
    year = timezone.localdate().year
    meeting(world, f"{year}-06-02", title="Årets møde")
    html = secretary_client.get(PLAN).content.decode()
    assert f"Mødeplan {year}" in html and "Årets møde" in html


def test_plan_warns_below_the_minimum(world, secretary_client):
    meeting(world, "2027-03-01")
    html = secretary_client.get(PLAN + "?aar=2027").content.decode()
    assert "1 ordinært møde planlagt; kommissoriet siger 2–4" in html
    assert "Kommissoriet siger mindst 2 ordinære møder om året; der er planlagt 1 i 2027." in html


def test_plan_bad_year_is_a_message_not_an_error(world, secretary_client):
    response = secretary_client.get(PLAN + "?aar=abc")
    assert response.status_code == 200
    assert "ikke et årstal" in response.content.decode()


def test_plan_queries_do_not_grow_with_meetings(world, secretary_client,
                                                django_assert_max_num_queries):
    for month in range(1, 13):
        meeting(world, f"2027-{month:02d}-03", kind="dialogue", venue=world.cafe)
    # +3: the task counts in the menu (a fixed number of queries, workspace/tasks.py).
    # +3: inquiries, hearings and easy-read in the menu's count (workspace/providers.py).
    # +6: the task providers of the annual plan, the term change, imports and money (fixed).
    with django_assert_max_num_queries(27):
        response = secretary_client.get(PLAN + "?aar=2027")
    assert response.content.decode().count("Dialogmøde med udvalg") == 12


# Create -------------------------------------------------------------------------------------


def test_create_ordinary_meeting(world, secretary_client, fake_agenda):
    response = secretary_client.post(NEW, form_data(venue=world.cafe.pk, location="Lokale 1"))
    created = Meeting.objects.get(council=world.council)
    assert response.status_code == 302
    assert response["Location"] == f"/sekretariat/testraad/moeder/{created.pk}/"
    assert created.title == "Ordinært møde 12. marts 2027"
    assert timezone.localtime(created.start) == timezone.make_aware(dt.datetime(2027, 3, 12, 10))
    assert timezone.localtime(created.end).time() == dt.time(12)
    assert created.venue == world.cafe and created.status == "planned"
    assert fake_agenda == [created]


def test_ordinary_meeting_gets_the_standard_items(world, secretary_client):
    secretary_client.post(NEW, form_data())
    created = Meeting.objects.get(council=world.council)
    titles = list(created.items.order_by("position").values_list("title", flat=True))
    assert titles == ["Godkendelse af dagsorden og tidsplan", "Nyt fra rådsmedlemmerne",
                      "Eventuelt"]


@pytest.mark.parametrize("kind", [k for k in Meeting.Kind.values if k != "ordinary"])
def test_create_other_kinds_without_standard_items(world, secretary_client, fake_agenda, kind):
    response = secretary_client.post(NEW, form_data(kind=kind, title="Særligt møde"))
    assert response.status_code == 302
    assert Meeting.objects.get(council=world.council).kind == kind
    assert fake_agenda == []


def test_new_form_offers_the_authoritys_venues_only(world, secretary_client):
    from udsatteraad.councils.models import Venue

    Venue.objects.create(authority=world.municipality, name="Kommunens Værested", slug="v")
    html = secretary_client.get(NEW).content.decode()
    assert "Café Test" in html and "Kommunens Værested" not in html
    assert '<label for="id_confirm">' in html


def test_too_many_ordinary_meetings_refused_and_input_kept(world, secretary_client, fake_agenda):
    for month in (1, 2, 4, 5):
        meeting(world, f"2027-{month:02d}-10")
    response = secretary_client.post(NEW, form_data(title="Mit femte møde", location="Salen"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kommissoriet tillader højst 4 ordinære møder om året" in html
    assert 'value="Mit femte møde"' in html and 'value="Salen"' in html
    assert Meeting.objects.filter(council=world.council).count() == 4
    # A cancelled meeting frees its place, and other kinds never count.
    Meeting.objects.filter(start__month=1).update(status="cancelled")
    assert secretary_client.post(NEW, form_data()).status_code == 302
    assert secretary_client.post(NEW, form_data(kind="extraordinary")).status_code == 302


def test_holiday_refused_then_accepted_with_the_tick(world, secretary_client, fake_agenda):
    response = secretary_client.post(NEW, form_data(date="2027-12-25"))
    assert response.status_code == 200
    assert "helligdag (Juledag)" in response.content.decode()
    assert not Meeting.objects.exists()
    response = secretary_client.post(NEW, form_data(date="2027-12-25", confirm="on"))
    assert response.status_code == 302
    assert Meeting.objects.get().title == "Ordinært møde 25. december 2027"


def test_after_working_hours_warning_must_be_confirmed(world, secretary_client, fake_agenda):
    world.tor.after_working_hours = True
    world.tor.save(update_fields=["after_working_hours"])
    response = secretary_client.post(NEW, form_data(start_time="14:00", end_time="16:00"))
    assert "arbejdstiden slutter kl. 16.00" in response.content.decode()
    assert not Meeting.objects.exists()
    assert secretary_client.post(NEW, form_data(start_time="17:00", end_time="19:00"))[
        "Location"].startswith("/sekretariat/testraad/moeder/")
    response = secretary_client.post(
        NEW, form_data(date="2027-03-15", start_time="14:00", end_time="16:00", confirm="on"))
    assert response.status_code == 302
    assert Meeting.objects.count() == 2


def test_end_before_start_refused(world, secretary_client):
    response = secretary_client.post(NEW, form_data(start_time="12:00", end_time="11:00",
                                                    confirm="on"))
    assert "Mødet skal slutte efter, det begynder." in response.content.decode()
    assert not Meeting.objects.exists()


def test_bad_date_is_a_form_error(world, secretary_client):
    response = secretary_client.post(NEW, form_data(date="31-02-2027"))
    assert response.status_code == 200
    assert 'class="field field-error' in response.content.decode()


# Edit and cancel ----------------------------------------------------------------------------


def test_edit_meeting(world, secretary_client):
    m = meeting(world, "2027-03-12", title="Gammel titel")
    url = f"/sekretariat/testraad/moeder/{m.pk}/rediger/"
    html = secretary_client.get(url).content.decode()
    assert 'value="Gammel titel"' in html and 'value="2027-03-12"' in html
    response = secretary_client.post(url, form_data(title="Ny titel", date="2027-03-19",
                                                    start_time="13:00", end_time="15:30",
                                                    venue=world.cafe.pk))
    assert response["Location"] == f"/sekretariat/testraad/moeder/{m.pk}/"
    m.refresh_from_db()
    assert m.title == "Ny titel" and m.venue == world.cafe
    assert timezone.localtime(m.start) == timezone.make_aware(dt.datetime(2027, 3, 19, 13))
    assert m.history.count() == 2


def test_edit_counts_other_meetings_only(world, secretary_client):
    ordinary = [meeting(world, f"2027-{month:02d}-10") for month in (1, 2, 4, 5)]
    theme = meeting(world, "2027-06-10", kind="theme_day")
    # Moving one of the four within the year is fine...
    url = f"/sekretariat/testraad/moeder/{ordinary[0].pk}/rediger/"
    assert secretary_client.post(url, form_data(date="2027-01-20")).status_code == 302
    # ...turning a fifth meeting into an ordinary one is not.
    url = f"/sekretariat/testraad/moeder/{theme.pk}/rediger/"
    response = secretary_client.post(url, form_data(date="2027-06-10", title="Temadag"))
    assert "højst 4 ordinære møder" in response.content.decode()
    theme.refresh_from_db()
    assert theme.kind == "theme_day"


def test_cancel_meeting(world, secretary_client):
    m = meeting(world, "2027-03-12")
    url = f"/sekretariat/testraad/moeder/{m.pk}/aflys/"
    response = secretary_client.post(url, {})
    assert response["Location"] == "/sekretariat/testraad/moeder/?aar=2027"
    m.refresh_from_db()
    assert m.status == "cancelled"
    html = secretary_client.get(PLAN + "?aar=2027").content.decode()
    assert "0 ordinære møder planlagt" in html


def test_moving_or_cancelling_a_meeting_renumbers_the_year(world, secretary_client):
    march = meeting(world, "2027-03-12")
    june = meeting(world, "2027-06-10")
    for m in (march, june):
        agenda.add_standard_items(meeting=m)
        agenda.renumber(meeting=m)
    assert list(june.items.values_list("number", flat=True)) == [4, 5, 6]
    # June moves before March: it now holds 1-3 and March 4-6.
    secretary_client.post(f"/sekretariat/testraad/moeder/{june.pk}/rediger/",
                          form_data(date="2027-02-01", title=june.title))
    assert list(june.items.values_list("number", flat=True)) == [1, 2, 3]
    assert list(march.items.values_list("number", flat=True)) == [4, 5, 6]
    secretary_client.post(f"/sekretariat/testraad/moeder/{june.pk}/aflys/", {})
    assert list(march.items.values_list("number", flat=True)) == [1, 2, 3]


# Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["chair_client", "member_client", "other_secretary_client"])
def test_plan_pages_are_for_the_secretariat(world, request, persona):
    client = request.getfixturevalue(persona)
    m = meeting(world, "2027-03-12")
    for url in (PLAN, NEW, f"/sekretariat/testraad/moeder/{m.pk}/rediger/"):
        assert client.get(url).status_code == 403, url
    assert client.post(NEW, form_data()).status_code == 403
    assert Meeting.objects.count() == 1


def test_plan_pages_send_anonymous_to_login(world, anon):
    response = anon.get(PLAN + "?aar=2027")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=")


def test_other_councils_meeting_is_404(world, secretary_client, admin_client_2fa):
    other = meeting(world, "2027-03-12", council=world.other_council)
    url = f"/sekretariat/testraad/moeder/{other.pk}/rediger/"
    assert secretary_client.get(url).status_code == 404
    assert admin_client_2fa.get(PLAN + "?aar=2027").status_code == 200


def test_start_time_is_required_and_end_time_optional(world, secretary_client, fake_agenda):
    # planning.combine needs a start time (the form requires it); the end may be left empty.
    response = secretary_client.post(NEW, form_data(start_time=""))
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert secretary_client.post(NEW, form_data(end_time="")).status_code == 302
    created = Meeting.objects.get(council=world.council)
    assert created.end is None
    assert timezone.localtime(created.start) == timezone.make_aware(dt.datetime(2027, 3, 12, 10))
