"""Councils as their terms of reference describe them (capabilities.md section 1).

OParl inspiration: Authority = Body, Committee/Council/Organisation = Organization,
Person, Membership, Term = LegislativeTerm, Venue = Location.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Authority(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommune")

    name = models.CharField("navn", max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    website = models.URLField("hjemmeside", blank=True)
    # The authority's look on its councils' pages (councils/look.py checks what is stored):
    # a display name and logo in the header, an accent colour for header, buttons and links.
    display_name = models.CharField("visningsnavn", max_length=200, blank=True)
    logo = models.BinaryField("logo", blank=True, default=b"", editable=False)
    logo_type = models.CharField("logoets filtype", max_length=20, blank=True)
    accent_color = models.CharField("accentfarve", max_length=7, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "myndighed"
        verbose_name_plural = "myndigheder"

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        return self.display_name or self.name

    @property
    def has_look(self) -> bool:
        return bool(self.accent_color or self.logo_type or self.display_name)

    @property
    def assembly_name(self) -> str:
        return "regionsrådet" if self.kind == self.Kind.REGION else "byrådet"


class Committee(models.Model):
    """The authority's assembly (regionsråd/byråd) or one of its political committees."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("Regionsråd/byråd")
        COMMITTEE = "committee", _("Politisk udvalg")

    authority = models.ForeignKey(Authority, models.CASCADE, related_name="committees")
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["authority", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="committee_unique_name")
        ]
        verbose_name = "udvalg"
        verbose_name_plural = "udvalg"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An organisation known to an authority: nominating organisations, user organisations,
    institutions. Scoped to the authority because councils of one authority share them."""

    authority = models.ForeignKey(Authority, models.CASCADE, related_name="organisations")
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(max_length=100)
    website = models.URLField("hjemmeside", blank=True)
    description = models.TextField("beskrivelse", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "slug"], name="organisation_unique_slug")
        ]
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    class Kind(models.TextChoices):
        DROP_IN = "drop_in", _("Værested/varmestue")
        MEETING_ROOM = "meeting_room", _("Mødelokale")
        INSTITUTION = "institution", _("Tilbud/institution")
        OTHER = "other", _("Andet")

    authority = models.ForeignKey(Authority, models.CASCADE, related_name="venues")
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(max_length=100)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    address = models.CharField("adresse", max_length=300, blank=True)
    description = models.TextField("beskrivelse", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "slug"], name="venue_unique_slug")
        ]
        verbose_name = "sted"
        verbose_name_plural = "steder"

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """Målgruppe, e.g. homeless, addiction. A shared vocabulary for filters and reports."""

    name = models.CharField("navn", max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "målgruppe"
        verbose_name_plural = "målgrupper"

    def __str__(self) -> str:
        return self.name


class FocusArea(models.Model):
    """Indsatsområde, e.g. poverty, housing."""

    name = models.CharField("navn", max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "indsatsområde"
        verbose_name_plural = "indsatsområder"

    def __str__(self) -> str:
        return self.name


class CouncilQuerySet(models.QuerySet["Council"]):
    def for_secretary(self, user) -> CouncilQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(secretaries__user=user)


class Council(models.Model):
    authority = models.ForeignKey(Authority, models.PROTECT, related_name="councils")
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(unique=True)
    advises = models.ManyToManyField(
        Committee, blank=True, related_name="advised_councils", verbose_name="rådgiver"
    )
    contact_email = models.EmailField("kontakt-e-mail", blank=True)
    contact_phone = models.CharField("kontakttelefon", max_length=40, blank=True)
    contact_text = models.TextField(
        "sådan kontakter du rådet",
        blank=True,
        help_text="Vises på den offentlige side. Rådet behandler ikke personsager.",
    )
    is_public = models.BooleanField("vises offentligt", default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = CouncilQuerySet.as_manager()
    # Set by the access helpers: the acting user's roles here (udsatteraad.policy.roles.Roles).
    roles: Any

    class Meta:
        ordering = ["authority__name", "name"]
        verbose_name = "råd"
        verbose_name_plural = "råd"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("front:council", args=[self.slug])

    def current_terms(self, on: dt.date | None = None) -> TermsOfReference | None:
        """The version in force on a date: the newest adopted on or before it."""
        on = on or dt.date.today()
        return (
            self.terms_of_reference.filter(adopted_on__lte=on).order_by("-adopted_on", "-version")
        ).first() or self.terms_of_reference.order_by("-version").first()

    def rules(self) -> RulesOfProcedure:
        """The council's rules of procedure; defaults until the council has set its own."""
        try:
            return self.rules_of_procedure
        except RulesOfProcedure.DoesNotExist:
            return RulesOfProcedure(council=self)

    def current_term(self, on: dt.date | None = None) -> Term | None:
        on = on or dt.date.today()
        return (
            self.terms.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on)).first()
            or self.terms.order_by("-start").first()
        )


