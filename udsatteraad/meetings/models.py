"""Meetings, agenda items, attachments, attendance and minutes (capabilities.md section 3)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import Council, FocusArea, Person, TargetGroup, Venue
from udsatteraad.lib.text import clean_rich_text


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinært møde")
        EXTRAORDINARY = "extraordinary", _("Ekstraordinært møde")
        DIALOGUE = "dialogue", _("Dialogmøde med udvalg")
        USER_GROUPS = "user_groups", _("Møde med brugergrupper")
        JOINT = "joint", _("Fællesmøde")
        OPEN_ASSEMBLY = "open_assembly", _("Stormøde")
        THEME_DAY = "theme_day", _("Temadag")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        AGENDA_PUBLISHED = "agenda_published", _("Dagsorden offentliggjort")
        HELD = "held", _("Afholdt")
        MINUTES_APPROVED = "minutes_approved", _("Referat godkendt")
        MINUTES_PUBLISHED = "minutes_published", _("Referat offentliggjort")
        CANCELLED = "cancelled", _("Aflyst")

    council = models.ForeignKey(Council, models.CASCADE, related_name="meetings")
    kind = models.CharField("mødetype", max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField("titel", max_length=300)
    start = models.DateTimeField("start")
    end = models.DateTimeField("slut", null=True, blank=True)
    venue = models.ForeignKey(
        Venue, models.SET_NULL, null=True, blank=True, related_name="meetings",
        verbose_name="mødested",
    )
    location = models.CharField("lokale/adresse", max_length=300, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField("beskrivelse", blank=True)
    extraordinary_request = models.ForeignKey(
        "ExtraordinaryRequest", models.SET_NULL, null=True, blank=True, related_name="meetings",
        verbose_name="indkaldt efter anmodning",
    )
    agenda_published_at = models.DateTimeField("dagsorden offentliggjort", null=True, blank=True)
    minutes_approved_at = models.DateTimeField("referat godkendt", null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="referat godkendt af",
    )
    minutes_published_at = models.DateTimeField("referat offentliggjort", null=True, blank=True)
    # Set while published minutes are withdrawn from the public site; cleared on republishing.
    minutes_withdrawn_at = models.DateTimeField("referat trukket tilbage", null=True, blank=True)
    minutes_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="referat trukket tilbage af",
    )
    minutes_withdrawal_reason = models.TextField("begrundelse for tilbagetrækning", blank=True)
    cancelled_at = models.DateTimeField("aflyst", null=True, blank=True)
    # Published later than the rules of procedure's notice period: the period it fell short
    # of (None: on time), and the secretariat's reason where the rules refuse short notice.
    agenda_short_notice_days = models.PositiveSmallIntegerField(
        "dagsorden udsendt med kort varsel (fristen i dage)", null=True, blank=True)
    short_notice_reason = models.TextField("begrundelse for kort varsel", blank=True)
    # RFC 5545 SEQUENCE of the meeting's calendar event: raised each time members' calendars
    # are sent a change (moved, cancelled), so they replace the event instead of ignoring it.
    ical_sequence = models.PositiveIntegerField("iCal-sekvens", default=0)
    easy_read_intro = models.TextField("lettilgængelig indledning", blank=True)
    easy_read_published_at = models.DateTimeField(
        "lettilgængelig udgave offentliggjort", null=True, blank=True
    )
    # What the public sees: a copy taken at "Gem og offentliggør", so "Gem" only changes the
    # draft (easy_read_intro, AgendaItem.easy_read). {"intro": str, "items": {"<pk>": str}}
    easy_read_published = models.JSONField(
        "offentliggjort lettilgængelig udgave", default=dict, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-start"]
        verbose_name = "møde"
        verbose_name_plural = "møder"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("front:meeting", args=[self.council.slug, self.pk])

    @property
    def has_public_minutes(self) -> bool:
        """Published minutes: the one rule for a row (withdrawn minutes are approved again,
        so not these); `policy.public.public_minutes_versions` is the same for QuerySets."""
        return self.status == self.Status.MINUTES_PUBLISHED

    @property
    def place(self) -> str:
        parts = [self.location, self.venue.name if self.venue else ""]
        return ", ".join(p for p in parts if p)


class AgendaItem(models.Model):
    class Origin(models.TextChoices):
        ADMINISTRATION = "administration", _("Forvaltningen")
        MEMBER_PROPOSAL = "member_proposal", _("Forslag fra medlem")
        HEARING = "hearing", _("Høring")
        INQUIRY = "inquiry", _("Henvendelse")
        STANDARD = "standard", _("Fast punkt")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="items")
    number = models.PositiveIntegerField("nummer", null=True, blank=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    title = models.CharField("titel", max_length=300)
    case_number = models.CharField("sagsnummer", max_length=60, blank=True)
    summary = models.TextField("resumé", blank=True)
    recommendations_intro = models.CharField(
        "indledning til indstilling", max_length=200, blank=True,
        help_text="F.eks. »Forvaltningen indstiller til Udsatterådet«.",
    )
    recommendations = models.JSONField("indstillinger", default=list, blank=True)
    decision = models.TextField("beslutning", blank=True)
    case_presentation = models.TextField("sagsfremstilling", blank=True)
    start_time = models.TimeField("starttid", null=True, blank=True)
    end_time = models.TimeField("sluttid", null=True, blank=True)
    is_public = models.BooleanField("åbent punkt", default=True)
    origin = models.CharField(
        "oprindelse", max_length=20, choices=Origin.choices, default=Origin.ADMINISTRATION
    )
    proposed_by = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="proposed_items",
        verbose_name="foreslået af",
    )
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name="målgrupper")
    focus_areas = models.ManyToManyField(FocusArea, blank=True, verbose_name="indsatsområder")
    easy_read = models.TextField(
        "lettilgængelig tekst", blank=True,
        help_text="Kort tekst i et enkelt sprog til opslag på væresteder.",
    )
    # The item's heading in plain language for the easy-read version and the poster; blank
    # keeps the agenda's title.
    easy_read_title = models.CharField("overskrift i let sprog", max_length=200, blank=True)
    # An item added after the agenda was published or at the meeting (meetings/rules.py):
    # who decided to take it up, under the rules of procedure's urgent_items rule.
    urgent = models.BooleanField("hastende punkt optaget efter udsendelse", default=False)
    urgent_decided_by = models.CharField(
        "optaget efter beslutning af", max_length=20, blank=True,
        choices=[("chair", _("Formanden")), ("members", _("Medlemmerne"))])
    urgent_votes = models.PositiveSmallIntegerField("medlemmer for", null=True, blank=True)
    urgent_of = models.PositiveSmallIntegerField("af medlemmer", null=True, blank=True)
    # The standard item "Godkendelse af referat fra mødet den ..." where the council approves
    # the previous minutes at its next meeting: its decision approves them.
    approves_minutes_of = models.ForeignKey(
        "Meeting", models.SET_NULL, null=True, blank=True, related_name="approved_by_items",
        verbose_name="godkender referatet fra",
    )
    # Optimistic locking: a save must name the revision it was edited from (see actions).
    revision = models.PositiveIntegerField("revision", default=1)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["meeting", "position", "number"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"

    def __str__(self) -> str:
        return f"Punkt {self.number}: {self.title}" if self.number else self.title

    # Printed as HTML (the `rich_text` filter); sanitised here whoever saves them.
    RICH_TEXT_FIELDS = ("summary", "decision", "case_presentation")

    def save(self, *args, **kwargs) -> None:
        for name in self.RICH_TEXT_FIELDS:
            setattr(self, name, clean_rich_text(getattr(self, name)))
        super().save(*args, **kwargs)


def attachment_path(instance: Attachment, filename: str) -> str:
    """attachments/<year>/<uuid4 hex>.<ext>: unguessable, so a misconfigured web server serving
    MEDIA_ROOT cannot hand out a closed attachment to someone guessing from its title. The
    download name comes from the title (attachments.download_name)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not (ext.isascii() and ext.isalnum() and len(ext) <= 5):
        ext = "bin"
    return f"attachments/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="attachments")
    title = models.CharField("titel", max_length=300)
    file = models.FileField("fil", upload_to=attachment_path, blank=True)
    content_type = models.CharField("filtype", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    is_public = models.BooleanField("åbent bilag", default=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    # Text extracted from PDF/DOCX at upload, so open attachments can be searched.
    text = models.TextField("tekst", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self) -> str:
        return self.title


class MinorityStatement(models.Model):
    """Mindretalsudtalelse: members' recorded dissent on an item."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="minority_statements")
    members = models.ManyToManyField(Person, blank=True, verbose_name="medlemmer")
    text = models.TextField("udtalelse")
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["item", "id"]
        verbose_name = "mindretalsudtalelse"
        verbose_name_plural = "mindretalsudtalelser"

    def __str__(self) -> str:
        return self.text[:60]


class Attendance(models.Model):
    """Fremmøde: one row per member, guest or advisory-group participant at a meeting."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Medlem")
        GUEST = "guest", _("Gæst")
        ADVISORY = "advisory", _("Faglig sparringsgruppe")
        SECRETARIAT = "secretariat", _("Sekretariat")

    class Status(models.TextChoices):
        PRESENT = "present", _("Til stede")
        APOLOGY = "apology", _("Afbud")
        ABSENT = "absent", _("Fraværende")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, models.CASCADE, null=True, blank=True, related_name="attendance"
    )
    name = models.CharField("navn", max_length=200, blank=True, help_text="Gæster uden profil.")
    organisation = models.CharField("organisation", max_length=200, blank=True)
    kind = models.CharField("deltager", max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    status = models.CharField("status", max_length=20, choices=Status.choices)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    # A substitute called in for an absent member: counts for the quorum in their place.
    substitute_for = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="substituted_by",
        verbose_name="suppleant for",
    )
    reported_at = models.DateTimeField("meldt", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "person__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=models.Q(person__isnull=False),
                name="attendance_one_per_person",
            )
        ]
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"

    def __str__(self) -> str:
        return f"{self.person or self.name}: {self.get_status_display()}"


