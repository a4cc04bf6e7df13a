"""Money (issue 14): the authority's rates by year, a council's yearly budget with its lines,
per-diems for held meetings, members' travel claims with receipts, other spending the
secretariat books, payroll references and the payroll exports.

Amounts are Decimals with øre (two places). Per-diems and travel claims count against the
budget lines "Diæter" and "Transport"; exported lines are paid (booked), approved lines not
yet exported are approved-but-unpaid. Every change is in the history (django-simple-history).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from udsatteraad.councils.models import Authority, Council, Membership, Person
from udsatteraad.meetings.models import Meeting

ZERO = Decimal("0.00")
# A per-diem, a line of a budget or a rate above this is a typing error, not a decision.
MAX_AMOUNT = Decimal("10000000")


def amount_field(verbose: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose, max_digits=12, decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(MAX_AMOUNT)], **kwargs)


class TransportKind(models.TextChoices):
    """How a member travelled; each kind with a kilometre rate has one in the year's rates.
    Public transport is paid by its tickets (other expenses), never by the kilometre."""

    CAR_HIGH = "car_high", _("Egen bil (høj sats)")
    CAR_LOW = "car_low", _("Egen bil (lav sats, over 20.000 km om året)")
    MOTORCYCLE = "motorcycle", _("Motorcykel eller knallert")
    BICYCLE = "bicycle", _("Cykel")
    PUBLIC = "public", _("Offentlig transport (billetter som udlæg)")
    NONE = "none", _("Ingen kørsel (kun udlæg)")


PER_KILOMETRE = (TransportKind.CAR_HIGH, TransportKind.CAR_LOW, TransportKind.MOTORCYCLE,
                 TransportKind.BICYCLE)


class Rates(models.Model):
    """The authority's rates for one calendar year: set by the authority each year (the demo's
    are plausible examples). Never hard-coded: a year without rates pays nothing until the
    secretariat enters them."""

    class Basis(models.TextChoices):
        PER_MEETING = "per_meeting", _("Pr. møde")
        PER_DAY = "per_day", _("Pr. mødedag")

    authority = models.ForeignKey(Authority, models.CASCADE, related_name="money_rates")
    year = models.PositiveSmallIntegerField(
        "år", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    per_diem = amount_field("diæt (kr.)", default=ZERO)
    per_diem_basis = models.CharField("diæt beregnes", max_length=20, choices=Basis.choices,
                                      default=Basis.PER_MEETING)
    note = models.CharField("grundlag", max_length=300, blank=True,
                            help_text=_("Fx byrådets beslutning eller statens takster."))
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "-year"]
        constraints = [models.UniqueConstraint(fields=["authority", "year"],
                                               name="money_rates_unique_year")]
        verbose_name = "takster"
        verbose_name_plural = "takster"

    def __str__(self) -> str:
        return f"{self.authority} {self.year}"

    def per_km(self, kind: str) -> Decimal | None:
        for rate in self.kilometre_rates.all():
            if rate.kind == kind:
                return rate.per_km
        return None


class KilometreRate(models.Model):
    rates = models.ForeignKey(Rates, models.CASCADE, related_name="kilometre_rates")
    kind = models.CharField("transport", max_length=20, choices=TransportKind.choices)
    per_km = models.DecimalField(
        "kr. pr. km", max_digits=6, decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))])

    history = HistoricalRecords()

    class Meta:
        ordering = ["rates", "kind"]
        constraints = [models.UniqueConstraint(fields=["rates", "kind"],
                                               name="money_km_rate_unique_kind")]
        verbose_name = "kilometersats"
        verbose_name_plural = "kilometersatser"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.per_km}"


class LineKind(models.TextChoices):
    PER_DIEMS = "per_diems", _("Diæter")
    CATERING = "catering", _("Forplejning")
    TRANSPORT = "transport", _("Transport")
    EVENTS = "events", _("Temadage og arrangementer")
    OTHER = "other", _("Andet")


class Budget(models.Model):
    council = models.ForeignKey(Council, models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(
        "år", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    note = models.CharField("bemærkning", max_length=300, blank=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-year"]
        constraints = [models.UniqueConstraint(fields=["council", "year"],
                                               name="money_budget_unique_year")]
        verbose_name = "budget"
        verbose_name_plural = "budgetter"

    def __str__(self) -> str:
        return f"{self.council} {self.year}"


def _sums_by(qs: models.QuerySet, key: str) -> dict[int, Decimal]:
    return {k: s or ZERO for k, s in
            qs.order_by().values_list(key).annotate(s=Sum("amount")).values_list(key, "s")}


class BudgetLineQuerySet(models.QuerySet["BudgetLine"]):
    def by_year(self) -> dict[int, Decimal]:
        """Each year's budget: the sum of its lines (one query)."""
        return _sums_by(self, "budget__year")


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, models.CASCADE, related_name="lines")
    kind = models.CharField("post", max_length=20, choices=LineKind.choices)
    amount = amount_field("budget (kr.)", default=ZERO)

    objects = BudgetLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "kind"]
        constraints = [models.UniqueConstraint(fields=["budget", "kind"],
                                               name="money_budget_line_unique_kind")]
        verbose_name = "budgetpost"
        verbose_name_plural = "budgetposter"

    def __str__(self) -> str:
        return f"{self.budget}: {self.get_kind_display()}"


