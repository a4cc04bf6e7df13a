"""Hearings and statements (issue 11): the council's voice on policies and plans.

A Hearing is one request for the council's view (a formal hearing or early involvement) or a
statement on the council's own initiative. It goes through one flow: registered (with the
authority's documents), open for the members' comments, drafted by the secretariat (each
draft a numbered version the members comment on), approved by whoever the council's rules of
procedure name, sent to the recipient as a PDF, published, and later its outcome recorded.

The steps that change the status live in `actions.py`; who may take them in
`udsatteraad.policy.permissions`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Council, Person
from udsatteraad.meetings.models import AgendaItem


class HearingQuerySet(models.QuerySet["Hearing"]):
    def open(self) -> HearingQuerySet:
        """Hearings the council is still working on (not yet sent)."""
        return self.filter(status__in=Hearing.WORKING)

    def published(self) -> HearingQuerySet:
        return self.filter(published_at__isnull=False)

    def by_deadline(self) -> HearingQuerySet:
        """Nearest deadline first; those without a deadline last."""
        return self.order_by(models.F("deadline").asc(nulls_last=True), "-received", "id")

    def missed(self, today: dt.date | None = None) -> HearingQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today)


class Hearing(models.Model):
    class Kind(models.TextChoices):
        FORMAL = "formal", _("Formel høring")
        EARLY = "early", _("Tidlig inddragelse")
        STATEMENT = "statement", _("Udtalelse på eget initiativ")

    class Source(models.TextChoices):
        ASSEMBLY = "assembly", _("Regionsrådet eller kommunalbestyrelsen")
        COMMITTEE = "committee", _("Et udvalg")
        ADMINISTRATION = "administration", _("Forvaltningen")
        AUTHORITY = "authority", _("En anden myndighed")
        COUNCIL = "council", _("Rådet selv")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Modtaget")
        COMMENTING = "commenting", _("Til kommentering")
        DRAFTING = "drafting", _("Udkast skrives")
        AWAITING_APPROVAL = "awaiting_approval", _("Afventer godkendelse")
        APPROVED = "approved", _("Godkendt")
        SENT = "sent", _("Sendt")
        PUBLISHED = "published", _("Offentliggjort")
        OUTCOME = "outcome", _("Udfald registreret")

    class PointsTaken(models.TextChoices):
        UNKNOWN = "", _("Ikke oplyst")
        YES = "yes", _("Ja, rådets bemærkninger blev taget med")
        PARTLY = "partly", _("Delvist")
        NO = "no", _("Nej")

    # Members comment while the council is forming its view; after approval the text is fixed.
    COMMENTABLE = (Status.COMMENTING, Status.DRAFTING, Status.AWAITING_APPROVAL)
    WORKING = (Status.RECEIVED, Status.COMMENTING, Status.DRAFTING, Status.AWAITING_APPROVAL,
               Status.APPROVED)

    council = models.ForeignKey(Council, models.CASCADE, related_name="hearings")
    kind = models.CharField("type", max_length=12, choices=Kind.choices, default=Kind.FORMAL)
    source = models.CharField("fra", max_length=16, choices=Source.choices,
                              default=Source.ADMINISTRATION)
    source_name = models.CharField(
        "afsender", max_length=200, blank=True,
        help_text=_("For eksempel Socialudvalget eller Socialstyrelsen."),
    )
    title = models.CharField("titel", max_length=300)
    case_number = models.CharField("sagsnummer", max_length=60, blank=True)
    description = models.TextField("beskrivelse", blank=True)
    received = models.DateField("modtaget")
    deadline = models.DateField("frist", null=True, blank=True)
    recipient = models.CharField("modtager", max_length=200, blank=True)
    recipient_email = models.EmailField("modtagerens e-mail", blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices,
                              default=Status.RECEIVED)
    agenda_item = models.ForeignKey(
        AgendaItem, models.SET_NULL, null=True, blank=True, related_name="hearings",
        verbose_name="dagsordenspunkt",
    )
    # Approval: who, when, under which rule, which draft.
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_rule = models.CharField(max_length=20, blank=True)
    approval_note = models.CharField("godkendelse", max_length=300, blank=True)
    approved_draft = models.ForeignKey("Draft", models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    # Sending and publishing.
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.CharField(max_length=300, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    # The outcome, recorded later.
    outcome = models.TextField("udfald", blank=True)
    points_taken = models.CharField("blev rådets bemærkninger taget med?", max_length=8,
                                    choices=PointsTaken.choices, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = "høring"
        verbose_name_plural = "høringer"
        indexes = [models.Index(fields=["council", "status", "deadline"],
                                name="hearing_council_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_statement(self) -> bool:
        return self.kind == self.Kind.STATEMENT

    @property
    def is_open_for_comments(self) -> bool:
        return self.status in self.COMMENTABLE

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def deadline_missed(self, today: dt.date | None = None) -> bool:
        """The deadline passed while the response was not yet sent."""
        today = today or timezone.localdate()
        return bool(self.deadline and self.deadline < today and self.status in self.WORKING)

    def days_left(self, today: dt.date | None = None) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    def latest_draft(self) -> Draft | None:
        return self.drafts.order_by("-number").first()

    def response(self) -> Draft | None:
        """The text that was approved (and sent and published)."""
        return self.approved_draft


def document_path(instance: HearingDocument, filename: str) -> str:
    """Unguessable names, as meeting attachments (hearing documents are not public)."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"hearings/{timezone.now():%Y}/{uuid.uuid4().hex}.{ext}"