class ItemProposal(models.Model):
    """A member's proposal for an item on a coming meeting's agenda."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        ACCEPTED = "accepted", _("Optaget på dagsordenen")
        DECLINED = "declined", _("Afvist")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(Person, models.CASCADE, related_name="item_proposals")
    title = models.CharField("titel", max_length=300)
    description = models.TextField("beskrivelse")
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    decision_note = models.TextField("begrundelse", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    item = models.OneToOneField(
        AgendaItem, models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created"]
        verbose_name = "forslag til punkt"
        verbose_name_plural = "forslag til punkter"

    def __str__(self) -> str:
        return self.title


class ExtraordinaryRequest(models.Model):
    """Members asking for an extraordinary meeting. It becomes valid when as many distinct
    members as the terms of reference say have signed it."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="extraordinary_requests")
    topic = models.CharField("emne", max_length=300)
    reason = models.TextField("begrundelse", blank=True)
    created_by = models.ForeignKey(Person, models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    valid_at = models.DateTimeField("gyldig fra", null=True, blank=True)

    class Meta:
        ordering = ["council", "-created"]
        verbose_name = "anmodning om ekstraordinært møde"
        verbose_name_plural = "anmodninger om ekstraordinært møde"

    def __str__(self) -> str:
        return self.topic


class ExtraordinarySignature(models.Model):
    request = models.ForeignKey(ExtraordinaryRequest, models.CASCADE, related_name="signatures")
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="signature_once")
        ]
        verbose_name = "underskrift"
        verbose_name_plural = "underskrifter"

    def __str__(self) -> str:
        return f"{self.person} – {self.request}"


