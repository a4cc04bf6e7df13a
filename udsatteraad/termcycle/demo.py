"""Demo term change for Randers (called by `manage.py load_demo`): the term after the current
one, with nominations asked of the organisations that hold its organisation
seats in every state the overview shows (answered, reminded automatically, waiting, link
expired) and a planned election at Perron 4 with two candidates. The nominees and candidates
are FICTITIOUS demo persons; the organisations and the drop-in centre are the seed's real ones.

Rows are made directly (no e-mail is sent, no link is usable). Safe to run again: the term is
found by name, nominations by term, seat group and organisation, the election by term and seat
group, candidates by name."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from udsatteraad.councils.models import Council, SeatGroup, Term
from udsatteraad.councils.rules import ELIGIBILITY_AREA, ELIGIBILITY_SERVICE_USER

from .models import Candidate, Election, Nomination, token_digest

# (organisation slug, seat group key-like name, state, nominee)
NOMINATIONS = [
    ("sind", "Psykiatri", "answered", "Gitte Indstillesen"),
    ("bedre-psykiatri", "Psykiatri", "auto_reminded", ""),
    ("helhedsplanen-for-nordbyen", "Boligsocial", "requested", ""),
    ("livtagerne", "Kontanthjælp/førtidspension", "expired", ""),
]
CANDIDATES = ["Anton Stemmesen", "Birte Valgsen"]


def load() -> None:
    council = Council.objects.filter(slug="randers").first()
    current = council.current_term(timezone.localdate()) if council else None
    if council is None or current is None:
        return
    start = current.end + dt.timedelta(days=1)
    term = council.terms.filter(start=start).first() or Term.objects.create(
        council=council, name=f"{start.year}-{start.year + 3}", start=start,
        end=dt.date(start.year + 3, 12, 31))
    tor = council.current_terms(on=term.start)
    if tor is None:
        return
    now = timezone.now()
    for org_slug, group_name, state, nominee in NOMINATIONS:
        group = tor.seat_groups.filter(name=group_name).first()
        organisation = council.authority.organisations.filter(slug=org_slug).first()
        if group is None or organisation is None or Nomination.objects.filter(
                term=term, seat_group=group, organisation=organisation).exists():
            continue
        row = Nomination(
            council=council, term=term, seat_group=group, organisation=organisation,
            email=f"formand@{org_slug}.example",
            token_digest=token_digest(secrets.token_urlsafe(32)),
            requested_at=now - dt.timedelta(days=10), expires=now + dt.timedelta(days=11))
        if state == "answered":
            row.status = Nomination.Status.ANSWERED
            row.nominee_name = nominee
            row.nominee_email = nominee.lower().replace(" ", ".") + "@randers.example"
            row.answered_by, row.answered_at = "Formand for lokalafdelingen", now
            row.eligibility_confirmed = [ELIGIBILITY_AREA]
        elif state == "auto_reminded":
            row.requested_at = now - dt.timedelta(days=19)
            row.reminders = row.auto_reminders = 1
            row.reminded_at = row.auto_reminded_at = now - dt.timedelta(days=1)
            row.expires = now + dt.timedelta(days=20)
        elif state == "expired":
            row.requested_at = now - dt.timedelta(days=25)
            row.expires = now - dt.timedelta(days=4)
        row.save()
    group = tor.seat_groups.filter(kind=SeatGroup.Kind.USER, venue__slug="perron-4").first()
    if group is None:
        return
    election = Election.objects.filter(term=term, seat_group=group).first()
    if election is None:
        election = Election.objects.create(
            council=council, term=term, seat_group=group, venue=group.venue,
            date=term.start - dt.timedelta(days=45), time=dt.time(13, 0),
            place="I caféen")
    for name in CANDIDATES:
        if not election.candidates.filter(name=name).exists():
            Candidate.objects.create(
                election=election, name=name,
                eligibility_confirmed=[ELIGIBILITY_AREA, ELIGIBILITY_SERVICE_USER])