class TermsOfReference(models.Model):
    """Kommissorium: the mandate, versioned. Its rules are data the system enforces."""

    class ChairRule(models.TextChoices):
        ASSEMBLY_APPOINTS_AMONG_ASSEMBLY = (
            "assembly_among_assembly",
            _("Udpeges af regionsrådet/byrådet blandt de udpegede politikere"),
        )
        ELECTED_BY_COUNCIL = "elected", _("Vælges af rådet blandt medlemmerne")
        ASSEMBLY_APPOINTS = "assembly_appoints", _(
            "Udpeges af regionsrådet/byrådet blandt rådets medlemmer")
        ROTATING = "rotating", _("Skiftende mødeleder (ingen fast formand)")
        NONE = "none", _("Ingen formand")

    class ViceChairRule(models.TextChoices):
        ELECTED_AMONG_OTHERS = (
            "elected_among_others",
            _("Vælges af de øvrige medlemmer blandt sig (ikke politikere)"),
        )
        ELECTED_BY_COUNCIL = "elected", _("Vælges af rådet blandt medlemmerne")
        NONE = "none", _("Ingen næstformand")

    class TermBasis(models.TextChoices):
        ELECTION_PERIOD = "election_period", _("Regionsrådets/byrådets valgperiode")
        FIXED_TRIAL = "fixed_trial", _("Fast forsøgsperiode med evaluering")
        FIXED_YEARS = "fixed_years", _("Fast periode på et antal år, der gentages")

    class AreaRule(models.TextChoices):
        RESIDENCE = "residence", _("Bor i området")
        WORK = "work", _("Arbejder i området")
        RESIDENCE_OR_WORK = "residence_or_work", _("Bor eller arbejder i området")

    class Evaluation(models.TextChoices):
        END_OF_TERM = "end_of_term", _("Ved periodens udløb")
        AFTER_YEARS = "after_years", _("Efter et antal år")

    class PerDiemRule(models.TextChoices):
        NONE = "none", _("Ingen diæter")
        NON_ASSEMBLY = "non_assembly", _("Diæter til medlemmer, der ikke sidder i regionsråd/byråd")
        ALL = "all", _("Diæter til alle medlemmer")

    council = models.ForeignKey(Council, models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveIntegerField("version")
    title = models.CharField("titel", max_length=300)
    # Optional: some published terms of reference carry no date (a council file may leave it
    # out); the screens still ask for it.
    adopted_on = models.DateField("godkendt den", null=True, blank=True)
    adjusted_on = models.DateField("justeret den", null=True, blank=True)
    adopted_by = models.CharField("godkendt af", max_length=200, blank=True)
    case_number = models.CharField("sagsnummer", max_length=60, blank=True)
    purpose = models.TextField("formål")
    target_group_text = models.TextField("målgruppe (tekst)", blank=True)
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name="målgrupper")
    focus_areas = models.ManyToManyField(FocusArea, blank=True, verbose_name="indsatsområder")
    tasks = models.JSONField("opgaver", default=list, blank=True)
    # Optional: many documents name no number of meetings, and the public page then says
    # nothing rather than "0 til 12".
    meetings_min = models.PositiveSmallIntegerField(
        "ordinære møder om året, mindst", null=True, blank=True)
    meetings_max = models.PositiveSmallIntegerField(
        "ordinære møder om året, højst", null=True, blank=True)
    after_working_hours = models.BooleanField("møder efter arbejdstid", default=False)
    chair_convenes_extraordinary = models.BooleanField(
        "formanden kan indkalde til ekstraordinært møde", default=True
    )
    extraordinary_request_members = models.PositiveSmallIntegerField(
        "antal medlemmer, der kan kræve ekstraordinært møde", null=True, blank=True
    )
    chair_rule = models.CharField(
        "valg af formand", max_length=40, choices=ChairRule.choices, blank=True)
    vice_chair_rule = models.CharField(
        "valg af næstformand", max_length=40, choices=ViceChairRule.choices, blank=True
    )
    # The overall switch; each seat group says how its substitutes work (SeatGroup.substitutes).
    substitutes_allowed = models.BooleanField("suppleanter", default=False)
    personal_members_allowed = models.BooleanField("personlige medlemmer", default=False)
    term_basis = models.CharField(
        "periode", max_length=30, choices=TermBasis.choices, blank=True)
    trial_years = models.PositiveSmallIntegerField("forsøgsperiode (år)", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField("periodens længde (år)", null=True, blank=True)
    serve_until_successor = models.BooleanField(
        "medlemmer fortsætter, til deres efterfølgere er udpeget", null=True, blank=True)
    max_consecutive_terms = models.PositiveSmallIntegerField(
        "højst antal perioder i træk", null=True, blank=True)
    # Composition: at least (or, strict, more than) a share of the seats of one kind, e.g.
    # "mere end en tredjedel brugerrepræsentanter".
    min_share_kind = models.CharField(
        "mindsteandel: pladstype", max_length=20, blank=True,
        choices=[  # SeatGroup.Kind; repeated here because SeatGroup is defined below
            ("assembly", _("Politikere")), ("organisation", _("Indstillet af organisation")),
            ("user", _("Brugerrepræsentanter")), ("staff", _("Medarbejdere")),
            ("management", _("Ledelse")), ("personal", _("Personlige medlemmer")),
        ],
    )
    min_share_numerator = models.PositiveSmallIntegerField(
        "mindsteandel (tæller)", null=True, blank=True)
    min_share_denominator = models.PositiveSmallIntegerField(
        "mindsteandel (nævner)", null=True, blank=True)
    min_share_strict = models.BooleanField("mere end andelen", default=False)
    evaluation = models.TextField("evaluering", blank=True)
    evaluation_when = models.CharField(
        "evaluering hvornår", max_length=20, choices=Evaluation.choices, blank=True)
    evaluation_after_years = models.PositiveSmallIntegerField(
        "evaluering efter (år)", null=True, blank=True)
    status_report = models.TextField("status til regionsråd/byråd", blank=True)
    status_report_every_years = models.PositiveSmallIntegerField(
        "status- eller årsberetning hvert (år)", null=True, blank=True)
    status_report_to = models.CharField("beretningen sendes til", max_length=200, blank=True)
    dialogue_meetings_per_year = models.PositiveSmallIntegerField(
        "dialogmøder med udvalget om året", null=True, blank=True)
    user_group_meetings_per_term = models.PositiveSmallIntegerField(
        "møder med brugergrupper i perioden", null=True, blank=True)
    user_group_meetings_per_year = models.PositiveSmallIntegerField(
        "møder med brugergrupper om året", null=True, blank=True)
    hearings_only_when_asked = models.BooleanField(
        "afgiver kun høringssvar, når rådet bliver spurgt", null=True, blank=True)
    eligibility = models.TextField("valgbarhed", blank=True)
    eligibility_min_age = models.PositiveSmallIntegerField(
        "valgbar fra alder", null=True, blank=True)
    eligibility_area = models.CharField(
        "valgbar: tilknytning til området", max_length=20, choices=AreaRule.choices, blank=True)
    eligibility_area_name = models.CharField(
        "området", max_length=200, blank=True, help_text="Fx »Ishøj Kommune«.")
    per_diem_rule = models.CharField(
        "diæter", max_length=20, choices=PerDiemRule.choices, default=PerDiemRule.NONE
    )
    travel_allowance_rule = models.CharField(
        "befordringsgodtgørelse til", max_length=20, choices=PerDiemRule.choices, blank=True)
    travel_allowance = models.TextField("befordringsgodtgørelse", blank=True)
    yearly_budget = models.DecimalField(
        "årligt budget (kr.)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    secretariat = models.TextField("sekretariat", blank=True)
    minutes_rule = models.TextField("referat", blank=True)
    contact_rule = models.TextField("borgerhenvendelser", blank=True)
    text = models.TextField("fuld tekst", blank=True)
    source = models.CharField("kilde", max_length=500, blank=True,
                              help_text="Hvor dokumentet er offentliggjort (adresse).")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="tor_unique_version"),
            models.CheckConstraint(
                condition=Q(meetings_min__isnull=True) | Q(meetings_max__isnull=True)
                | Q(meetings_min__lte=models.F("meetings_max")),
                name="tor_meetings_min_le_max",
            ),
        ]
        verbose_name = "kommissorium"
        verbose_name_plural = "kommissorier"

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if (
            self.meetings_min is not None
            and self.meetings_max is not None
            and self.meetings_min > self.meetings_max
        ):
            errors["meetings_max"] = "Højst antal møder kan ikke være mindre end mindst antal."
        if self.term_basis == self.TermBasis.FIXED_TRIAL and not self.trial_years:
            errors["trial_years"] = "Angiv forsøgsperiodens længde i år."
        if self.adjusted_on and self.adopted_on and self.adjusted_on < self.adopted_on:
            errors["adjusted_on"] = "Justeringen kan ikke ligge før godkendelsen."
        if errors:
            raise ValidationError(errors)

    @property
    def seat_count(self) -> int:
        return sum(g.seats for g in self.seat_groups.all())