class MinutesVersion(models.Model):
    """A published version of the minutes. Published minutes never change silently: a
    correction publishes a new version with a note, and the public page shows both."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="minutes_versions")
    number = models.PositiveSmallIntegerField("version")
    published_at = models.DateTimeField("offentliggjort")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    change_note = models.TextField("hvad er rettet", blank=True)
    snapshot = models.JSONField("indhold", default=dict)

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique")
        ]
        verbose_name = "referatversion"
        verbose_name_plural = "referatversioner"

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class PublicRecord(models.Model):
    """An object of a meeting that the public has been shown, by its OParl path
    ("agendaitem/12/", "file/7/", "file/meeting/3/minutes/"). Kept in step by
    `policy.public.follow_publication`: when an object leaves the public (minutes withdrawn,
    an item closed or deleted, an attachment closed or deleted) its row gets `deleted_at`, and
    OParl serves it as a `deleted: true` tombstone, so a client that syncs sees it go."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="public_records")
    path = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20)  # OParl type: Meeting, AgendaItem, Paper, File, ...
    first_public_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "deleted_at"])]
        verbose_name = "offentligt objekt"
        verbose_name_plural = "offentlige objekter"

    def __str__(self) -> str:
        return self.path


class RenderedPdf(models.Model):
    """A public PDF of a meeting as it was last rendered (`pdf_store.py`). `key` is a digest
    of everything the PDF shows, so a stale row is never served: any change renders anew and
    replaces the row. Only the views decide who may have it; the row says nothing of access."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Dagsorden")
        MINUTES = "minutes", _("Referat")
        ATTACHMENTS = "attachments", _("Bilag")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="rendered_pdfs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=64)
    content = models.BinaryField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="rendered_pdf_unique")
        ]
        verbose_name = "gemt pdf"
        verbose_name_plural = "gemte pdf'er"

    def __str__(self) -> str:
        return f"{self.meeting} {self.kind}"


class AcceptedHit(models.Model):
    """A publication-guard hit the secretariat has recorded as fine (e.g. a public
    institution's phone number), with why, who and when. Publication passes it on to the
    guard as `accepted=` for every text of the council (`meetings/guarding.py`)."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="accepted_hits")
    kind = models.CharField("type", max_length=10)
    # As the guard compares it: stripped, lower case.
    value = models.CharField("værdi", max_length=300)
    reason = models.TextField("begrundelse")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="godkendt af",
    )
    created = models.DateTimeField("godkendt", default=timezone.now)

    class Meta:
        ordering = ["council", "-created"]
        constraints = [
            models.UniqueConstraint(fields=["council", "value"], name="accepted_hit_unique")
        ]
        verbose_name = "godkendt fund"
        verbose_name_plural = "godkendte fund"

    def __str__(self) -> str:
        return f"{self.value} ({self.council})"


