"""The annual plan (issue 13): duties from the terms of reference, the secretariat's plan,
the public page and PDF, the reminders and the task list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from udsatteraad.councils.models import TermsOfReference
from udsatteraad.meetings.models import Meeting
from udsatteraad.yearplan.duties import duties_for
from udsatteraad.yearplan.models import OpenDuty, PlanEntry
from udsatteraad.yearplan.reminders import refresh, remind_all

pytestmark = pytest.mark.django_db


def _set(tor, **values):
    for k, v in values.items():
        setattr(tor, k, v)
    tor.save()


def _meeting(council, kind, day, status=Meeting.Status.PLANNED):
    from django.utils import timezone
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))
    return Meeting.objects.create(council=council, title=f"{kind} {day}", kind=kind,
                                  start=start, status=status)


def by_code(duties):
    return {d.code: d for d in duties}


def test_no_duties_when_the_terms_say_none(world):
    assert duties_for(world.council, 2026) == []


def test_dialogue_meeting_counts_meetings_and_entries_once(world):
    _set(world.tor, dialogue_meetings_per_year=1)
    d = by_code(duties_for(world.council, 2026))["dialogue"]
    assert (d.required, d.planned, d.missing) == (1, 0, 1)
    PlanEntry.objects.create(council=world.council, year=2026, kind="dialogue", title="D",
                             month=5)
    _meeting(world.council, Meeting.Kind.DIALOGUE, dt.date(2026, 5, 11))
    d = by_code(duties_for(world.council, 2026))["dialogue"]
    assert (d.planned, d.done) == (1, True)  # the entry and the meeting are one dialogue
    # A cancelled meeting plans nothing; another year is another year.
    assert by_code(duties_for(world.council, 2027))["dialogue"].planned == 0


def test_user_group_meetings_per_term_spread_over_the_term(world):
    _set(world.tor, user_group_meetings_per_term=2)  # term 2026-2029: 4 years
    required = [by_code(duties_for(world.council, y))["user_groups_term"].required
                for y in (2026, 2027, 2028, 2029)]
    assert required == [1, 1, 2, 2]
    _meeting(world.council, Meeting.Kind.USER_GROUPS, dt.date(2026, 3, 2))
    assert by_code(duties_for(world.council, 2027))["user_groups_term"].done
    assert by_code(duties_for(world.council, 2028))["user_groups_term"].missing == 1


def test_status_report_every_second_year_and_evaluation_at_the_end(world):
    _set(world.tor, status_report_every_years=2, status_report_to="Regionsrådet",
         evaluation_when=TermsOfReference.Evaluation.END_OF_TERM)
    years = {y: set(by_code(duties_for(world.council, y))) for y in range(2026, 2030)}
    assert years[2026] == set() and years[2028] == set()
    assert years[2027] == {"status_report"}
    assert years[2029] == {"status_report", "evaluation"}
    report = by_code(duties_for(world.council, 2027))["status_report"]
    assert report.label == "Statusrapport til Regionsrådet"
    assert by_code(duties_for(world.council, 2029))["evaluation"].due == dt.date(2029, 12, 31)


def test_trial_period_evaluation_after_the_trial(world):
    _set(world.tor, term_basis=TermsOfReference.TermBasis.FIXED_TRIAL, trial_years=2)
    d = by_code(duties_for(world.council, 2027))["evaluation"]
    assert d.due == dt.date(2027, 12, 31)
    assert "evaluation" not in by_code(duties_for(world.council, 2026))


def test_secretary_adds_missing_duties_in_one_step(world, secretary_client):
    _set(world.tor, dialogue_meetings_per_year=1, status_report_every_years=1)
    url = reverse("yearplan:add-duties", args=[world.council.slug, 2026])
    response = secretary_client.post(url)
    assert response.status_code == 302
    kinds = sorted(PlanEntry.objects.filter(council=world.council).values_list("kind",
                                                                               flat=True))
    assert kinds == ["dialogue", "status_report"]
    secretary_client.post(url)  # a second click adds nothing
    assert PlanEntry.objects.filter(council=world.council).count() == 2
    page = secretary_client.get(reverse("yearplan:plan-year", args=[world.council.slug, 2026]))
    assert page.status_code == 200
    assert "Dialogmøde med udvalget" in page.content.decode()


def test_secretary_adds_edits_and_deletes_an_entry(world, secretary_client):
    new = reverse("yearplan:entry-new", args=[world.council.slug, 2026])
    response = secretary_client.post(new, {"kind": "theme_day", "title": "Temadag om bolig",
                                           "description": "For alle medlemmer.",
                                           "date": "2026-10-08", "is_public": "on"})
    assert response.status_code == 302
    entry = PlanEntry.objects.get(title="Temadag om bolig")
    assert entry.effective_month == 10
    # A date in another year: a Danish error, and what was typed is kept.
    edit = reverse("yearplan:entry-edit", args=[world.council.slug, entry.pk])
    response = secretary_client.post(edit, {"kind": "theme_day", "title": "Temadag om bolig 2",
                                            "date": "2027-01-05"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Datoen skal ligge i 2026" in body and "Temadag om bolig 2" in body
    delete = reverse("yearplan:entry-delete", args=[world.council.slug, entry.pk])
    assert secretary_client.get(delete).status_code == 200
    assert PlanEntry.objects.filter(pk=entry.pk).exists()  # GET only asks
    assert secretary_client.post(delete).status_code == 302
    assert not PlanEntry.objects.filter(pk=entry.pk).exists()


def test_a_public_entry_passes_the_publication_guard(world, secretary_client):
    new = reverse("yearplan:entry-new", args=[world.council.slug, 2026])
    response = secretary_client.post(new, {"kind": "campaign", "title": "Kampagne",
                                           "description": "Ring til Bo på 23 45 67 89",
                                           "month": "4", "is_public": "on"})
    assert response.status_code == 400
    assert "personoplysninger" in response.content.decode()
    assert not PlanEntry.objects.exists()
    # Not public: not published, so the guard does not stop it.
    response = secretary_client.post(new, {"kind": "campaign", "title": "Kampagne",
                                           "description": "Ring til Bo på 23 45 67 89",
                                           "month": "4"})
    assert response.status_code == 302


def test_other_personas_cannot_touch_the_plan(world, member_client, other_secretary_client,
                                              anon):
    entry = PlanEntry.objects.create(council=world.council, year=2026, kind="theme",
                                     title="Tema")
    urls = [reverse("yearplan:plan", args=[world.council.slug]),
            reverse("yearplan:entry-edit", args=[world.council.slug, entry.pk])]
    for client in (member_client, other_secretary_client):
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(reverse("yearplan:entry-delete",
                                   args=[world.council.slug, entry.pk])).status_code == 403
    assert anon.get(urls[0]).status_code == 302  # to the login page
    assert PlanEntry.objects.filter(pk=entry.pk).exists()


def test_public_page_shows_public_entries_and_announced_meetings(world, anon):
    PlanEntry.objects.create(council=world.council, year=2026, kind="theme_day",
                             title="Temadag om hjemløshed", date=dt.date(2026, 9, 3))
    PlanEntry.objects.create(council=world.council, year=2026, kind="other",
                             title="Intern planlægning", month=2, is_public=False)
    _meeting(world.council, Meeting.Kind.ORDINARY, dt.date(2026, 6, 8))
    _meeting(world.council, Meeting.Kind.DIALOGUE, dt.date(2026, 4, 8))  # planned, not ordinary
    cancelled = _meeting(world.council, Meeting.Kind.ORDINARY, dt.date(2026, 11, 8))
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    response = anon.get(reverse("yearplan:public-year", args=[world.council.slug, 2026]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Temadag om hjemløshed" in body
    assert "Intern planlægning" not in body
    assert "8. juni" in body
    assert "8. april" not in body and "8. november" not in body
    assert anon.get(reverse("yearplan:public-year", args=[world.council.slug, 1800])
                    ).status_code == 404


def test_public_plan_pdf_is_tagged_and_stored(world, anon, django_assert_max_num_queries):
    from pypdf import PdfReader

    PlanEntry.objects.create(council=world.council, year=2026, kind="campaign",
                             title="Kampagne om vinterhjælp", month=11)
    url = reverse("yearplan:public-pdf", args=[world.council.slug, 2026])
    response = anon.get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Kampagne om vinterhjælp" in text and "November" in text
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")
    assert reader.trailer["/Root"].get("/Lang") == "da"
    again = anon.get(url)
    assert again.content == response.content


def test_hidden_council_has_no_public_plan(world, anon):
    from conftest import add_extra_personas

    add_extra_personas(world)
    PlanEntry.objects.create(council=world.hidden_council, year=2026, kind="theme",
                             title="Skjult tema")
    response = anon.get(reverse("yearplan:public", args=[world.hidden_council.slug]))
    assert response.status_code == 404


def test_reminder_mails_the_secretariat_once_and_feeds_the_task_list(world, secretary_client):
    _set(world.tor, dialogue_meetings_per_year=1)
    today = dt.date(2026, 9, 1)  # within half a year of the 31 December deadline
    assert remind_all(today) == 1
    assert remind_all(today) == 0  # once
    assert len(mail.outbox) == 1
    assert "Dialogmøde med udvalget" in mail.outbox[0].body
    assert mail.outbox[0].to == [world.secretary.email]
    assert OpenDuty.objects.filter(council=world.council, duty="dialogue").exists()
    page = secretary_client.get(reverse("councils:overview", args=[world.council.slug]))
    assert "Planlæg: Dialogmøde med udvalget" in page.content.decode()
    # Planned: the open duty goes.
    PlanEntry.objects.create(council=world.council, year=2026, kind="dialogue", title="D")
    assert refresh(world.council, today) == []


def test_reminder_waits_until_the_duty_is_near(world):
    _set(world.tor, dialogue_meetings_per_year=1)
    assert remind_all(dt.date(2026, 2, 1)) == 0
    assert not OpenDuty.objects.exists()


def test_command_runs(world):
    out = io.StringIO()
    call_command("plan_duties", stdout=out)
    assert "påmindelser sendt" in out.getvalue()
