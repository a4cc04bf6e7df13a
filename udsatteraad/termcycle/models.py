"""Before a term (issue 13): nominations asked of the nominating organisations, and elections
of user representatives at drop-in centres. Both end in a membership created through the
council's rules (`councils.rules.check_membership`), so the rules of the terms of reference
hold whichever way a member arrives."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import (
    Council,
    Membership,
    Organisation,
    SeatGroup,
    Term,
    Venue,
)

# The automatic reminder of unanswered nominations (management command remind_nominations).
AUTO_REMIND_AFTER = dt.timedelta(days=7)
AUTO_REMIND_BEFORE_EXPIRY = dt.timedelta(days=5)
AUTO_REMIND_EXPIRED_WITHIN = dt.timedelta(days=14)
AUTO_REMIND_MAX = 1


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class NominationQuerySet(models.QuerySet["Nomination"]):
    def open(self) -> NominationQuerySet:
        return self.filter(status=Nomination.Status.REQUESTED)

    def due_automatic_reminder(self, now: dt.datetime) -> NominationQuerySet:
        """The automatic reminder's rule (docs/termcycle.md), its one place: an open request,
        asked at least AUTO_REMIND_AFTER ago, whose link expires within AUTO_REMIND_BEFORE_EXPIRY
        or expired less than AUTO_REMIND_EXPIRED_WITHIN ago, not reminded (by hand or
        automatically) in the last AUTO_REMIND_AFTER, fewer than AUTO_REMIND_MAX automatic
        reminders so far, for a term that has not ended."""
        return self.open().filter(
            auto_reminders__lt=AUTO_REMIND_MAX, requested_at__lte=now - AUTO_REMIND_AFTER,
            expires__gt=now - AUTO_REMIND_EXPIRED_WITHIN,
            expires__lte=now + AUTO_REMIND_BEFORE_EXPIRY,
            term__end__gte=timezone.localdate(now),
        ).filter(models.Q(reminded_at__isnull=True)
                 | models.Q(reminded_at__lte=now - AUTO_REMIND_AFTER))

    def answered(self) -> NominationQuerySet:
        return self.filter(status=Nomination.Status.ANSWERED)


class Nomination(models.Model):
    """Indstilling: a nominating organisation asked for its nominee to one seat group for a
    term, through a personal, expiring link (only its digest is stored)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Anmodet")
        ANSWERED = "answered", _("Besvaret")
        CONFIRMED = "confirmed", _("Bekræftet")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    council = models.ForeignKey(Council, models.CASCADE, related_name="nominations")
    term = models.ForeignKey(Term, models.CASCADE, related_name="nominations")
    seat_group = models.ForeignKey(SeatGroup, models.CASCADE, related_name="nominations")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="nominations")
    email = models.EmailField("organisationens e-mail")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    token_digest = models.CharField(max_length=64, unique=True)
    expires = models.DateTimeField("linket udløber")
    requested_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    # Reminders sent by the `remind_nominations` job (also counted in `reminders`).
    auto_reminders = models.PositiveSmallIntegerField(default=0)
    auto_reminded_at = models.DateTimeField(null=True, blank=True)
    # What the organisation answered: the nominee. Personal data, seen by the secretariat only.
    nominee_name = models.CharField("navn", max_length=200, blank=True)
    nominee_email = models.EmailField("e-mail", blank=True)
    nominee_phone = models.CharField("telefon", max_length=40, blank=True)
    eligibility_confirmed = models.JSONField(default=list, blank=True)
    answered_by = models.CharField("besvaret af", max_length=200, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField("bemærkning", blank=True, max_length=2000)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    membership = models.OneToOneField(
        Membership, models.SET_NULL, null=True, blank=True, related_name="nomination")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_digest"])

    class Meta:
        ordering = ["seat_group__position", "organisation__name", "-requested_at"]
        verbose_name = "indstilling"
        verbose_name_plural = "indstillinger"

    def __str__(self) -> str:
        return f"{self.organisation} → {self.seat_group} ({self.term})"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.REQUESTED and self.expires <= timezone.now()


class Election(models.Model):
    """Valg of a user representative at a drop-in centre: candidates, votes counted per
    candidate, the result by the tie rule; the winner becomes the member, the runners-up can
    be kept as substitutes where the rules allow."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        TIE = "tie", _("Stemmelighed")
        DECIDED = "decided", _("Afgjort")

    class TieRule(models.TextChoices):
        LOT = "lot", _("Lodtrækning blandt dem med flest stemmer")
        NEW_VOTE = "new_vote", _("Omvalg mellem dem med flest stemmer")

    council = models.ForeignKey(Council, models.CASCADE, related_name="elections")
    term = models.ForeignKey(Term, models.CASCADE, related_name="elections")
    seat_group = models.ForeignKey(SeatGroup, models.CASCADE, related_name="elections")
    venue = models.ForeignKey(Venue, models.PROTECT, null=True, blank=True,
                              related_name="elections", verbose_name="værested")
    date = models.DateField("dato")
    time = models.TimeField("klokken", null=True, blank=True)
    place = models.CharField("sted", max_length=300, blank=True,
                             help_text="Fx adressen eller lokalet på værestedet.")
    tie_rule = models.CharField("ved stemmelighed", max_length=20, choices=TieRule.choices,
                                default=TieRule.LOT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    result_note = models.TextField("bemærkning til resultatet", blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "seat_group__position"]
        verbose_name = "valg"
        verbose_name_plural = "valg"

    def __str__(self) -> str:
        return f"{self.seat_group} {self.date:%d.%m.%Y}"


class Candidate(models.Model):
    election = models.ForeignKey(Election, models.CASCADE, related_name="candidates")
    name = models.CharField("navn", max_length=200)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    eligibility_confirmed = models.JSONField(default=list, blank=True)
    votes = models.PositiveIntegerField("stemmer", null=True, blank=True)
    # Set when the election is decided: 1 = elected, 2.. = runners-up in order.
    place = models.PositiveSmallIntegerField(null=True, blank=True)
    won_by_lot = models.BooleanField(default=False)
    membership = models.OneToOneField(
        Membership, models.SET_NULL, null=True, blank=True, related_name="candidate")

    history = HistoricalRecords()

    class Meta:
        ordering = ["election", "name"]
        verbose_name = "kandidat"
        verbose_name_plural = "kandidater"

    def __str__(self) -> str:
        return self.name


class Constitution(models.Model):
    """The constituting meeting of a term (konstituerende møde): its standard items, and the
    election of chair and vice-chair recorded in the minutes, which sets the roles."""

    meeting = models.OneToOneField("meetings.Meeting", models.CASCADE,
                                   related_name="constitution")
    term = models.ForeignKey(Term, models.CASCADE, related_name="constitutions")
    chair = models.ForeignKey(Membership, models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="formand")
    vice_chair = models.ForeignKey(Membership, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="næstformand")
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "konstituering"
        verbose_name_plural = "konstitueringer"

    def __str__(self) -> str:
        return f"{self.meeting} ({self.term})"