class Redaction(models.Model):
    """A passage removed for good from everything published about a meeting
    (`meetings/redaction.py`). The passage itself is not kept, only its digest (so the same
    passage redacted twice is recognised); who, when and why are, and the note is public."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="redactions")
    reason = models.CharField("begrundelse", max_length=200)
    digest = models.CharField(max_length=64)
    places = models.PositiveIntegerField("steder", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="udeladt af",
    )
    created = models.DateTimeField("udeladt", default=timezone.now)

    class Meta:
        ordering = ["meeting", "created"]
        verbose_name = "udeladelse"
        verbose_name_plural = "udeladelser"

    def __str__(self) -> str:
        return f"{self.meeting}: {self.reason}"

    @property
    def marker(self) -> str:
        return redaction_marker(self.reason)


def redaction_marker(reason: str) -> str:
    """What stands where a redacted passage stood (Danish: the published record is)."""
    return f"[Udeladt: {reason}]"


class MinutesReview(models.Model):
    """The approval loop of draft minutes: the secretariat sends them for approval, whoever
    approves under the council's rules approves them or sends them back with a comment. The
    latest row of a held meeting says where the minutes are (`meetings.approval.state`)."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Sendt til godkendelse")
        SENT_BACK = "sent_back", _("Sendt tilbage")
        APPROVED = "approved", _("Godkendt")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="minutes_reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.TextField("kommentar", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+")
    created = models.DateTimeField(default=timezone.now)
    # A written round (RulesOfProcedure.MinutesApproval.WRITTEN): the request's deadline for
    # objections; silence until then is approval (manage.py minutes_written_rounds).
    deadline = models.DateTimeField("frist for indsigelser", null=True, blank=True)

    class Meta:
        ordering = ["meeting", "-created", "-id"]
        verbose_name = "godkendelse af referat"
        verbose_name_plural = "godkendelser af referater"

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_kind_display()}"


class MinutesRoundAnswer(models.Model):
    """A member's answer in a written round on the minutes: approved, or an objection with a
    comment (which also sends the minutes back to the secretariat, who decide)."""

    round = models.ForeignKey(MinutesReview, models.CASCADE, related_name="answers")
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+")
    approved = models.BooleanField("godkendt")
    comment = models.TextField("indsigelse", blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "created"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="round_answer_once")
        ]
        verbose_name = "svar i skriftlig godkendelse"
        verbose_name_plural = "svar i skriftlig godkendelse"

    def __str__(self) -> str:
        return f"{self.person}: {'godkendt' if self.approved else 'indsigelse'}"