class SeatGroup(models.Model):
    """A group of seats filled the same way, e.g. '4 appointed by the regional council' or
    '1 nominated by Blå Kors'."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("Udpeget af regionsrådet/byrådet blandt dets medlemmer")
        ORGANISATION = "organisation", _("Indstillet af organisation")
        USER = "user", _("Brugerrepræsentant")
        STAFF = "staff", _("Medarbejder")
        MANAGEMENT = "management", _("Ledelse (i kraft af stilling)")
        PERSONAL = "personal", _("Personligt medlem")

    class AppointedBy(models.TextChoices):
        ASSEMBLY = "assembly", _("Regionsrådet/byrådet")
        COMMITTEE = "committee", _("Et politisk udvalg")
        ORGANISATION = "organisation", _("En organisation")
        ELECTION = "election", _("Valg blandt brugerne")
        OTHER_COUNCIL = "other_council", _("Et andet råd")
        ADMINISTRATION = "administration", _("Forvaltningen")
        EX_OFFICIO = "ex_officio", _("I kraft af stilling")
        COUNCIL = "council", _("Rådet selv")

    class Substitutes(models.TextChoices):
        NONE = "none", _("Ingen suppleanter")
        ROSTER = "roster", _("Suppleanter for pladsgruppen (i rækkefølge)")
        PERSONAL = "personal", _("Personlig suppleant for hvert medlem")

    terms_of_reference = models.ForeignKey(
        TermsOfReference, models.CASCADE, related_name="seat_groups"
    )
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(
        "antal pladser", help_text="Højst; med et interval (fx 3-5) er det det største tal.")
    seats_min = models.PositiveSmallIntegerField(
        "antal pladser, mindst", null=True, blank=True,
        help_text="Kun når kommissoriet giver et interval, fx 3-5 medlemmer.")
    appointed_by = models.CharField(
        "udpeges af", max_length=20, choices=AppointedBy.choices, blank=True)
    appointed_by_name = models.CharField(
        "udpeges af (navn)", max_length=200, blank=True,
        help_text="Fx »Social- og Sundhedsudvalget« eller »Handicaprådet«.")
    substitutes = models.CharField(
        "suppleanter", max_length=20, choices=Substitutes.choices, default=Substitutes.ROSTER,
        help_text="Gælder kun, når kommissoriet giver mulighed for suppleanter.")
    substitutes_max = models.PositiveSmallIntegerField(
        "højst antal suppleanter", null=True, blank=True)
    eligibility_service_user = models.BooleanField(
        "skal være bruger eller tidligere bruger af et tilbud", default=False)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="seat_groups",
        verbose_name="indstillende organisationer",
    )
    venue = models.ForeignKey(
        Venue, models.PROTECT, null=True, blank=True, related_name="seat_groups",
        verbose_name="valgt på værested",
    )
    description = models.TextField("beskrivelse", blank=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)

    class Meta:
        ordering = ["terms_of_reference", "position", "id"]
        verbose_name = "pladsgruppe"
        verbose_name_plural = "pladsgrupper"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.seats is not None and self.seats < 1:
            raise ValidationError({"seats": "En pladsgruppe skal have mindst én plads."})
        tor = getattr(self, "terms_of_reference", None)
        if (
            tor is not None
            and self.kind == self.Kind.PERSONAL
            and not tor.personal_members_allowed
        ):
            raise ValidationError(
                {"kind": "Kommissoriet giver ikke mulighed for personlige medlemmer."}
            )


class Term(models.Model):
    """Valgperiode or trial period: the period members serve."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="terms")
    name = models.CharField("navn", max_length=100)
    start = models.DateField("start")
    end = models.DateField("slut")
    evaluation_due = models.DateField("evaluering senest", null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")), name="term_start_le_end"
            )
        ]
        verbose_name = "periode"
        verbose_name_plural = "perioder"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "Periodens slutdato skal ligge efter startdatoen."})
        if self.start and self.end and getattr(self, "council_id", None):
            overlapping = Term.objects.filter(
                council_id=self.council_id, start__lte=self.end, end__gte=self.start
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    {"start": f"Perioden overlapper med perioden {overlapping[0].name}."}
                )

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Person(models.Model):
    """A council member as a person. Name and seat are public; contact data is personal data
    that only the secretariats of the person's councils see."""

    name = models.CharField("navn", max_length=200)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="person"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "personer"

    def __str__(self) -> str:
        return self.name


