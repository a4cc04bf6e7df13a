"""The money's multi-step writes: each keyword-only, in one transaction, re-checking with
`acting_user` the right and the state it changes (a crafted POST meets the page's rule)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Person
from udsatteraad.lib.amounts import danish_number, to_ore
from udsatteraad.meetings.attachments import EXTENSIONS, JPEG, PDF, PNG, check_upload
from udsatteraad.meetings.models import Meeting
from udsatteraad.policy import guard
from udsatteraad.policy.permissions import (
    can_change_claim,
    can_decide_claim,
    can_file_claim,
    can_manage_money,
)

from . import compute
from .models import (
    Booking,
    Budget,
    BudgetLine,
    Export,
    KilometreRate,
    PayrollReference,
    PerDiem,
    Rates,
    Receipt,
    TravelClaim,
)

RECEIPT_TYPES = (PDF, JPEG, PNG)
MAX_RECEIPTS = 10


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Receipts ---------------------------------------------------------------------------------


def check_receipt(upload) -> str:
    """The upload checks of attachments (size, type by content, zip limits, PDFs that open),
    narrowed to what a receipt is: a PDF or a photo."""
    content_type = check_upload(upload)
    if content_type not in RECEIPT_TYPES:
        raise ValidationError(_("En kvittering skal være en PDF eller et foto (JPEG eller PNG)."),
                              code="wrong_type")
    return content_type


def _add_receipts(uploads: list, *, claim: TravelClaim | None = None,
                  booking: Booking | None = None) -> None:
    for upload in uploads:
        content_type = check_receipt(upload)
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        receipt = Receipt(claim=claim, booking=booking, content_type=content_type,
                          size=upload.size, sha256=digest.hexdigest())
        receipt.file.save(f"kvittering.{EXTENSIONS[content_type]}", upload, save=False)
        receipt.save()


# Rates and budget -------------------------------------------------------------------------


def save_rates(*, council: Council, year: int, per_diem: Decimal, basis: str, note: str,
               per_km: dict[str, Decimal | None], acting_user: Any) -> Rates:
    """The authority's rates of a year (shared by its councils; entered by a secretariat)."""
    _require(can_manage_money(acting_user, council), _("Kun sekretariatet kan ændre takster."))
    with transaction.atomic():
        rates, _created = Rates.objects.select_for_update().get_or_create(
            authority_id=council.authority_id, year=year,
            defaults={"per_diem": per_diem, "per_diem_basis": basis, "note": note})
        if (rates.per_diem, rates.per_diem_basis, rates.note) != (per_diem, basis, note):
            rates.per_diem, rates.per_diem_basis, rates.note = per_diem, basis, note
            rates.save(update_fields=["per_diem", "per_diem_basis", "note", "modified"])
        for kind, value in per_km.items():
            existing = rates.kilometre_rates.filter(kind=kind).first()
            if value is None:
                if existing:
                    existing.delete()
            elif existing is None:
                KilometreRate.objects.create(rates=rates, kind=kind, per_km=value)
            elif existing.per_km != value:
                existing.per_km = value
                existing.save(update_fields=["per_km"])
    return rates


def save_budget(*, council: Council, year: int, amounts: dict[str, Decimal], note: str,
                acting_user: Any) -> Budget:
    _require(can_manage_money(acting_user, council), _("Kun sekretariatet kan ændre budgettet."))
    with transaction.atomic():
        budget, _created = Budget.objects.select_for_update().get_or_create(
            council=council, year=year, defaults={"note": note})
        if budget.note != note:
            budget.note = note
            budget.save(update_fields=["note", "modified"])
        for kind, amount in amounts.items():
            line, created = BudgetLine.objects.get_or_create(
                budget=budget, kind=kind, defaults={"amount": to_ore(amount)})
            if not created and line.amount != to_ore(amount):
                line.amount = to_ore(amount)
                line.save(update_fields=["amount"])
    return budget


# Per-diems --------------------------------------------------------------------------------


