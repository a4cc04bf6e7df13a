"""Task lists (issue 16): the secretariat's start page per council lists what needs doing,
most urgent first; /mine/ lists what waits for a chair or member; counts in the menu; other
apps add providers to the registry with one line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


def meeting(world, *, days, status="planned", title="Møde", **extra):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=world.council, title=title, status=status,
                                  start=timezone.now() + dt.timedelta(days=days), **extra)


def item(m, decision=""):
    from udsatteraad.meetings.models import AgendaItem

    return AgendaItem.objects.create(meeting=m, number=1, position=1, title="Boliger",
                                     decision=decision)


def kinds(tasks):
    return [t.kind for t in tasks]


def test_secretariat_tasks_most_urgent_first(world):
    from udsatteraad.meetings import approval
    from udsatteraad.meetings.models import ItemProposal
    from udsatteraad.workspace import tasks

    # The default notice is 7 days: the agenda of a meeting in 9 days is due in 2 (urgent);
    # one in 20 days is due in 13 (listed, not urgent); one in 60 days is not listed.
    soon = meeting(world, days=9, title="Snart")
    later = meeting(world, days=20, title="Senere")
    meeting(world, days=60, title="Langt ude")
    ItemProposal.objects.create(meeting=later, proposed_by=world.member.person,
                                title="Varmestuer", description="Om vinteren.")
    sent_back = meeting(world, days=-3, status="held", title="Sendt tilbage")
    item(sent_back, "Besluttet.")
    approval.request_approval(meeting=sent_back, user=world.secretary)
    approval.send_back(meeting=sent_back, user=world.chair, comment="Ret punkt 1.")
    awaiting = meeting(world, days=-2, status="held", title="Venter")
    item(awaiting, "Besluttet.")
    approval.request_approval(meeting=awaiting, user=world.secretary)
    meeting(world, days=-1, status="held", title="Skrives")
    meeting(world, days=-10, status="minutes_approved", title="Godkendt")
    meeting(world, days=5, status="cancelled", title="Aflyst")

    found = tasks.for_council(world.council)
    titles = [t.title for t in found]
    assert kinds(found)[:2] == ["agenda", "minutes_sent_back"]  # urgent first, by deadline
    assert "Snart" in titles[0] and "Sendt tilbage" in titles[1]
    assert set(kinds(found)) == {"agenda", "minutes_sent_back", "proposals",
                                 "minutes_to_write", "minutes_to_publish",
                                 "minutes_awaiting_approval"}
    assert kinds(found)[-1] == "minutes_awaiting_approval"  # waiting for others: last
    assert not any("Langt ude" in t or "Aflyst" in t for t in titles)
    assert any("1 forslag til Senere" in t for t in titles)
    assert soon.pk and awaiting.pk


def test_start_page_shows_the_tasks(secretary_client, world):
    m = meeting(world, days=8, title="Dialogmøde")
    html = secretary_client.get("/sekretariat/testraad/").content.decode()
    assert "Det skal gøres" in html
    assert "Offentliggør dagsordenen til Dialogmøde" in html
    assert f'href="/sekretariat/testraad/moeder/{m.pk}/offentliggoer/"' in html


def test_empty_start_page_says_so(secretary_client, world):
    html = secretary_client.get("/sekretariat/testraad/").content.decode()
    assert "Intet venter på sekretariatet lige nu." in html


def test_mine_lists_minutes_to_approve_for_the_chair_only(chair_client, member_client, world):
    from udsatteraad.meetings import approval

    m = meeting(world, days=-2, status="held", title="Ordinært møde")
    item(m, "Besluttet.")
    assert "Godkend referatet" not in chair_client.get("/mine/").content.decode()
    approval.request_approval(meeting=m, user=world.secretary)
    html = chair_client.get("/mine/").content.decode()
    assert "Det venter på dig" in html and "Godkend referatet fra Ordinært møde" in html
    assert f'href="/mine/moeder/{m.pk}/"' in html
    assert "Godkend referatet" not in member_client.get("/mine/").content.decode()


def test_mine_lists_invitations_to_answer(member_client, world):
    from udsatteraad.meetings import minutes

    m = meeting(world, days=10, status="agenda_published", title="Dialogmøde",
                agenda_published_at=timezone.now())
    assert "Meld, om du kommer til Dialogmøde" in member_client.get("/mine/").content.decode()
    minutes.record_attendance(meeting=m, person=world.member.person, status="apology")
    assert "Meld, om du kommer" not in member_client.get("/mine/").content.decode()


def test_counts_in_the_menu(chair_client, secretary_client, member_client, world):
    from udsatteraad.meetings import approval

    m = meeting(world, days=-2, status="held", title="Ordinært møde")
    item(m, "Besluttet.")
    approval.request_approval(meeting=m, user=world.secretary)
    nav = chair_client.get("/").content.decode().split("</nav>", 1)[0]
    assert '<span class="count">1<span class="visually-hidden"> venter på dig' in nav
    nav = secretary_client.get("/").content.decode().split("</nav>", 1)[0]
    assert '<span class="count">1<span class="visually-hidden"> opgaver' in nav
    nav = member_client.get("/").content.decode().split("</nav>", 1)[0]
    assert 'class="count"' not in nav


def test_another_app_adds_a_provider_with_one_line(world, monkeypatch):
    from udsatteraad.workspace import tasks

    def inquiries(councils):
        return [tasks.Task("Screen henvendelse", "/x/", None, tasks.Urgency.OVERDUE,
                           kind="inquiry") for _ in councils]

    monkeypatch.setattr(tasks, "COUNCIL_PROVIDERS", [*tasks.COUNCIL_PROVIDERS,
                                                     tasks.per_council(lambda c: [])])
    tasks.COUNCIL_PROVIDERS.append(inquiries)
    meeting(world, days=8)
    assert kinds(tasks.for_council(world.council)) == ["inquiry", "agenda"]


@pytest.mark.parametrize("days, urgency", [(-1, 4), (2, 3), (10, 2)])
def test_urgency_for_a_deadline(days, urgency):
    from udsatteraad.workspace.task import urgency_for

    assert urgency_for(timezone.now() + dt.timedelta(days=days)) == urgency