# Kept in its own module (see its docstring); imported here so Django and callers find it.
# (default_*_items: old migrations refer to them by this module's path.)
from .procedure import (  # noqa: E402, F401
    RulesOfProcedure,
    default_closing_items,
    default_opening_items,
)


class Secretary(models.Model):
    """A user serving a council's secretariat."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="secretary_roles"
    )
    council = models.ForeignKey(Council, models.CASCADE, related_name="secretaries")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="secretary_unique")
        ]
        verbose_name = "sekretær"
        verbose_name_plural = "sekretærer"

    def __str__(self) -> str:
        return f"{self.user} – {self.council}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        """The one definition of an active membership (Membership.is_active_on is the same
        rule for one row): begun, and not past its effective end, which is its own end date
        or, when it has none, its term's end."""
        return self.filter(start__lte=day).filter(
            Q(end__gte=day) | Q(end__isnull=True, term__end__gte=day)
        )

    def current(self) -> MembershipQuerySet:
        return self.active_on(timezone.localdate())


class Membership(models.Model):
    """A person holding a seat in a council for part of a term. The rules of the council's
    terms of reference are checked in `rules.check_membership`, called from `clean()`."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Medlem")
        CHAIR = "chair", _("Formand")
        VICE_CHAIR = "vice_chair", _("Næstformand")

    class EndReason(models.TextChoices):
        TERM_ENDED = "term_ended", _("Perioden udløb")
        RESIGNED = "resigned", _("Udtrådt efter eget ønske")
        LEFT_ORGANISATION = "left_organisation", _("Ikke længere tilknyttet organisationen")
        NO_LONGER_ELIGIBLE = "not_eligible", _("Ikke længere valgbar")
        REPLACED = "replaced", _("Erstattet")
        DECEASED = "deceased", _("Afgået ved døden")
        OTHER = "other", _("Andet")

    council = models.ForeignKey(Council, models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="memberships", verbose_name="person"
    )
    seat_group = models.ForeignKey(
        SeatGroup, models.PROTECT, related_name="memberships", verbose_name="plads"
    )
    term = models.ForeignKey(
        Term, models.PROTECT, related_name="memberships", verbose_name="periode"
    )
    role = models.CharField("rolle", max_length=20, choices=Role.choices, default=Role.MEMBER)
    nominated_by = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="nominated_memberships",
        verbose_name="indstillet af",
    )
    # A substitute does not take a seat: they stand ready and are called in to a meeting.
    is_substitute = models.BooleanField("suppleant", default=False)
    substitute_rank = models.PositiveSmallIntegerField(
        "suppleantens nummer", null=True, blank=True, help_text="1 = første suppleant.")
    deputy_for = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="deputies",
        verbose_name="personlig suppleant for",
    )
    # What the secretariat confirmed of the eligibility rules, as codes (rules.ELIGIBILITY_*):
    # a confirmation, not the facts, so no age, address or use of services is stored.
    eligibility_confirmed = models.JSONField("valgbarhed bekræftet", default=list, blank=True)
    start = models.DateField("start")
    end = models.DateField("slut", null=True, blank=True)
    end_reason = models.CharField(
        "årsag til ophør", max_length=30, choices=EndReason.choices, blank=True
    )
    replaces = models.OneToOneField(
        "self", models.SET_NULL, null=True, blank=True, related_name="replaced_by",
        verbose_name="erstatter",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "seat_group__position", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
                name="membership_start_le_end",
            )
        ]
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"

    def __str__(self) -> str:
        return f"{self.person} – {self.seat_group}"

    def clean(self) -> None:
        from .rules import check_membership

        check_membership(self)

    @property
    def effective_end(self) -> dt.date | None:
        """Open-ended memberships end with their term (the rule of MembershipQuerySet.active_on)."""
        if self.end:
            return self.end
        term = getattr(self, "term", None)
        return term.end if term else None

    def is_active_on(self, day: dt.date) -> bool:
        end = self.effective_end
        return self.start <= day and (end is None or day <= end)