def approve_per_diems(*, meeting: Meeting, acting_user: Any) -> list[PerDiem]:
    """Approve the per-diems the meeting's recorded attendance gives, once per meeting."""
    council = meeting.council
    _require(can_manage_money(acting_user, council), _("Kun sekretariatet kan godkende diæter."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related(
            "council__authority").get(pk=meeting.pk)
        if PerDiem.objects.filter(meeting=meeting).exists():
            raise ValidationError(_("Diæterne for mødet er allerede godkendt."))
        lines, problem = compute.per_diem_lines(meeting)
        if problem:
            raise ValidationError(problem)
        now = timezone.now()
        created = [PerDiem.objects.create(
            council=council, meeting=meeting, person=line.person, membership=line.membership,
            day=timezone.localdate(meeting.start), days=line.days, amount=line.amount,
            approved_by=acting_user, approved_at=now)
            for line in lines if line.entitled and line.amount > 0]
        if not created:
            raise ValidationError(_("Ingen af de fremmødte har ret til diæt for mødet."))
    return created


# Travel claims ----------------------------------------------------------------------------


def _fill_claim(claim: TravelClaim, data: dict) -> None:
    for name in ("day", "meeting", "activity", "from_place", "to_place", "transport",
                 "expenses_note"):
        setattr(claim, name, data.get(name) or ("" if name not in ("day", "meeting") else None))
    claim.kilometres = data.get("kilometres") or Decimal(0)
    amount = compute.trip_amount(claim.council, claim.day, claim.transport, claim.kilometres,
                                 data.get("expenses") or Decimal(0))
    claim.per_km, claim.mileage = amount.per_km, amount.mileage
    claim.expenses, claim.amount = amount.expenses, amount.total


def file_claim(*, council: Council, person: Person, data: dict, receipts: list,
               acting_user: Any) -> TravelClaim:
    _require(can_file_claim(acting_user, council), _("Kun rådets medlemmer kan indsende krav."))
    claim = TravelClaim(council=council, person=person)
    _fill_claim(claim, data)
    for upload in receipts:
        check_receipt(upload)  # before anything is saved
    with transaction.atomic():
        claim.save()
        _add_receipts(receipts, claim=claim)
    return claim


def change_claim(*, claim: TravelClaim, data: dict, receipts: list,
                 acting_user: Any) -> TravelClaim:
    """The claimant corrects a claim; a returned claim goes back to the secretariat."""
    for upload in receipts:
        check_receipt(upload)
    with transaction.atomic():
        claim = TravelClaim.objects.select_for_update().select_related(
            "council__authority").get(pk=claim.pk)
        _require(can_change_claim(acting_user, claim),
                 _("Kravet er behandlet og kan ikke ændres."))
        if claim.receipts.count() + len(receipts) > MAX_RECEIPTS:
            raise ValidationError(_("Et krav kan højst have %(n)s kvitteringer.")
                                  % {"n": MAX_RECEIPTS})
        _fill_claim(claim, data)
        claim.status = TravelClaim.Status.SUBMITTED
        claim.save()
        _add_receipts(receipts, claim=claim)
    return claim


def withdraw_claim(*, claim: TravelClaim, acting_user: Any) -> TravelClaim:
    with transaction.atomic():
        claim = TravelClaim.objects.select_for_update().get(pk=claim.pk)
        _require(can_change_claim(acting_user, claim),
                 _("Kravet er behandlet og kan ikke trækkes tilbage."))
        claim.status = TravelClaim.Status.WITHDRAWN
        claim.save(update_fields=["status", "modified"])
    return claim


def decide_claim(*, claim: TravelClaim, approve: bool, reason: str,
                 acting_user: Any) -> TravelClaim:
    """Approve a submitted claim, or return it with a reason the member reads."""
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Skriv hvorfor kravet sendes retur, så medlemmet kan rette det."))
    with transaction.atomic():
        claim = TravelClaim.objects.select_for_update().select_related(
            "council__authority").get(pk=claim.pk)
        if claim.status != TravelClaim.Status.SUBMITTED:
            raise ValidationError(_("Kravet er allerede behandlet."))
        _require(can_decide_claim(acting_user, claim), _("Kun sekretariatet behandler krav."))
        claim.status = TravelClaim.Status.APPROVED if approve else TravelClaim.Status.RETURNED
        claim.return_reason = "" if approve else reason
        claim.decided_by, claim.decided_at = acting_user, timezone.now()
        claim.save(update_fields=["status", "return_reason", "decided_by", "decided_at",
                                  "modified"])
    return claim


# Other spending and payroll references -----------------------------------------------------


def book(*, council: Council, data: dict, receipt, acting_user: Any) -> Booking:
    _require(can_manage_money(acting_user, council), _("Kun sekretariatet kan bogføre."))
    if receipt is not None:
        check_receipt(receipt)
    with transaction.atomic():
        booking = Booking.objects.create(
            council=council, kind=data["kind"], day=data["day"],
            description=data["description"], amount=to_ore(data["amount"]),
            meeting=data.get("meeting"), created_by=acting_user)
        if receipt is not None:
            _add_receipts([receipt], booking=booking)
    return booking


def looks_like_cpr(text: str, council: Council) -> bool:
    """The publication guard's CPR rule (ten digits with a valid date, with or without the
    hyphen): a payroll reference must never be one."""
    return any(hit.kind == guard.Kind.CPR for hit in guard.scan(text, council=council))


def set_payroll_reference(*, council: Council, person: Person, reference: str,
                          acting_user: Any) -> PayrollReference | None:
    _require(can_manage_money(acting_user, council),
             _("Kun sekretariatet kan ændre lønreferencer."))
    reference = reference.strip()
    if looks_like_cpr(reference, council):
        raise ValidationError(_("Det ligner et CPR-nummer. Systemet gemmer aldrig CPR-numre: "
                                "skriv personens løn- eller kreditornummer."))
    with transaction.atomic():
        existing = (PayrollReference.objects.select_for_update()
                    .filter(authority_id=council.authority_id, person=person).first())
        if not reference:
            if existing:
                existing.delete()
            return None
        if existing is None:
            return PayrollReference.objects.create(authority_id=council.authority_id,
                                                   person=person, reference=reference)
        if existing.reference != reference:
            existing.reference = reference
            existing.save(update_fields=["reference", "modified"])
        return existing


# The payroll export -----------------------------------------------------------------------


def create_export(*, council: Council, start: dt.date, end: dt.date,
                  acting_user: Any) -> Export:
    """Mark the period's approved, not yet exported lines as exported in a new Export."""
    _require(can_manage_money(acting_user, council), _("Kun sekretariatet kan eksportere."))
    if start > end:
        raise ValidationError(_("Periodens start skal ligge før dens slutning."))
    with transaction.atomic():
        # One export at a time per council: the second waits and then finds the lines taken.
        Council.objects.select_for_update().filter(pk=council.pk).first()
        per_diems, claims = compute.exportable(council, start, end)
        per_diems, claims = list(per_diems), list(claims)
        if not per_diems and not claims:
            raise ValidationError(_("Der er ingen godkendte diæter eller krav i perioden, som "
                                    "ikke allerede er eksporteret."))
        refs = references(council)
        missing = sorted({line.person.name for line in [*per_diems, *claims]
                          if line.person_id not in refs})
        if missing:
            raise ValidationError(_("Løn- eller kreditornummer mangler for: %(names)s. "
                                    "Skriv det under Lønreferencer først.")
                                  % {"names": ", ".join(missing)})
        export = Export.objects.create(council=council, period_start=start, period_end=end,
                                       created_by=acting_user)
        PerDiem.objects.filter(pk__in=[p.pk for p in per_diems]).update(export=export)
        TravelClaim.objects.filter(pk__in=[c.pk for c in claims]).update(export=export)
    return export


def references(council: Council) -> dict[int, str]:
    return dict(PayrollReference.objects.filter(authority_id=council.authority_id)
                .values_list("person_id", "reference"))


CSV_HEADER = ["Løn-/kreditornummer", "Navn", "Art", "Beløb", "Dato", "Møde eller rejse",
              "Godkendt af", "Godkendt den"]


def _cell(value: str) -> str:
    # A cell that begins like a formula is text to Excel only with a leading apostrophe.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _user_name(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def export_rows(export: Export) -> list[list[str]]:
    refs = references(export.council)
    rows = []
    for p in export.per_diems.select_related("person", "meeting", "approved_by"):
        rows.append([refs.get(p.person_id, ""), p.person.name, "Diæt", danish_number(p.amount)
                     .replace(".", ""), p.day.strftime("%d.%m.%Y"), p.meeting.title,
                     _user_name(p.approved_by),
                     timezone.localtime(p.approved_at).strftime("%d.%m.%Y")])
    for c in export.travel_claims.select_related("person", "meeting", "decided_by"):
        trip = c.purpose + (f" ({c.route})" if c.route else "")
        rows.append([refs.get(c.person_id, ""), c.person.name, "Befordring",
                     danish_number(c.amount).replace(".", ""), c.day.strftime("%d.%m.%Y"),
                     trip, _user_name(c.decided_by),
                     timezone.localtime(c.decided_at).strftime("%d.%m.%Y")
                     if c.decided_at else ""])
    rows.sort(key=lambda r: (r[1], r[4][6:] + r[4][3:5] + r[4][:2], r[2]))
    return rows


def export_csv(export: Export) -> bytes:
    """UTF-8 with a byte-order mark (Danish Excel reads æøå only so), semicolons, a header
    row and decimal commas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in export_rows(export):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
