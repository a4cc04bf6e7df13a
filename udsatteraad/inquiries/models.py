"""Citizens' inquiries to a council, the log of who read them, and per-council settings.

An inquiry holds personal data (a name, an address or phone number, a message that may be
about the sender's own life). Only the council's secretariat reads it, every reading is logged
(`InquiryAccess`), and its personal data is erased when it is no longer needed (`actions.erase`,
run by `manage.py purge_inquiries`). The row itself stays, without personal data, for the
anonymous statistics (month, topic, channel, outcome).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import Council

# A personal case's text is kept this long after the case is closed (issue 10).
PERSONAL_CASE_DAYS = 30
DEFAULT_RETENTION_MONTHS = 12


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` moved by whole calendar months (negative: back), the day clamped to the
    month's last day (31 March minus one month is 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


class InquirySettings(models.Model):
    """What a council decides about its inquiries: how long closed ones keep their personal
    data, and the standard reply to a personal case. Kept here, not on Council, so the
    councils app knows nothing of inquiries."""

    council = models.OneToOneField(Council, models.CASCADE, related_name="inquiry_settings")
    retention_months = models.PositiveSmallIntegerField(
        _("opbevaring af lukkede henvendelser (måneder)"), default=DEFAULT_RETENTION_MONTHS,
        help_text=_("Personoplysninger slettes så mange måneder efter, at henvendelsen er "
                    "lukket. Sager om en enkelt borger slettes altid 30 dage efter."),
    )
    personal_case_reply = models.TextField(
        _("standardsvar til henvendelser om egen sag"), blank=True,
        help_text=_("Tom: systemets standardtekst bruges."),
    )
    citizens_adviser = models.CharField(
        _("borgerrådgiver (navn og kontakt)"), max_length=300, blank=True,
        help_text=_("Fx »Borgerrådgiveren i Randers Kommune, tlf. 89 15 15 15«."),
    )

    class Meta:
        verbose_name = _("indstillinger for henvendelser")
        verbose_name_plural = _("indstillinger for henvendelser")

    def __str__(self) -> str:
        return str(self.council)

    @classmethod
    def for_council(cls, council: Council) -> InquirySettings:
        """The council's settings; the defaults (unsaved) when it has set none."""
        found = cls.objects.filter(council=council).first()
        return found or cls(council=council)


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def to_screen(self) -> InquiryQuerySet:
        """Inquiries nobody has screened yet: the secretariat's task."""
        return self.filter(status=Inquiry.Status.NEW)

    def overview_order(self) -> InquiryQuerySet:
        """New first, then the open ones by how far they are, the finished last; newest first
        within each."""
        order = Case(
            *[When(status=s, then=Value(i)) for i, s in enumerate(Inquiry.STATUS_ORDER)],
            default=Value(len(Inquiry.STATUS_ORDER)), output_field=IntegerField(),
        )
        return self.annotate(status_rank=order).order_by("status_rank", "-received", "-pk")

    def not_erased(self) -> InquiryQuerySet:
        return self.filter(erased_at__isnull=True)


class Inquiry(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Kontaktformular")
        PHONE = "phone", _("Telefon")
        LETTER = "letter", _("Brev")
        EMAIL = "email", _("E-mail")
        IN_PERSON = "in_person", _("Personligt på et værested")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        TOPIC = "topic", _("Emne for rådet")
        PERSONAL = "personal", _("Egen sag")
        ON_AGENDA = "on_agenda", _("På dagsordenen")
        ANSWERED = "answered", _("Besvaret")
        CLOSED = "closed", _("Lukket")

    class Topic(models.TextChoices):
        HOUSING = "housing", _("Bolig og hjemløshed")
        ADDICTION = "addiction", _("Alkohol og stoffer")
        MENTAL_HEALTH = "mental_health", _("Psykisk sundhed")
        HEALTH = "health", _("Sundhed og tandpleje")
        MONEY = "money", _("Penge og gæld")
        PLACES = "places", _("Væresteder og tilbud")
        OTHER = "other", _("Andet")

    STATUS_ORDER = [Status.NEW, Status.TOPIC, Status.PERSONAL, Status.ON_AGENDA,
                    Status.ANSWERED, Status.CLOSED]
    OPEN = frozenset({Status.NEW, Status.TOPIC, Status.PERSONAL, Status.ON_AGENDA})

    council = models.ForeignKey(Council, models.CASCADE, related_name="inquiries")
    # Personal data: blank when the sender gave none, chose anonymity, or it was erased.
    sender_name = models.CharField(_("navn"), max_length=200, blank=True)
    contact = models.CharField(_("e-mail eller telefon"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonym"), default=False)
    topic = models.CharField(_("emne"), max_length=20, choices=Topic.choices,
                             default=Topic.OTHER)
    message = models.TextField(_("besked"), blank=True)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices,
                               default=Channel.WEB)
    received = models.DateTimeField(_("modtaget"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NEW)
    consent_to_quote = models.BooleanField(_("må citeres"), default=False)
    # What the system saw (the kinds of signal, never the values) and what the secretary chose.
    flags = models.JSONField(_("tegn på egen sag"), default=list, blank=True)
    is_personal_case = models.BooleanField(_("egen sag"), default=False)
    summary = models.TextField(_("anonymiseret resumé"), blank=True)
    reply = models.TextField(_("svar"), blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", models.SET_NULL, null=True, blank=True,
        related_name="inquiries", verbose_name=_("dagsordenspunkt"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
    )
    answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personoplysninger slettet"), null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)

    # The status history. Its rows copy the personal fields, so erasure blanks them there too.
    history = HistoricalRecords(excluded_fields=["modified"])

    objects = InquiryQuerySet.as_manager()

    # The fields holding personal data (or text that may hold it): what erasure blanks.
    PERSONAL_FIELDS = ("sender_name", "contact", "message", "summary", "reply")

    class Meta:
        ordering = ["-received", "-pk"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        indexes = [models.Index(fields=["council", "status"], name="inquiry_council_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_topic_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def email(self) -> str:
        """The contact, when it is an e-mail address (acknowledgements and answers go there)."""
        contact = self.contact.strip()
        return contact if "@" in contact and " " not in contact else ""

    @property
    def outcome(self) -> str:
        """How the inquiry ended, for the statistics."""
        if self.is_personal_case:
            return "personal_case"
        if self.agenda_item_id:
            return "agenda"
        if self.answered_at:
            return "answered"
        return "closed" if self.closed_at else "open"

    def purge_after(self, retention_months: int) -> dt.datetime | None:
        """When the personal data goes: closing plus 30 days for a personal case, else closing
        plus the council's retention months; None while the inquiry is open."""
        if self.closed_at is None:
            return None
        if self.is_personal_case:
            return self.closed_at + dt.timedelta(days=PERSONAL_CASE_DAYS)
        return add_months(self.closed_at, retention_months)


class InquiryAccess(models.Model):
    """One reading of an inquiry by staff: who, when, what they did (GDPR: every view of a
    citizen's inquiry is logged)."""

    inquiry = models.ForeignKey(Inquiry, models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                             related_name="+")
    what = models.CharField(_("hvad"), max_length=100)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("opslag i henvendelse")
        verbose_name_plural = _("opslag i henvendelser")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.what} #{self.inquiry_id}"


class SubmissionMark(models.Model):
    """One inquiry sent from the public form, per client address (hashed), so the rate limit
    holds across every worker process (as accounts.LoginFailure does for logins)."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="inquiry_submission_lookup")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.key[:8]}"
