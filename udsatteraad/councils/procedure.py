"""Forretningsorden: the rules a council sets for itself, as data the system enforces.

Kept apart from models.py (which holds the terms of reference) so neither file grows past a
screenful of fields. Every rule a real document may leave out is optional: None or "" means
"the rules of procedure say nothing", and no page invents a value for it.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def default_opening_items() -> list[str]:
    return ["Godkendelse af dagsorden og tidsplan"]


def default_closing_items() -> list[str]:
    return ["Nyt fra rådsmedlemmerne", "Eventuelt"]


def share(numerator: int | None, denominator: int | None) -> Fraction | None:
    """A share written in a document ("halvdelen", "en tredjedel") as an exact fraction."""
    if not numerator or not denominator:
        return None
    return Fraction(numerator, denominator)


def share_reached(count: int, total: int, fraction: Fraction | None, *, strict: bool) -> bool:
    """Whether `count` of `total` is at least (or, strict, more than) the share. Exact: no
    floats, so "mere end en tredjedel" of 9 needs 4, and "mindst halvdelen" of 9 needs 5."""
    if fraction is None:
        return True
    needed = fraction * total
    return count > needed if strict else count >= needed


class RulesOfProcedure(models.Model):
    """One per council; the terms of reference say the council sets it. Versioned through its
    history (who changed which rule when)."""

    class MinutesApproval(models.TextChoices):
        CHAIR = "chair", _("Formanden godkender referatet")
        CHAIRMANSHIP = "chairmanship", _("Formand eller næstformand godkender referatet")
        SECRETARIAT = "secretariat", _("Sekretariatet godkender referatet")
        END_OF_MEETING = "end_of_meeting", _("Rådet godkender referatet ved mødets afslutning")
        NEXT_MEETING = "next_meeting", _("Rådet godkender referatet på næste møde")
        WRITTEN = "written", _(
            "Skriftlig godkendelse: medlemmerne kan gøre indsigelse inden for en frist; "
            "tavshed er godkendelse")

    class HearingResponseApproval(models.TextChoices):
        CHAIR = "chair", _("Formanden godkender høringssvar")
        CHAIRMANSHIP = "chairmanship", _("Formand eller næstformand godkender høringssvar")
        MEETING = "meeting", _("Rådet godkender høringssvar på et møde")
        WRITTEN_ROUND = "written_round", _(
            "Skriftlig runde: et flertal af medlemmerne godkender høringssvar")

    class NoticeEnforcement(models.TextChoices):
        WARN = "warn", _("Advar, hvis fristen ikke overholdes")
        REFUSE = "refuse", _("Afvis udsendelse efter fristen")

    class UrgentItems(models.TextChoices):
        NOT_ALLOWED = "not_allowed", _("Punkter kan ikke optages på mødet")
        CHAIR = "chair", _("Formanden kan optage hastende punkter på mødet")
        MEMBERS = "members", _("En andel af medlemmerne kan optage hastende punkter på mødet")
        CHAIR_OR_MEMBERS = "chair_or_members", _(
            "Formanden eller en andel af medlemmerne kan optage hastende punkter")

    class DecisionRule(models.TextChoices):
        CONSENSUS = "consensus", _("Rådet træffer beslutning i enighed (konsensus)")
        MAJORITY = "majority", _("Rådet træffer beslutning ved simpelt flertal")
        CONSENSUS_THEN_MAJORITY = "consensus_then_majority", _(
            "Rådet søger enighed; ellers afgør simpelt flertal")

    class Openness(models.TextChoices):
        CLOSED = "closed", _("Møderne er lukkede")
        CLOSED_WITH_GUESTS = "closed_with_guests", _(
            "Møderne er lukkede; rådet kan invitere gæster")
        PUBLIC = "public", _("Møderne er åbne for offentligheden")

    class Spokesperson(models.TextChoices):
        CHAIR = "chair", _("Formanden udtaler sig på rådets vegne")
        CHAIRMANSHIP = "chairmanship", _("Formand og næstformand udtaler sig på rådets vegne")
        ANY_MEMBER = "any_member", _("Medlemmerne kan udtale sig på rådets vegne")
        NOBODY = "nobody", _("Kun rådet samlet kan udtale sig (fx gennem høringssvar)")

    council = models.OneToOneField(
        "councils.Council", models.CASCADE, related_name="rules_of_procedure"
    )
    # At most a year: the deadlines are subtracted from meeting dates, and 999999 days took
    # every page of the council's meetings down with a date out of range.
    proposal_deadline_days = models.PositiveSmallIntegerField(
        "frist for medlemmers forslag (dage før mødet)", default=14,
        validators=[MaxValueValidator(365)],
    )
    agenda_notice_days = models.PositiveSmallIntegerField(
        "dagsorden udsendes (dage før mødet)", default=7, validators=[MaxValueValidator(365)],
    )
    notice_enforcement = models.CharField(
        "frist for dagsorden", max_length=20, choices=NoticeEnforcement.choices,
        default=NoticeEnforcement.WARN,
    )
    working_hours_end = models.TimeField(
        "arbejdstid slutter", default=dt.time(16, 0),
        help_text="Møder efter arbejdstid begynder tidligst på dette klokkeslæt.",
    )
    # Urgent items added at the meeting (optagelse af punkter, der ikke er på dagsordenen).
    urgent_items = models.CharField(
        "hastende punkter på mødet", max_length=20, choices=UrgentItems.choices, blank=True
    )
    urgent_items_numerator = models.PositiveSmallIntegerField(
        "andel af medlemmerne (tæller)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    urgent_items_denominator = models.PositiveSmallIntegerField(
        "andel af medlemmerne (nævner)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # Quorum (beslutningsdygtighed): e.g. 1/2 not strict = "når mindst halvdelen er til stede";
    # 1/2 strict = "når mere end halvdelen er til stede".
    quorum_numerator = models.PositiveSmallIntegerField(
        "beslutningsdygtig: andel til stede (tæller)", null=True, blank=True,
        validators=[MinValueValidator(1)],
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        "beslutningsdygtig: andel til stede (nævner)", null=True, blank=True,
        validators=[MinValueValidator(1)],
    )
    quorum_strict = models.BooleanField("mere end andelen (ikke blot mindst)", default=False)
    quorum_includes_chair = models.BooleanField(
        "formanden (eller næstformanden) skal være til stede", default=False
    )
    decision_rule = models.CharField(
        "beslutninger", max_length=30, choices=DecisionRule.choices, blank=True
    )
    chair_casting_vote = models.BooleanField(
        "formandens stemme er afgørende ved stemmelighed", null=True, blank=True
    )
    dissent_recorded = models.BooleanField(
        "mindretalsudtalelser kan kræves ført til referat", null=True, blank=True
    )
    openness = models.CharField(
        "møderne", max_length=30, choices=Openness.choices, blank=True
    )
    guests_text = models.TextField("gæster og observatører", blank=True)
    confidentiality = models.TextField("tavshedspligt og fortrolighed", blank=True)
    spokesperson = models.CharField(
        "udtalelser til pressen", max_length=20, choices=Spokesperson.choices, blank=True
    )
    minutes_approval = models.CharField(
        "godkendelse af referat", max_length=20, choices=MinutesApproval.choices,
        default=MinutesApproval.CHAIR,
    )
    # For MinutesApproval.WRITTEN: the members' time to object; silence is approval.
    minutes_written_days = models.PositiveSmallIntegerField(
        "frist for indsigelser mod referatet (dage)", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    minutes_sent_within_days = models.PositiveSmallIntegerField(
        "referatet udsendes senest (dage efter mødet)", null=True, blank=True,
        validators=[MaxValueValidator(90)],
    )
    hearing_response_approval = models.CharField(
        "godkendelse af høringssvar og udtalelser", max_length=20,
        choices=HearingResponseApproval.choices, default=HearingResponseApproval.CHAIR,
    )
    # Reminders about a hearing go to members who have not commented this many days before
    # its deadline (manage.py hearing_reminders).
    hearing_reminder_days = models.PositiveSmallIntegerField(
        "påmindelse om høringer (dage før fristen)", default=5,
        validators=[MaxValueValidator(60)],
    )
    opening_items = models.JSONField("faste punkter i starten", default=default_opening_items)
    closing_items = models.JSONField("faste punkter til sidst", default=default_closing_items)
    text = models.TextField("forretningsordenens tekst", blank=True)
    source = models.CharField("kilde", max_length=500, blank=True)
    # The rules the council stated itself (field names): every field saved on the screen, the
    # keys a council file gives. The deadlines and the approval of minutes need a value for the
    # system to work, so a document that says nothing gets the defaults, and the public page
    # shows only what was stated ("the public page says nothing rather than something invented").
    stated = models.JSONField("regler, rådet selv har fastsat", default=list, blank=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "forretningsorden"
        verbose_name_plural = "forretningsordener"

    def __str__(self) -> str:
        return f"Forretningsorden for {self.council}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        for prefix in ("quorum", "urgent_items"):
            num = getattr(self, f"{prefix}_numerator")
            den = getattr(self, f"{prefix}_denominator")
            if (num is None) != (den is None):
                errors[f"{prefix}_denominator"] = "Angiv både tæller og nævner (fx 1 og 2)."
            elif num is not None and den is not None and num > den:
                errors[f"{prefix}_numerator"] = "Andelen kan højst være hele rådet."
        if self.urgent_items in (self.UrgentItems.MEMBERS, self.UrgentItems.CHAIR_OR_MEMBERS) \
                and self.urgent_items_numerator is None:
            errors.setdefault(
                "urgent_items_numerator", "Angiv den andel af medlemmerne, der kan optage punkter.")
        if self.minutes_approval == self.MinutesApproval.WRITTEN and not self.minutes_written_days:
            errors["minutes_written_days"] = "Angiv fristen for indsigelser i dage."
        if errors:
            raise ValidationError(errors)

    @property
    def quorum(self) -> Fraction | None:
        return share(self.quorum_numerator, self.quorum_denominator)

    @property
    def urgent_items_share(self) -> Fraction | None:
        return share(self.urgent_items_numerator, self.urgent_items_denominator)

    def is_quorate(self, present: int, seats: int, *, chair_present: bool = True) -> bool | None:
        """None when the rules of procedure have no quorum rule."""
        if self.quorum is None:
            return None
        if self.quorum_includes_chair and not chair_present:
            return False
        return share_reached(present, seats, self.quorum, strict=self.quorum_strict)
