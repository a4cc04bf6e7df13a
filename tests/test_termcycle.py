"""Before a term (issue 13): nominations through personal, expiring links, and elections at
drop-in centres with candidates, votes, the tie rule, members and substitutes."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from udsatteraad.councils.models import Membership, Term
from udsatteraad.termcycle.models import Candidate, Election, Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_term(world):
    return Term.objects.create(council=world.council, name="2030-2033",
                               start=dt.date(2030, 1, 1), end=dt.date(2033, 12, 31))


def overview(next_term):
    return reverse("termcycle:overview", args=["testraad"]) + f"?periode={next_term.pk}"


def request(client, world, term, email="formand@roedekors.example"):
    return client.post(reverse("termcycle:nomination-request", args=["testraad"]), {
        "term": term.pk, "seat_group": world.red_cross_group.pk,
        "organisation": world.red_cross.pk,
        f"r{world.red_cross_group.pk}-{world.red_cross.pk}-email": email})


def link_in(message) -> str:
    return re.search(r"https?://\S+/indstilling/[\w-]+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_nomination_by_link_then_confirmed(world, secretary_client, next_term,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert request(secretary_client, world, next_term).status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.status == "requested" and len(mail.outbox) == 1
    assert mail.outbox[0].to == ["formand@roedekors.example"]
    link = path_of(link_in(mail.outbox[0]))
    assert nomination.token_digest not in link  # only the digest is stored
    from django.test import Client
    org = Client()
    page = org.get(link)
    assert page.status_code == 200 and "Røde Kors" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = org.post(link, {"name": "Kandidat Karen Opdigtet",
                                   "email": "karen@roedekors.example",
                                   "answered_by": "Formand for Røde Kors"})
    assert response.status_code == 200 and "Tak for indstillingen" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == "answered"
    assert mail.outbox[-1].to == [world.secretary.email]  # the secretariat is told
    assert org.get(link).status_code == 410  # used
    secretary_client.post(reverse("termcycle:nomination-confirm", args=["testraad",
                                                                        nomination.pk]))
    membership = Membership.objects.get(term=next_term)
    assert membership.person.name == "Kandidat Karen Opdigtet"
    assert membership.nominated_by == world.red_cross and membership.start == next_term.start
    page = secretary_client.get(overview(next_term)).content.decode()
    assert "Kandidat Karen Opdigtet er medlem" in page


def test_expired_link_is_refused_and_a_reminder_replaces_it(world, secretary_client, anon,
                                                             next_term,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request(secretary_client, world, next_term)
    first = path_of(link_in(mail.outbox[0]))
    nomination = Nomination.objects.get()
    Nomination.objects.filter(pk=nomination.pk).update(
        expires=timezone.now() - dt.timedelta(minutes=1))
    response = anon.get(first)
    assert response.status_code == 410 and "udløbet" in response.content.decode()
    assert anon.post(first, {"name": "X", "email": "x@x.example",
                             "answered_by": "Y"}).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(reverse("termcycle:nomination-remind",
                                      args=["testraad", nomination.pk]))
    second = path_of(link_in(mail.outbox[-1]))
    assert "Påmindelse" in mail.outbox[-1].subject
    assert second != first and anon.get(first).status_code == 410
    assert anon.get(second).status_code == 200
    nomination.refresh_from_db()
    assert nomination.reminders == 1


def test_an_organisation_without_that_seat_is_refused(world, secretary_client, next_term):
    response = secretary_client.post(
        reverse("termcycle:nomination-request", args=["testraad"]),
        {"term": next_term.pk, "seat_group": world.red_cross_group.pk,
         "organisation": world.blue_cross.pk,
         f"r{world.red_cross_group.pk}-{world.blue_cross.pk}-email": "a@b.example"})
    assert response.status_code == 302
    assert not Nomination.objects.exists()
    page = secretary_client.get(overview(next_term)).content.decode()
    assert "indstiller ikke til" in page


def make_election(world, term, **extra) -> Election:
    return Election.objects.create(council=world.council, term=term,
                                   seat_group=world.user_group, venue=world.cafe,
                                   date=dt.date(2029, 11, 12), **extra)


def add(client, election, name, **extra):
    return client.post(reverse("termcycle:candidate-add", args=["testraad", election.pk]),
                       {"name": name, **extra})


def vote(client, election, counts: dict[str, int]):
    data = {f"votes_{c.pk}": counts[c.name] for c in election.candidates.all()}
    return client.post(reverse("termcycle:votes", args=["testraad", election.pk]), data)


def decide(client, election, **data):
    return client.post(reverse("termcycle:decide", args=["testraad", election.pk]), data)


def test_election_with_votes_makes_the_winner_a_member(world, secretary_client, next_term):
    new = reverse("termcycle:election-new", args=["testraad"]) + f"?periode={next_term.pk}"
    response = secretary_client.post(new, {"seat_group": world.user_group.pk,
                                           "date": "2029-11-12", "time": "14:00",
                                           "place": "Caféen", "tie_rule": "lot"})
    assert response.status_code == 302
    election = Election.objects.get()
    assert election.venue == world.cafe  # from the seat group
    for name in ("Bo Kandidatsen", "Alma Kandidatsen", "Cai Kandidatsen"):
        assert add(secretary_client, election, name).status_code == 302
    vote(secretary_client, election, {"Bo Kandidatsen": 7, "Alma Kandidatsen": 12,
                                      "Cai Kandidatsen": 3})
    assert decide(secretary_client, election).status_code == 302
    election.refresh_from_db()
    assert election.status == "decided"
    winner = Candidate.objects.get(place=1)
    assert winner.name == "Alma Kandidatsen"
    assert winner.membership.seat_group == world.user_group
    assert winner.membership.term == next_term and not winner.membership.is_substitute
    assert Membership.objects.filter(term=next_term).count() == 1  # no substitutes asked


def test_ineligible_candidate_is_refused(world, secretary_client, next_term):
    world.tor.eligibility_area = "residence_or_work"
    world.tor.eligibility_area_name = "Testregion"
    world.tor.save()
    election = make_election(world, next_term)
    response = add(secretary_client, election, "Uden Bopæl")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bor eller arbejder i Testregion" in body and "Uden Bopæl" in body
    assert not election.candidates.exists()
    assert add(secretary_client, election, "Med Bopæl",
               eligibility_area="on").status_code == 302


def test_tie_by_lot_needs_the_drawn_candidate(world, secretary_client, next_term):
    election = make_election(world, next_term)
    add(secretary_client, election, "Ea Lige")
    add(secretary_client, election, "Ib Lige")
    vote(secretary_client, election, {"Ea Lige": 5, "Ib Lige": 5})
    response = decide(secretary_client, election)
    assert response.status_code == 400 and "lodtrækningen" in response.content.decode()
    ib = election.candidates.get(name="Ib Lige")
    assert decide(secretary_client, election, lot_winner=ib.pk).status_code == 302
    ib.refresh_from_db()
    assert ib.place == 1 and ib.won_by_lot and ib.membership is not None


def test_tie_with_a_new_vote(world, secretary_client, next_term):
    election = make_election(world, next_term, tie_rule="new_vote")
    add(secretary_client, election, "Ea Lige")
    add(secretary_client, election, "Ib Lige")
    vote(secretary_client, election, {"Ea Lige": 5, "Ib Lige": 5})
    decide(secretary_client, election)
    election.refresh_from_db()
    assert election.status == "tie" and not Membership.objects.filter(term=next_term).exists()
    vote(secretary_client, election, {"Ea Lige": 6, "Ib Lige": 5})
    decide(secretary_client, election)
    election.refresh_from_db()
    assert election.status == "decided"
    assert election.candidates.get(place=1).name == "Ea Lige"


def test_runners_up_become_substitutes_only_where_allowed(world, secretary_client, next_term):
    election = make_election(world, next_term)
    for name in ("Ana", "Ben", "Cis"):
        add(secretary_client, election, name + " Kandidat")
    vote(secretary_client, election, {"Ana Kandidat": 9, "Ben Kandidat": 4,
                                      "Cis Kandidat": 6})
    response = decide(secretary_client, election, keep_substitutes="on")
    assert response.status_code == 400 and "suppleanter" in response.content.decode()
    world.tor.substitutes_allowed = True
    world.tor.save()
    assert decide(secretary_client, election, keep_substitutes="on").status_code == 302
    subs = Membership.objects.filter(term=next_term, is_substitute=True).order_by(
        "substitute_rank")
    assert [(m.person.name, m.substitute_rank) for m in subs] == [("Cis Kandidat", 1),
                                                                   ("Ben Kandidat", 2)]


def test_ballot_and_poster_are_tagged_pdfs(world, secretary_client, next_term):
    from pypdf import PdfReader

    election = make_election(world, next_term, time=dt.time(14, 0))
    add(secretary_client, election, "Dorte Kandidat")
    for route, words in (("termcycle:ballot", ["Stemmeseddel", "Dorte Kandidat", "kryds"]),
                         ("termcycle:poster", ["Stem på din repræsentant", "Café Test",
                                               "klokken 14.00"])):
        response = secretary_client.get(reverse(route, args=["testraad", election.pk]))
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        for word in words:
            assert word in text, (route, word)
        assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")


def test_others_are_refused(world, member_client, other_secretary_client, anon, next_term):
    election = make_election(world, next_term)
    for url in (overview(next_term), reverse("termcycle:election", args=["testraad",
                                                                        election.pk])):
        assert member_client.get(url).status_code == 403
        assert other_secretary_client.get(url).status_code == 403
        assert anon.get(url).status_code == 302
    assert anon.get(reverse("termcycle:nominate", args=["nonsense"])).status_code == 410


def test_constituting_meeting_sets_chair_and_vice_chair_by_the_rules(world, secretary_client):
    from udsatteraad.meetings.models import Meeting

    start = timezone.make_aware(dt.datetime(2026, 2, 2, 17, 0))
    meeting = Meeting.objects.create(council=world.council, title="Konstituerende møde",
                                     start=start)
    url = reverse("termcycle:constitution", args=["testraad", meeting.pk])
    assert "Gør mødet konstituerende" in secretary_client.get(url).content.decode()
    secretary_client.post(reverse("termcycle:constitution-mark", args=["testraad",
                                                                       meeting.pk]))
    titles = list(meeting.items.values_list("title", flat=True))
    assert "Valg af formand og næstformand" in titles
    assert "Rådets forretningsorden" in titles
    # The terms: the chair is appointed among the assembly's members; the member (Røde Kors
    # seat) cannot be chair.
    response = secretary_client.post(url, {"chair": world.member_membership.pk})
    assert response.status_code == 400
    assert "Formanden udpeges blandt medlemmerne fra" in response.content.decode()
    world.chair_membership.refresh_from_db()
    assert world.chair_membership.role == "chair"  # nothing changed
    response = secretary_client.post(url, {"chair": world.chair_membership.pk,
                                           "vice_chair": world.member_membership.pk})
    assert response.status_code == 302
    world.member_membership.refresh_from_db()
    assert world.member_membership.role == "vice_chair"
    item = meeting.items.get(title="Valg af formand og næstformand")
    assert "Formand Frida Fiktiv blev valgt som formand" in item.decision
    assert "Medlem Mads Påhit blev valgt som næstformand" in item.decision


# --- Automatic reminders of unanswered nominations ----------------------------------------

def test_unanswered_nomination_is_reminded_once_automatically(
        world, secretary_client, anon, next_term, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        request(secretary_client, world, next_term)
    first = path_of(link_in(mail.outbox[0]))
    nomination = Nomination.objects.get()
    # Not yet due: asked today, the link valid three weeks.
    call_command("remind_nominations", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    # Asked 18 days ago: the link expires in three days.
    now = timezone.now()
    Nomination.objects.filter(pk=nomination.pk).update(
        requested_at=now - dt.timedelta(days=18), expires=now + dt.timedelta(days=3))
    mail.outbox.clear()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_nominations", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["formand@roedekors.example"] and "Påmindelse" in reminder.subject
    second = path_of(link_in(reminder))
    assert anon.get(first).status_code == 410 and anon.get(second).status_code == 200
    nomination.refresh_from_db()
    assert (nomination.reminders, nomination.auto_reminders) == (1, 1)
    page = secretary_client.get(overview(next_term)).content.decode()
    assert "påmindet automatisk" in page
    # Even when the new link runs out unanswered, the job reminds only once.
    Nomination.objects.filter(pk=nomination.pk).update(
        reminded_at=now - dt.timedelta(days=10), expires=now - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_nominations", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_no_automatic_reminder_after_a_recent_one_by_hand_or_an_answer(
        world, secretary_client, next_term, django_capture_on_commit_callbacks):
    from udsatteraad.termcycle.actions import remind_unanswered

    with django_capture_on_commit_callbacks(execute=True):
        request(secretary_client, world, next_term)
    nomination = Nomination.objects.get()
    now = timezone.now()
    Nomination.objects.filter(pk=nomination.pk).update(
        requested_at=now - dt.timedelta(days=18), expires=now + dt.timedelta(days=3),
        reminded_at=now - dt.timedelta(days=2), reminders=1)
    assert remind_unanswered() == 0
    Nomination.objects.filter(pk=nomination.pk).update(
        reminded_at=None, status=Nomination.Status.ANSWERED)
    assert remind_unanswered() == 0
    # Long expired, or the term over: no reminder either.
    Nomination.objects.filter(pk=nomination.pk).update(
        status=Nomination.Status.REQUESTED, expires=now - dt.timedelta(days=30))
    assert remind_unanswered() == 0
    Nomination.objects.filter(pk=nomination.pk).update(expires=now + dt.timedelta(days=3))
    today = timezone.localdate()
    Term.objects.filter(pk=next_term.pk).update(start=today - dt.timedelta(days=900),
                                                end=today - dt.timedelta(days=1))
    assert remind_unanswered() == 0
    Term.objects.filter(pk=next_term.pk).update(end=today)
    assert remind_unanswered() == 1


def test_remind_nominations_is_a_scheduled_job():
    from udsatteraad.ops import schedule

    assert schedule.get("remind_nominations").every == schedule.HOUR


def test_demo_term_change_for_randers(client):
    """The demo's next term for Randers shows every state of a nomination and an election."""
    from pathlib import Path

    from django.conf import settings

    from conftest import add_totp, login, make_user
    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.councils.models import Secretary
    from udsatteraad.termcycle import demo

    council = load_council_file(
        Path(settings.BASE_DIR) / "demo" / "councils" / "randers.yaml").council
    demo.load()
    demo.load()  # safe to run again
    term = council.terms.order_by("-start").first()
    assert Nomination.objects.filter(term=term).count() == 4
    election = Election.objects.get(term=term)
    assert election.venue.name == "Perron 4" and election.candidates.count() == 2
    user = make_user("sekretariat@randers.example", "Sekretær Demo Fiktivsen")
    add_totp(user)
    Secretary.objects.create(user=user, council=council)
    login(client, user)
    page = client.get(reverse("termcycle:overview", args=["randers"])
                      + f"?periode={term.pk}").content.decode()
    for text in ("Indstiller Gitte Indstillesen", "påmindet automatisk", "Linket er udløbet",
                 "Venter på svar", "Brugerrepræsentant valgt på Perron 4"):
        assert text in page, text


def test_a_previous_vice_chair_is_demoted_with_a_history_record(world, secretary_client):
    """The roles were changed by a queryset update, which leaves no history: the membership's
    history did not show when a vice-chair stopped being one."""
    from udsatteraad.meetings.models import Meeting

    start = timezone.make_aware(dt.datetime(2026, 2, 2, 17, 0))
    meeting = Meeting.objects.create(council=world.council, title="Konstituerende møde",
                                     start=start)
    url = reverse("termcycle:constitution", args=["testraad", meeting.pk])
    secretary_client.post(reverse("termcycle:constitution-mark", args=["testraad",
                                                                       meeting.pk]))
    assert secretary_client.post(url, {"chair": world.chair_membership.pk,
                                       "vice_chair": world.member_membership.pk}
                                 ).status_code == 302
    member = world.member_membership
    before = member.history.count()
    assert secretary_client.post(url, {"chair": world.chair_membership.pk}).status_code == 302
    member.refresh_from_db()
    assert member.role == "member"
    assert member.history.count() == before + 1
    assert member.history.first().role == "member"
