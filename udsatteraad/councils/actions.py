"""Multi-step writes of the secretariat. Each runs in one transaction: a failing rule raises
ValidationError (Danish, keyed by field) and nothing is saved."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from .models import Council, Membership, Person, SeatGroup, TermsOfReference


@transaction.atomic
def copy_terms(
    *, terms: TermsOfReference, adopted_on: dt.date, adopted_by: str = "", case_number: str = ""
) -> TermsOfReference:
    """A new version of the terms of reference, starting as a copy of `terms` with its
    target groups, focus areas and seat groups (and their organisations).

    Members keep their seats: memberships still running when the new version takes effect
    move to the copy of their seat group, so the composition and the seat rules follow the
    version in force. Memberships that ended before stay with the version they served under."""
    council = terms.council
    latest = council.terms_of_reference.aggregate(v=Max("version"))["v"] or 0
    target_groups = list(terms.target_groups.all())
    focus_areas = list(terms.focus_areas.all())
    seat_groups = list(terms.seat_groups.prefetch_related("organisations"))

    new = TermsOfReference.objects.get(pk=terms.pk)
    new.pk = new.id = None
    new._state.adding = True
    new.version = latest + 1
    new.adopted_on = adopted_on
    new.adjusted_on = None
    new.adopted_by = adopted_by or terms.adopted_by
    new.case_number = case_number
    new.tasks = list(terms.tasks or [])
    new.save()
    new.target_groups.set(target_groups)
    new.focus_areas.set(focus_areas)
    for group in seat_groups:
        organisations = list(group.organisations.all())
        copy = SeatGroup.objects.create(
            terms_of_reference=new, name=group.name, kind=group.kind, seats=group.seats,
            venue_id=group.venue_id, description=group.description, position=group.position,
            seats_min=group.seats_min, appointed_by=group.appointed_by,
            appointed_by_name=group.appointed_by_name, substitutes=group.substitutes,
            substitutes_max=group.substitutes_max,
            eligibility_service_user=group.eligibility_service_user,
        )
        copy.organisations.set(organisations)
        running = Membership.objects.filter(seat_group=group).filter(
            Q(end__isnull=True) | Q(end__gte=adopted_on)
        )
        for membership in running:  # one by one so that the history records the move
            membership.seat_group = copy
            membership.save(update_fields=["seat_group", "modified"])
    return new


def _rekey(error: ValidationError, mapping: dict[str, str], default: str) -> ValidationError:
    merged: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        merged.setdefault(mapping.get(field, default), []).extend(messages)
    return ValidationError(merged)


def _save_person(person: Person) -> Person:
    if person.pk is None:
        person.full_clean(exclude=["user"])
        person.save()
    return person


@transaction.atomic
def add_member(*, membership: Membership, person: Person) -> Membership:
    """Save a new membership, and its person if new. Validated by the terms of reference."""
    exclude: list[str] = ["person"] if person.pk is None else []
    if person.pk is not None:
        membership.person = person
    membership.full_clean(exclude=exclude)
    membership.person = _save_person(person)
    membership.save()
    return membership


@transaction.atomic
def update_member(
    *, membership: Membership, fields: list[str], person: Person | None = None
) -> Membership:
    """Save an edited membership and, with it, the person's name and contact data."""
    membership.full_clean()
    membership.save(update_fields=[*fields, "modified"])
    if person is not None:
        person.full_clean(exclude=["user"])
        person.save(update_fields=["name", "email", "phone", "modified"])
    return membership


@transaction.atomic
def end_member(*, membership: Membership, end: dt.date, reason: str) -> Membership:
    # Locked and re-read: a double submit finds the membership ended as asked and is refused,
    # so it writes no second history row. A different date or reason is a correction.
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.end == end and locked.end_reason == reason:
        raise ValidationError({"end": _("Medlemskabet er allerede afsluttet pr. %(day)s.")
                               % {"day": f"{end:%d.%m.%Y}"}})
    membership.end = end
    membership.end_reason = reason
    membership.full_clean()
    membership.save(update_fields=["end", "end_reason", "modified"])
    return membership


@transaction.atomic
def replace_member(
    *,
    membership: Membership,
    person: Person,
    start: dt.date,
    reason: str = Membership.EndReason.REPLACED,
    nominated_by=None,
    eligibility_confirmed: list[str] | None = None,
) -> Membership:
    """Replace a member mid-term: the old membership ends the day before `start`, the new one
    takes the same seat in the same term. The new person inherits only the seat (no role, no
    substitute flag); an organisation seat needs the nominating organisation anew.

    Errors are keyed by the fields of the replacement form (person, start, reason,
    nominated_by); on any error nothing is saved.
    """
    old = Membership.objects.select_for_update().select_related("term").get(pk=membership.pk)
    errors: dict[str, list[str]] = {}
    if start <= old.start:
        errors["start"] = [
            _("Den nye person kan tidligst starte dagen efter, at det nuværende medlemskab "
              "begyndte (%(day)s).") % {"day": f"{old.start:%d.%m.%Y}"}
        ]
    elif old.end is not None and old.end < start - dt.timedelta(days=1):
        errors["start"] = [
            _("Medlemskabet ophørte allerede %(day)s. Tilføj i stedet et nyt medlemskab.")
            % {"day": f"{old.end:%d.%m.%Y}"}
        ]
    if Membership.objects.filter(replaces=old).exists():
        errors.setdefault("start", []).append(_("Medlemskabet er allerede blevet erstattet."))
    if errors:
        raise ValidationError(errors)

    old.end = start - dt.timedelta(days=1)
    old.end_reason = reason
    try:
        old.full_clean()
    except ValidationError as e:
        # The old membership's fields are not on the form: report them against what the
        # user chose (the start date and the reason).
        raise _rekey(e, {"end_reason": "reason"}, default="start") from e
    old.save(update_fields=["end", "end_reason", "modified"])

    new = Membership(
        council_id=old.council_id, seat_group_id=old.seat_group_id, term_id=old.term_id,
        start=start, nominated_by=nominated_by, replaces=old,
        eligibility_confirmed=list(eligibility_confirmed or []),
    )
    if person.pk is not None:
        new.person = person
    try:
        new.full_clean(exclude=["person"] if person.pk is None else [])
    except ValidationError as e:
        # Raising rolls back the old membership's end as well.
        keep = {f: f for f in ("person", "start", "nominated_by")}
        raise _rekey(e, keep, default=NON_FIELD_ERRORS) from e
    new.person = _save_person(person)
    new.save()
    return new


def update_council(*, form, acting_user) -> Council:
    """Save the council's details. Showing or hiding the council moves every public surface
    with it, in the same transaction (the search index, OParl's records)."""
    from udsatteraad.policy.public import follow_council_visibility

    with transaction.atomic():
        locked = Council.objects.select_for_update().get(pk=form.instance.pk)
        was_public = locked.is_public
        council = form.save()
        if council.is_public != was_public:
            follow_council_visibility(council)
    return council
