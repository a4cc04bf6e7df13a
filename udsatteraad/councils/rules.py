"""The terms of reference as rules: what a membership must satisfy.

Every message is Danish and attached to the field the user can change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from .models import Membership


def _overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None):
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def max_concurrent(intervals: list[tuple[dt.date, dt.date | None]]) -> int:
    """The largest number of intervals (inclusive dates, None = open) that share a day."""
    events: list[tuple[dt.date, int]] = []
    for start, end in intervals:
        events.append((start, 1))
        if end is not None:
            events.append((end + dt.timedelta(days=1), -1))
    # Ends (-1) sort before starts (+1) on the same day: a seat freed on day X can be filled on X.
    events.sort(key=lambda e: (e[0], e[1]))
    best = current = 0
    for _day, delta in events:
        current += delta
        best = max(best, current)
    return best


def _check_substitute(m: Membership, tor, group, end, siblings, add) -> None:
    """A substitute is allowed by the terms of reference and by the seat group's mode: none,
    a ranked roster of at most `substitutes_max`, or one personal deputy per ordinary member."""
    from .models import SeatGroup

    if not tor.substitutes_allowed:
        add("is_substitute", "Kommissoriet giver ikke mulighed for suppleanter.")
        return
    mode = group.substitutes
    if mode == SeatGroup.Substitutes.NONE:
        add("is_substitute", f"Pladsgruppen »{group.name}« har ingen suppleanter.")
        return
    others = [
        s for s in siblings.filter(seat_group_id=group.pk, is_substitute=True)
        .select_related("term", "person")
        if _overlaps(m.start, end, s.start, s.effective_end)
    ]
    if mode == SeatGroup.Substitutes.ROSTER:
        if m.deputy_for_id is not None:
            add("deputy_for", f"Suppleanterne i »{group.name}« er fælles for pladsgruppen, "
                              "ikke personlige.")
        limit = group.substitutes_max
        if limit is not None and max_concurrent(
            [(s.start, s.effective_end) for s in others] + [(m.start, end)]
        ) > limit:
            add("is_substitute", f"»{group.name}« har højst {limit} suppleant"
                                 f"{'' if limit == 1 else 'er'} ad gangen, og de er udpeget "
                                 "i perioden.")
        if m.substitute_rank is not None:
            if m.substitute_rank < 1:
                add("substitute_rank", "Suppleantens nummer begynder med 1.")
            taken = [s for s in others if s.substitute_rank == m.substitute_rank]
            if taken:
                add("substitute_rank", f"{taken[0].person.name} er allerede "
                                       f"{m.substitute_rank}. suppleant i »{group.name}«.")
        return
    # Personal: the deputy stands in for one named ordinary member of the same seat group.
    if m.substitute_rank is not None:
        add("substitute_rank", "En personlig suppleant har intet nummer.")
    deputy_for = m.deputy_for if m.deputy_for_id else None
    if deputy_for is None:
        add("deputy_for", "Angiv det medlem, suppleanten er personlig suppleant for.")
        return
    if (
        deputy_for.is_substitute
        or deputy_for.seat_group_id != group.pk
        or deputy_for.term_id != m.term_id
    ):
        add("deputy_for", f"Suppleanten skal være personlig suppleant for et medlem af "
                          f"»{group.name}« i samme periode.")
        return
    if deputy_for.pk == m.pk:
        add("deputy_for", "Et medlem kan ikke være sin egen suppleant.")
        return
    taken = [s for s in others if s.deputy_for_id == deputy_for.pk]
    if taken:
        add("deputy_for", f"{deputy_for.person.name} har allerede en personlig suppleant: "
                          f"{taken[0].person.name}.")


def check_membership(m: Membership) -> None:
    from .models import Membership, SeatGroup, TermsOfReference

    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    group = m.seat_group if m.seat_group_id else None
    term = m.term if m.term_id else None
    if not (group and term and m.start and m.council_id):
        return  # required-field errors are reported by the form
    tor = group.terms_of_reference
    if tor.council_id != m.council_id:
        add("seat_group", "Pladsen hører ikke til dette råd.")
    if term.council_id != m.council_id:
        add("term", "Perioden hører ikke til dette råd.")

    end = m.end or term.end
    if m.end and m.end < m.start:
        add("end", "Slutdatoen skal ligge efter startdatoen.")
    if m.start < term.start or m.start > term.end:
        add("start", f"Startdatoen skal ligge i perioden {term.name} ({term.start:%d.%m.%Y}–"
                     f"{term.end:%d.%m.%Y}).")
    if m.end and m.end > term.end:
        add("end", f"Medlemskabet kan ikke vare længere end perioden (slut {term.end:%d.%m.%Y}).")
    if m.end_reason and not m.end:
        add("end", "Angiv en slutdato, når der er en årsag til ophør.")
    if m.end and not m.end_reason and m.end < term.end:
        add("end_reason", "Angiv årsagen til, at medlemskabet ophører før periodens slut.")


    if group.kind == SeatGroup.Kind.ORGANISATION:
        allowed = list(group.organisations.all())
        if m.nominated_by_id is None:
            add("nominated_by", "Angiv den organisation, der har indstillet medlemmet.")
        elif allowed and m.nominated_by_id not in {o.pk for o in allowed}:
            names = ", ".join(o.name for o in allowed)
            add("nominated_by", f"Pladsen besættes efter indstilling fra {names}.")

    siblings = Membership.objects.filter(council_id=m.council_id).exclude(pk=m.pk)

    # One person, one seat at a time in a council.
    same_person = [
        s for s in siblings.filter(person_id=m.person_id).select_related("term")
        if _overlaps(m.start, end, s.start, s.effective_end)
    ]
    if m.person_id and same_person:
        s = same_person[0]
        add("person", f"{s.person.name} er allerede medlem af rådet i perioden "
                      f"{s.start:%d.%m.%Y}–{s.effective_end:%d.%m.%Y} ({s.seat_group.name}).")

    if m.is_substitute:
        # A substitute does not take a seat: checked against the seat group's substitute
        # rule instead of its capacity.
        _check_substitute(m, tor, group, end, siblings, add)
    else:
        if m.deputy_for_id is not None:
            add("deputy_for", "Kun en suppleant kan være personlig suppleant for et medlem.")
        if m.substitute_rank is not None:
            add("substitute_rank", "Kun suppleanter har et nummer.")
        # No seat group over-filled on any day; substitutes hold no seat.
        in_group = [
            (s.start, s.effective_end)
            for s in siblings.filter(seat_group_id=group.pk, is_substitute=False)
            .select_related("term")
            if _overlaps(m.start, end, s.start, s.effective_end)
        ]
        if max_concurrent(in_group + [(m.start, end)]) > group.seats:
            add("seat_group", f"Alle {group.seats} pladser i »{group.name}« er besat i "
                              "perioden. Afslut et medlemskab eller vælg en anden plads.")

    # Chair and vice-chair: chosen as the rules say, one of each at a time.
    if m.is_substitute and m.role != Membership.Role.MEMBER:
        add("role", "En suppleant kan ikke være formand eller næstformand.")
    if m.role == Membership.Role.CHAIR:
        if (
            tor.chair_rule == TermsOfReference.ChairRule.ASSEMBLY_APPOINTS_AMONG_ASSEMBLY
            and group.kind != SeatGroup.Kind.ASSEMBLY
        ):
            assembly = tor.council.authority.assembly_name
            add("role", f"Formanden udpeges blandt medlemmerne fra {assembly} (kommissoriet).")
    if m.role == Membership.Role.VICE_CHAIR:
        rule = tor.vice_chair_rule
        if rule == TermsOfReference.ViceChairRule.NONE:
            add("role", "Kommissoriet har ingen næstformand.")
        elif (
            rule == TermsOfReference.ViceChairRule.ELECTED_AMONG_OTHERS
            and group.kind == SeatGroup.Kind.ASSEMBLY
        ):
            add("role", "Næstformanden vælges blandt de øvrige medlemmer, ikke blandt politikerne "
                        "(kommissoriet).")
    if m.role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR):
        holders = [
            s for s in siblings.filter(role=m.role).select_related("term", "person")
            if _overlaps(m.start, end, s.start, s.effective_end)
        ]
        if holders:
            label = "formand" if m.role == Membership.Role.CHAIR else "næstformand"
            add("role", f"Rådet har allerede en {label} i perioden: {holders[0].person.name}.")

    if errors:
        raise ValidationError(errors)