class HearingDocument(models.Model):
    hearing = models.ForeignKey(Hearing, models.CASCADE, related_name="documents")
    title = models.CharField("titel", max_length=300)
    file = models.FileField("fil", upload_to=document_path)
    content_type = models.CharField("filtype", max_length=100)
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = "høringsmateriale"
        verbose_name_plural = "høringsmateriale"

    def __str__(self) -> str:
        return self.title


class Draft(models.Model):
    """One version of the response, written by the secretariat."""

    hearing = models.ForeignKey(Hearing, models.CASCADE, related_name="drafts")
    number = models.PositiveIntegerField()
    text = models.TextField("tekst")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["hearing", "number"],
                                               name="hearing_draft_number")]
        verbose_name = "udkast"
        verbose_name_plural = "udkast"

    def __str__(self) -> str:
        return f"{self.hearing} – udkast {self.number}"


class Comment(models.Model):
    """A member's comment on the hearing, or on a draft of the response."""

    hearing = models.ForeignKey(Hearing, models.CASCADE, related_name="comments")
    draft = models.ForeignKey(Draft, models.SET_NULL, null=True, blank=True,
                              related_name="comments")
    person = models.ForeignKey(Person, models.SET_NULL, null=True, related_name="+")
    # The name at the time of writing: the comment stays attributed if the person is removed.
    author_name = models.CharField(max_length=200)
    text = models.TextField("kommentar")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = "kommentar"
        verbose_name_plural = "kommentarer"

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


class Approval(models.Model):
    """A member's "I approve" in a written round (the rule `written_round`); the response is
    approved when a majority of the council's current members have approved its draft."""

    hearing = models.ForeignKey(Hearing, models.CASCADE, related_name="approvals")
    draft = models.ForeignKey(Draft, models.CASCADE, related_name="approvals")
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft", "person"],
                                               name="hearing_approval_once")]

    def __str__(self) -> str:
        return f"{self.person_id} godkender {self.draft_id}"


class Reminder(models.Model):
    """A reminder sent to a member about a hearing: at most one a person and hearing, so
    hearing_reminders can run every few minutes."""

    hearing = models.ForeignKey(Hearing, models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    day = models.DateField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hearing", "person"],
                                               name="hearing_reminder_once")]

    def __str__(self) -> str:
        return f"påmindelse {self.day} om {self.hearing_id}"