class PayrollReference(models.Model):
    """The person's number in the authority's payroll or creditor system, entered by the
    secretariat. Never a CPR number: the form refuses anything that looks like one."""

    authority = models.ForeignKey(Authority, models.CASCADE, related_name="payroll_references")
    person = models.ForeignKey(Person, models.CASCADE, related_name="payroll_references")
    reference = models.CharField("løn- eller kreditornummer", max_length=40)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "person"],
                                               name="money_payroll_reference_unique")]
        verbose_name = "lønreference"
        verbose_name_plural = "lønreferencer"

    def __str__(self) -> str:
        return f"{self.person}: {self.reference}"


class Export(models.Model):
    """One payroll export: the approved lines of a period not exported before. Its lines point
    at it, so a second export cannot take them again."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="money_exports")
    period_start = models.DateField("fra")
    period_end = models.DateField("til")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+", verbose_name="eksporteret af")
    created = models.DateTimeField("eksporteret", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-created"]
        constraints = [models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")),
                                              name="money_export_period")]
        verbose_name = "lønudtræk"
        verbose_name_plural = "lønudtræk"

    def __str__(self) -> str:
        return f"{self.council} {self.period_start}–{self.period_end}"


class SpendingQuerySet(models.QuerySet):
    """Per-diems, travel claims and bookings: what counts against the budget, as the money
    overview counts it (`compute.overview`: booked plus approved-but-unpaid). A per-diem is
    stored only once approved and a booking is spent when booked; a claim counts once approved
    (`counted`), paid or not."""

    def counted(self) -> SpendingQuerySet:
        return self

    def spent_by_year(self, start: dt.date, end: dt.date) -> dict[int, Decimal]:
        """What was spent between two days (both included), per calendar year (one query)."""
        return _sums_by(self.counted().filter(day__gte=start, day__lte=end), "day__year")


class PerDiem(models.Model):
    """An approved per-diem of one member for one held meeting (approved per meeting by the
    secretariat; the proposal before approval is computed, not stored)."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="per_diems")
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="per_diems")
    person = models.ForeignKey(Person, models.PROTECT, related_name="per_diems")
    membership = models.ForeignKey(Membership, models.SET_NULL, null=True, related_name="+")
    day = models.DateField("mødedato")
    days = models.PositiveSmallIntegerField("dage", default=1)
    amount = amount_field("beløb (kr.)")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+")
    approved_at = models.DateTimeField("godkendt")
    export = models.ForeignKey(Export, models.PROTECT, null=True, blank=True,
                               related_name="per_diems")

    objects = SpendingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-day", "person__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="money_per_diem_once")]
        verbose_name = "diæt"
        verbose_name_plural = "diæter"

    def __str__(self) -> str:
        return f"{self.person}: {self.meeting}"


class ClaimQuerySet(SpendingQuerySet):
    def counted(self) -> ClaimQuerySet:
        return self.filter(status=TravelClaim.Status.APPROVED)

    def with_attendance_flag(self) -> ClaimQuerySet:
        """`attended`: the claimant is recorded present at the claim's meeting. A claim for a
        meeting without that is flagged for the secretariat (a trip to an activity is not)."""
        from udsatteraad.meetings.models import Attendance

        present = Attendance.objects.filter(
            meeting=models.OuterRef("meeting"), person=models.OuterRef("person"),
            status=Attendance.Status.PRESENT)
        return self.annotate(attended=models.Exists(present))


