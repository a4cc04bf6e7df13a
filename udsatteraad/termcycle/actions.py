"""The steps of nominations and elections, each in one transaction that locks and re-checks
the row it changes. Memberships are created through `Membership.full_clean()`, so the
council's rules (seats, substitutes, eligibility, terms) decide; their Danish errors reach the
secretary's screen as they are."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership, Organisation, Person, SeatGroup, Term

from . import emails
from .eligibility import problems
from .models import Candidate, Election, Nomination, token_digest

LINK_DAYS = 21


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def request_nomination(*, council: Council, term: Term, seat_group: SeatGroup,
                       organisation: Organisation, email: str, user,
                       days: int = LINK_DAYS) -> Nomination:
    if seat_group.terms_of_reference.council_id != council.pk or term.council_id != council.pk:
        raise ValidationError(_("Pladsen eller perioden hører ikke til rådet."))
    allowed = set(seat_group.organisations.values_list("pk", flat=True))
    if allowed and organisation.pk not in allowed:
        raise ValidationError(_("%(org)s indstiller ikke til »%(seat)s«.")
                              % {"org": organisation.name, "seat": seat_group.name})
    token, digest = _new_token()
    with transaction.atomic():
        # One open request per organisation and seat group: asking again withdraws the old.
        Nomination.objects.select_for_update().filter(
            term=term, seat_group=seat_group, organisation=organisation,
            status=Nomination.Status.REQUESTED).update(status=Nomination.Status.WITHDRAWN)
        nomination = Nomination.objects.create(
            council=council, term=term, seat_group=seat_group, organisation=organisation,
            email=email, token_digest=digest, created_by=user,
            expires=timezone.now() + dt.timedelta(days=days))
        emails.nomination_request(nomination, token, reminder=False)
    return nomination


def remind(*, nomination: Nomination, user, days: int = LINK_DAYS,
           automatic: bool = False) -> Nomination | None:
    """A reminder carries a new link (only digests are stored) and a new expiry; the old
    link stops working. `automatic` (the remind_nominations job): only when the row, locked,
    is still due by the automatic rule, else None, so two runs send one reminder."""
    token, digest = _new_token()
    with transaction.atomic():
        row = (Nomination.objects.select_for_update().select_related("term")
               .get(pk=nomination.pk))
        now = timezone.now()
        if automatic and not Nomination.objects.filter(pk=row.pk).due_automatic_reminder(
                now).exists():
            return None
        if row.status != Nomination.Status.REQUESTED:
            raise ValidationError(_("Indstillingen er allerede besvaret."))
        row.token_digest, row.reminders = digest, row.reminders + 1
        row.reminded_at = now
        row.expires = max(row.expires, now + dt.timedelta(days=days))
        fields = ["token_digest", "reminders", "reminded_at", "expires"]
        if automatic:
            row.auto_reminders, row.auto_reminded_at = row.auto_reminders + 1, now
            fields += ["auto_reminders", "auto_reminded_at"]
        row.save(update_fields=fields)
        emails.nomination_request(row, token, reminder=True)
    return row


def remind_unanswered(*, now: dt.datetime | None = None) -> int:
    """The automatic reminders that are due; how many were sent."""
    now = now or timezone.now()
    sent = 0
    for nomination in Nomination.objects.due_automatic_reminder(now).order_by("pk"):
        if remind(nomination=nomination, user=None, automatic=True) is not None:
            sent += 1
    return sent


def nomination_for_token(token: str) -> Nomination | None:
    """The open request a link belongs to, or None (unknown, used, withdrawn or expired)."""
    row = (Nomination.objects.select_related("council", "seat_group__terms_of_reference",
                                             "organisation", "term")
           .filter(token_digest=token_digest(token)).first())
    if row is None or row.status != Nomination.Status.REQUESTED or row.is_expired:
        return None
    return row


def answer(*, token: str, name: str, email: str, phone: str, answered_by: str,
           note: str, confirmed: list[str]) -> Nomination:
    with transaction.atomic():
        row = (Nomination.objects.select_for_update()
               .filter(token_digest=token_digest(token)).first())
        if row is None or row.status != Nomination.Status.REQUESTED or row.is_expired:
            raise ValidationError(_("Linket er udløbet eller allerede brugt."))
        missing = problems(row.seat_group, confirmed)
        if missing:
            raise ValidationError(missing)
        row.nominee_name, row.nominee_email, row.nominee_phone = name, email, phone
        row.answered_by, row.note, row.eligibility_confirmed = answered_by, note, confirmed
        row.status, row.answered_at = Nomination.Status.ANSWERED, timezone.now()
        row.save(update_fields=["nominee_name", "nominee_email", "nominee_phone",
                                "answered_by", "note", "eligibility_confirmed", "status",
                                "answered_at"])
        emails.nomination_answered(row)
    return row


def _person(name: str, email: str, phone: str) -> Person:
    person = Person.objects.filter(email__iexact=email).first() if email else None
    if person is None:
        person = Person.objects.create(name=name, email=email, phone=phone)
    return person


def _start(term: Term) -> dt.date:
    return max(term.start, min(timezone.localdate(), term.end))


def confirm(*, nomination: Nomination, user, start: dt.date | None = None) -> Membership:
    with transaction.atomic():
        row = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if row.status != Nomination.Status.ANSWERED:
            raise ValidationError(_("Kun en besvaret indstilling kan bekræftes."))
        membership = Membership(
            council=row.council, person=_person(row.nominee_name, row.nominee_email,
                                                row.nominee_phone),
            seat_group=row.seat_group, term=row.term, nominated_by=row.organisation,
            start=start or _start(row.term), eligibility_confirmed=row.eligibility_confirmed)
        membership.full_clean()
        membership.save()
        row.status, row.membership = Nomination.Status.CONFIRMED, membership
        row.confirmed_by, row.confirmed_at = user, timezone.now()
        row.save(update_fields=["status", "membership", "confirmed_by", "confirmed_at"])
    return membership


# --- Elections ----------------------------------------------------------------------------

def add_candidate(*, election: Election, name: str, email: str, phone: str,
                  confirmed: list[str]) -> Candidate:
    with transaction.atomic():
        row = Election.objects.select_for_update().get(pk=election.pk)
        if row.status == Election.Status.DECIDED:
            raise ValidationError(_("Valget er afgjort."))
        missing = problems(row.seat_group, confirmed)
        if missing:
            raise ValidationError(missing)
        return Candidate.objects.create(election=row, name=name, email=email, phone=phone,
                                        eligibility_confirmed=confirmed)


def record_votes(*, election: Election, votes: dict[int, int]) -> None:
    with transaction.atomic():
        row = Election.objects.select_for_update().get(pk=election.pk)
        if row.status == Election.Status.DECIDED:
            raise ValidationError(_("Valget er afgjort."))
        for candidate in row.candidates.all():
            if candidate.pk in votes:
                candidate.votes = votes[candidate.pk]
                candidate.save(update_fields=["votes"])
        if row.status == Election.Status.TIE:  # an omvalg's votes: decide again
            row.status = Election.Status.PLANNED
            row.save(update_fields=["status"])


def _substitutes_allowed(seat_group: SeatGroup) -> bool:
    return bool(seat_group.terms_of_reference.substitutes_allowed
                and seat_group.substitutes != SeatGroup.Substitutes.NONE)


def decide(*, election: Election, user, lot_winner: int | None = None,
           keep_substitutes: bool = False) -> Election:
    """The candidate with most votes is elected. A tie among the most: by lot (the secretary
    records whom the draw chose) or a new vote between them (status TIE until new votes are
    recorded). Runners-up become substitutes in order of votes when asked and allowed."""
    with transaction.atomic():
        row = Election.objects.select_for_update().select_related(
            "seat_group__terms_of_reference", "term", "council").get(pk=election.pk)
        if row.status == Election.Status.DECIDED:
            raise ValidationError(_("Valget er allerede afgjort."))
        candidates = list(row.candidates.all())
        if not candidates:
            raise ValidationError(_("Valget har ingen kandidater."))
        if any(c.votes is None for c in candidates):
            raise ValidationError(_("Skriv antallet af stemmer for hver kandidat."))
        top = max(c.votes or 0 for c in candidates)
        leaders = [c for c in candidates if c.votes == top]
        winner = leaders[0]
        if len(leaders) > 1:
            if row.tie_rule == Election.TieRule.NEW_VOTE:
                row.status = Election.Status.TIE
                row.save(update_fields=["status"])
                return row
            chosen = [c for c in leaders if c.pk == lot_winner]
            if not chosen:
                raise ValidationError(_("Der er stemmelighed. Vælg den kandidat, "
                                        "lodtrækningen udpegede."))
            winner = chosen[0]
            winner.won_by_lot = True
        others = sorted((c for c in candidates if c.pk != winner.pk),
                        key=lambda c: (-(c.votes or 0), c.name))
        if keep_substitutes and not _substitutes_allowed(row.seat_group):
            raise ValidationError(_("Kommissoriet giver ikke mulighed for suppleanter på "
                                    "denne plads."))
        start = _start(row.term)
        member = Membership(council=row.council, person=_person(winner.name, winner.email,
                                                                 winner.phone),
                            seat_group=row.seat_group, term=row.term, start=start,
                            eligibility_confirmed=winner.eligibility_confirmed)
        member.full_clean()
        member.save()
        winner.place, winner.membership = 1, member
        winner.save(update_fields=["place", "membership", "won_by_lot"])
        limit = row.seat_group.substitutes_max
        for place, candidate in enumerate(others, start=2):
            candidate.place = place
            if keep_substitutes and (candidate.votes or 0) > 0 and (
                    limit is None or place - 1 <= limit):
                substitute = Membership(
                    council=row.council,
                    person=_person(candidate.name, candidate.email, candidate.phone),
                    seat_group=row.seat_group, term=row.term, start=start, is_substitute=True,
                    substitute_rank=place - 1,
                    eligibility_confirmed=candidate.eligibility_confirmed)
                substitute.full_clean()
                substitute.save()
                candidate.membership = substitute
            candidate.save(update_fields=["place", "membership"])
        row.status, row.decided_at, row.decided_by = Election.Status.DECIDED, timezone.now(), user
        row.save(update_fields=["status", "decided_at", "decided_by"])
    return row