class TravelClaim(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Afventer godkendelse")
        RETURNED = "returned", _("Sendt retur")
        APPROVED = "approved", _("Godkendt")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    council = models.ForeignKey(Council, models.CASCADE, related_name="travel_claims")
    person = models.ForeignKey(Person, models.PROTECT, related_name="travel_claims")
    day = models.DateField("dato")
    meeting = models.ForeignKey(Meeting, models.PROTECT, null=True, blank=True,
                                related_name="travel_claims", verbose_name="møde")
    activity = models.CharField("aktivitet", max_length=200, blank=True)
    from_place = models.CharField("fra", max_length=200, blank=True)
    to_place = models.CharField("til", max_length=200, blank=True)
    kilometres = models.DecimalField("kilometer", max_digits=6, decimal_places=1, default=0)
    transport = models.CharField("transport", max_length=20, choices=TransportKind.choices)
    per_km = models.DecimalField("kr. pr. km", max_digits=6, decimal_places=2, default=ZERO)
    mileage = amount_field("kørsel (kr.)", default=ZERO)
    expenses = amount_field("udlæg (kr.)", default=ZERO)
    expenses_note = models.CharField("udlæg for", max_length=200, blank=True)
    amount = amount_field("i alt (kr.)", default=ZERO)
    status = models.CharField("status", max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED)
    return_reason = models.TextField("begrundelse", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField("behandlet", null=True, blank=True)
    export = models.ForeignKey(Export, models.PROTECT, null=True, blank=True,
                               related_name="travel_claims")
    created = models.DateTimeField("indsendt", auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-day", "-pk"]
        verbose_name = "befordringskrav"
        verbose_name_plural = "befordringskrav"

    def __str__(self) -> str:
        return f"{self.person}: {self.day} {self.purpose}"

    @property
    def purpose(self) -> str:
        return self.meeting.title if self.meeting_id and self.meeting else self.activity

    @property
    def route(self) -> str:
        return " – ".join(p for p in (self.from_place, self.to_place) if p)


def receipt_path(instance: Receipt, filename: str) -> str:
    """Unguessable names, as meeting attachments: receipts are personal data."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not (ext.isascii() and ext.isalnum() and len(ext) <= 5):
        ext = "bin"
    return f"receipts/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{ext}"


class Booking(models.Model):
    """Other spending the secretariat books against a budget line: catering, rooms, theme
    days; with an optional receipt."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="money_bookings")
    kind = models.CharField("post", max_length=20, choices=LineKind.choices)
    day = models.DateField("dato")
    description = models.CharField("tekst", max_length=200)
    amount = amount_field("beløb (kr.)")
    meeting = models.ForeignKey(Meeting, models.SET_NULL, null=True, blank=True,
                                related_name="money_bookings", verbose_name="møde")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = SpendingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-day", "-pk"]
        verbose_name = "bogført udgift"
        verbose_name_plural = "bogførte udgifter"

    def __str__(self) -> str:
        return f"{self.day} {self.description}"


class Receipt(models.Model):
    """A receipt (PDF, JPEG or PNG) of a travel claim or a booking. Never public."""

    claim = models.ForeignKey(TravelClaim, models.CASCADE, null=True, blank=True,
                              related_name="receipts")
    booking = models.ForeignKey(Booking, models.CASCADE, null=True, blank=True,
                                related_name="receipts")
    file = models.FileField("fil", upload_to=receipt_path)
    content_type = models.CharField("filtype", max_length=100)
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(claim__isnull=False, booking__isnull=True)
            | Q(claim__isnull=True, booking__isnull=False), name="money_receipt_one_owner")]
        verbose_name = "kvittering"
        verbose_name_plural = "kvitteringer"

    def __str__(self) -> str:
        return f"kvittering {self.pk}"


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def total(qs: models.QuerySet, field: str = "amount") -> Decimal:
    return qs.aggregate(s=Sum(field))["s"] or ZERO
