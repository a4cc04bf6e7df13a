"""The terms of reference as rules: what a membership must satisfy.

Every message is Danish and attached to the field the user can change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

if TYPE_CHECKING:
    from .models import Council, Membership, SeatGroup, TermsOfReference


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
        add("is_substitute", _("Kommissoriet giver ikke mulighed for suppleanter."))
        return
    mode = group.substitutes
    if mode == SeatGroup.Substitutes.NONE:
        add("is_substitute", _("Pladsgruppen »%(group)s« har ingen suppleanter.")
            % {"group": group.name})
        return
    others = [
        s for s in siblings.filter(seat_group_id=group.pk, is_substitute=True)
        .select_related("term", "person")
        if _overlaps(m.start, end, s.start, s.effective_end)
    ]
    if mode == SeatGroup.Substitutes.ROSTER:
        if m.deputy_for_id is not None:
            add("deputy_for", _("Suppleanterne i »%(group)s« er fælles for pladsgruppen, "
                                "ikke personlige.") % {"group": group.name})
        limit = group.substitutes_max
        if limit is not None and max_concurrent(
            [(s.start, s.effective_end) for s in others] + [(m.start, end)]
        ) > limit:
            add("is_substitute", ngettext(
                "»%(group)s« har højst %(n)d suppleant ad gangen, og de er udpeget i perioden.",
                "»%(group)s« har højst %(n)d suppleanter ad gangen, og de er udpeget i "
                "perioden.", limit) % {"group": group.name, "n": limit})
        if m.substitute_rank is not None:
            if m.substitute_rank < 1:
                add("substitute_rank", _("Suppleantens nummer begynder med 1."))
            taken = [s for s in others if s.substitute_rank == m.substitute_rank]
            if taken:
                add("substitute_rank", _("%(name)s er allerede %(n)d. suppleant i »%(group)s«.")
                    % {"name": taken[0].person.name, "n": m.substitute_rank,
                       "group": group.name})
        return
    # Personal: the deputy stands in for one named ordinary member of the same seat group.
    if m.substitute_rank is not None:
        add("substitute_rank", _("En personlig suppleant har intet nummer."))
    deputy_for = m.deputy_for if m.deputy_for_id else None
    if deputy_for is None:
        add("deputy_for", _("Angiv det medlem, suppleanten er personlig suppleant for."))
        return
    if (
        deputy_for.is_substitute
        or deputy_for.seat_group_id != group.pk
        or deputy_for.term_id != m.term_id
    ):
        add("deputy_for", _("Suppleanten skal være personlig suppleant for et medlem af "
                            "»%(group)s« i samme periode.") % {"group": group.name})
        return
    if deputy_for.pk == m.pk:
        add("deputy_for", _("Et medlem kan ikke være sin egen suppleant."))
        return
    taken = [s for s in others if s.deputy_for_id == deputy_for.pk]
    if taken:
        add("deputy_for", _("%(member)s har allerede en personlig suppleant: %(name)s.")
            % {"member": deputy_for.person.name, "name": taken[0].person.name})


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
        add("seat_group", _("Pladsen hører ikke til dette råd."))
    if term.council_id != m.council_id:
        add("term", _("Perioden hører ikke til dette råd."))

    end = m.end or term.end
    if m.end and m.end < m.start:
        add("end", _("Slutdatoen skal ligge efter startdatoen."))
    if m.start < term.start or m.start > term.end:
        add("start", _("Startdatoen skal ligge i perioden %(term)s (%(start)s–%(end)s).")
            % {"term": term.name, "start": f"{term.start:%d.%m.%Y}",
               "end": f"{term.end:%d.%m.%Y}"})
    if m.end and m.end > term.end:
        add("end", _("Medlemskabet kan ikke vare længere end perioden (slut %(end)s).")
            % {"end": f"{term.end:%d.%m.%Y}"})
    if m.end_reason and not m.end:
        add("end", _("Angiv en slutdato, når der er en årsag til ophør."))
    if m.end and not m.end_reason and m.end < term.end:
        add("end_reason", _("Angiv årsagen til, at medlemskabet ophører før periodens slut."))

    if group.kind == SeatGroup.Kind.ORGANISATION:
        allowed = list(group.organisations.all())
        if m.nominated_by_id is None:
            add("nominated_by", _("Angiv den organisation, der har indstillet medlemmet."))
        elif allowed and m.nominated_by_id not in {o.pk for o in allowed}:
            names = ", ".join(o.name for o in allowed)
            add("nominated_by", _("Pladsen besættes efter indstilling fra %(names)s.")
                % {"names": names})

    siblings = Membership.objects.filter(council_id=m.council_id).exclude(pk=m.pk)

    limit = tor.max_consecutive_terms
    if limit and m.person_id and not m.is_substitute and consecutive_terms(m) > limit:
        add("term", ngettext(
            "%(name)s ville med dette medlemskab sidde mere end %(n)d periode i træk; det "
            "tillader kommissoriet ikke.",
            "%(name)s ville med dette medlemskab sidde mere end %(n)d perioder i træk; det "
            "tillader kommissoriet ikke.", limit) % {"name": m.person.name, "n": limit})

    # One person, one seat at a time in a council.
    same_person = [
        s for s in siblings.filter(person_id=m.person_id).select_related("term")
        if _overlaps(m.start, end, s.start, s.effective_end)
    ]
    if m.person_id and same_person:
        s = same_person[0]
        add("person", _("%(name)s er allerede medlem af rådet i perioden %(start)s–%(end)s "
                        "(%(group)s).")
            % {"name": s.person.name, "start": f"{s.start:%d.%m.%Y}",
               "end": f"{s.effective_end:%d.%m.%Y}", "group": s.seat_group.name})

    if m.is_substitute:
        # A substitute does not take a seat: checked against the seat group's substitute
        # rule instead of its capacity.
        _check_substitute(m, tor, group, end, siblings, add)
    else:
        if m.deputy_for_id is not None:
            add("deputy_for", _("Kun en suppleant kan være personlig suppleant for et medlem."))
        if m.substitute_rank is not None:
            add("substitute_rank", _("Kun suppleanter har et nummer."))
        # No seat group over-filled on any day; substitutes hold no seat.
        in_group = [
            (s.start, s.effective_end)
            for s in siblings.filter(seat_group_id=group.pk, is_substitute=False)
            .select_related("term")
            if _overlaps(m.start, end, s.start, s.effective_end)
        ]
        if max_concurrent(in_group + [(m.start, end)]) > group.seats:
            add("seat_group", _("Alle %(n)d pladser i »%(group)s« er besat i perioden. Afslut "
                                "et medlemskab eller vælg en anden plads.")
                % {"n": group.seats, "group": group.name})

    # Chair and vice-chair: chosen as the rules say, one of each at a time.
    if m.is_substitute and m.role != Membership.Role.MEMBER:
        add("role", _("En suppleant kan ikke være formand eller næstformand."))
    if m.role == Membership.Role.CHAIR and tor.chair_rule == TermsOfReference.ChairRule.NONE:
        add("role", _("Kommissoriet giver ikke rådet en formand."))
    elif m.role == Membership.Role.CHAIR \
            and tor.chair_rule == TermsOfReference.ChairRule.ROTATING:
        add("role", _("Rådet har ingen fast formand: mødelederen vælges fra møde til møde "
                      "(kommissoriet)."))
    elif m.role == Membership.Role.CHAIR:
        if (
            tor.chair_rule == TermsOfReference.ChairRule.ASSEMBLY_APPOINTS_AMONG_ASSEMBLY
            and group.kind != SeatGroup.Kind.ASSEMBLY
        ):
            assembly = tor.council.authority.assembly_name
            add("role", _("Formanden udpeges blandt medlemmerne fra %(assembly)s "
                          "(kommissoriet).") % {"assembly": assembly})
    if m.role == Membership.Role.VICE_CHAIR:
        rule = tor.vice_chair_rule
        if rule == TermsOfReference.ViceChairRule.NONE:
            add("role", _("Kommissoriet har ingen næstformand."))
        elif (
            rule == TermsOfReference.ViceChairRule.ELECTED_AMONG_OTHERS
            and group.kind == SeatGroup.Kind.ASSEMBLY
        ):
            add("role", _("Næstformanden vælges blandt de øvrige medlemmer, ikke blandt "
                          "politikerne (kommissoriet)."))
    if m.role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR):
        holders = [
            s for s in siblings.filter(role=m.role).select_related("term", "person")
            if _overlaps(m.start, end, s.start, s.effective_end)
        ]
        if holders:
            message = (_("Rådet har allerede en formand i perioden: %(name)s.")
                       if m.role == Membership.Role.CHAIR
                       else _("Rådet har allerede en næstformand i perioden: %(name)s."))
            add("role", message % {"name": holders[0].person.name})

    if errors:
        raise ValidationError(errors)


# Who sits: seat ranges, shares, chairs, terms and eligibility ---------------------------------

# Codes stored in Membership.eligibility_confirmed: what the secretariat confirmed, never the
# facts behind it (no age, address or use of services is stored).
ELIGIBILITY_AGE = "age"
ELIGIBILITY_AREA = "area"
ELIGIBILITY_SERVICE_USER = "service_user"

# Shares as documents write them, for messages and the public page.
SHARE_WORDS = {
    (1, 2): gettext_noop("halvdelen"), (1, 3): gettext_noop("en tredjedel"),
    (2, 3): gettext_noop("to tredjedele"), (1, 4): gettext_noop("en fjerdedel"),
    (3, 4): gettext_noop("tre fjerdedele"), (1, 5): gettext_noop("en femtedel"),
    (2, 5): gettext_noop("to femtedele"),
}


def share_words(numerator: int, denominator: int, *, strict: bool) -> str:
    """"mere end en tredjedel", "mindst halvdelen"; other shares as a fraction ("mindst 3/7")."""
    words = SHARE_WORDS.get((numerator, denominator))
    text = _(words) if words else f"{numerator}/{denominator}"
    return (_("mere end %(share)s") if strict else _("mindst %(share)s")) % {"share": text}


def eligibility_requirements(tor: TermsOfReference, seat_group: SeatGroup | None
                             ) -> list[tuple[str, str]]:
    """The confirmations a new member of `seat_group` needs, as (code, label) pairs."""
    from .models import TermsOfReference

    out: list[tuple[str, str]] = []
    if tor.eligibility_min_age:
        out.append((ELIGIBILITY_AGE, _("Er fyldt %(n)d år") % {"n": tor.eligibility_min_age}))
    if tor.eligibility_area:
        area = tor.eligibility_area_name or _("området")
        labels: dict[str, str] = {
            TermsOfReference.AreaRule.RESIDENCE: _("Bor i %(area)s"),
            TermsOfReference.AreaRule.WORK: _("Arbejder i %(area)s"),
        }
        label = labels.get(tor.eligibility_area, _("Bor eller arbejder i %(area)s"))
        out.append((ELIGIBILITY_AREA, label % {"area": area}))
    if seat_group is not None and seat_group.eligibility_service_user:
        out.append((ELIGIBILITY_SERVICE_USER,
                    _("Er bruger eller tidligere bruger af et tilbud")))
    return out


def check_eligibility(tor: TermsOfReference, seat_group: SeatGroup | None,
                      confirmed: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """Danish messages for each requirement not confirmed; empty when all are."""
    return [
        _("Bekræft, at personen opfylder kravet: »%(label)s« (kommissoriet).") % {"label": label}
        for code, label in eligibility_requirements(tor, seat_group)
        if code not in confirmed
    ]


def min_share_problem(tor: TermsOfReference, seats_by_kind: dict[str, int], *,
                      filled: bool = False) -> str | None:
    """The Danish message when seats (defined, or with `filled` the filled ones) of the
    terms' kind fall short of the terms' minimum share, else None."""
    from .models import SeatGroup
    from .procedure import share, share_reached

    fraction = share(tor.min_share_numerator, tor.min_share_denominator)
    if fraction is None or not tor.min_share_kind:
        return None
    total = sum(seats_by_kind.values())
    count = seats_by_kind.get(tor.min_share_kind, 0)
    if total == 0 or share_reached(count, total, fraction, strict=tor.min_share_strict):
        return None
    words = share_words(fraction.numerator, fraction.denominator, strict=tor.min_share_strict)
    kind = dict(SeatGroup.Kind.choices).get(tor.min_share_kind, tor.min_share_kind)
    values = {"share": words, "kind": kind, "count": count, "total": total}
    if filled:
        return _("Kommissoriet kræver, at %(share)s af de besatte pladser er af typen "
                 "»%(kind)s«; her er det %(count)d af %(total)d.") % values
    return _("Kommissoriet kræver, at %(share)s af pladserne er af typen »%(kind)s«; her er "
             "det %(count)d af %(total)d.") % values


def defined_seats_by_kind(tor: TermsOfReference, *, replace: SeatGroup | None = None
                          ) -> dict[str, int]:
    """The terms' seats per kind (the maximum of each range), with `replace` (a seat group
    being saved, new or changed) counted as it is about to be."""
    out: dict[str, int] = {}
    for g in tor.seat_groups.all():
        if replace is not None and g.pk == replace.pk:
            continue
        out[g.kind] = out.get(g.kind, 0) + g.seats
    if replace is not None and replace.seats:
        out[replace.kind] = out.get(replace.kind, 0) + replace.seats
    return out


def check_seat_group_share(group: SeatGroup) -> str | None:
    """Saving a seat group must leave the defined seats meeting the minimum share; a change
    that adds seats of the share's kind is always allowed, so the seats can be typed in one
    group at a time."""
    tor = group.terms_of_reference
    if not tor.min_share_kind:
        return None
    after = defined_seats_by_kind(tor, replace=group)
    before = defined_seats_by_kind(tor)
    if after.get(tor.min_share_kind, 0) > before.get(tor.min_share_kind, 0):
        return None
    problem = min_share_problem(tor, after)
    if problem and not before:
        problem += " " + _("Opret pladserne for denne type først.")
    return problem


def seat_warnings(tor: TermsOfReference | None, groups: list[SeatGroup],
                  filled: dict[int, int]) -> list[str]:
    """Warnings (never errors: seats fill over time) about the seats filled today: seat
    groups below their minimum and the minimum share not reached. `groups` are the terms'
    seat groups, `filled` the number of ordinary members per seat group pk."""
    if tor is None:
        return []
    out: list[str] = []
    by_kind: dict[str, int] = {}
    for g in groups:
        n = filled.get(g.pk, 0)
        by_kind[g.kind] = by_kind.get(g.kind, 0) + min(n, g.seats)
        if g.seats_min and n < g.seats_min:
            out.append(_("»%(group)s« skal have mindst %(min)d medlemmer; %(n)d er udpeget.")
                       % {"group": g.name, "min": g.seats_min, "n": n})
    problem = min_share_problem(tor, by_kind, filled=True)
    if problem:
        out.append(problem)
    return out


def appointed_by_text(group: SeatGroup) -> str:
    """Who appoints the seat group's members: the name when given, else the kind."""
    return group.appointed_by_name or (group.get_appointed_by_display()
                                       if group.appointed_by else "")


def add_years(day: dt.date, years: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(years=years)


def next_term_dates(council: Council) -> tuple[dt.date, dt.date] | None:
    """A new term's default dates under "fast periode på N år": from the day after the
    latest term to N years later."""
    from .models import TermsOfReference

    tor = council.current_terms()
    if tor is None or tor.term_basis != TermsOfReference.TermBasis.FIXED_YEARS \
            or not tor.term_years:
        return None
    latest = council.terms.order_by("-end").first()
    start = latest.end + dt.timedelta(days=1) if latest else dt.date.today()
    return start, add_years(start, tor.term_years) - dt.timedelta(days=1)


def consecutive_terms(m: Membership) -> int:
    """How many terms in a row the person would serve with this (ordinary) membership: its
    own term and the council's neighbouring terms in which the person held an ordinary seat."""
    from .models import Membership

    terms = list(m.council.terms.order_by("start").values_list("pk", flat=True))
    if m.term_id not in terms:
        return 1
    served = set(
        Membership.objects.filter(council_id=m.council_id, person_id=m.person_id,
                                  is_substitute=False)
        .exclude(pk=m.pk).values_list("term_id", flat=True)
    )
    served.add(m.term_id)
    i = j = terms.index(m.term_id)
    while i > 0 and terms[i - 1] in served:
        i -= 1
    while j < len(terms) - 1 and terms[j + 1] in served:
        j += 1
    return j - i + 1


def continuing_members(council: Council, tor: TermsOfReference | None,
                       on: dt.date) -> list[Membership]:
    """Under "medlemmerne fortsætter, til deres efterfølgere er udpeget": members whose seat
    ended with their term (not by resigning) and whose seat no successor has taken yet.
    Shown as continuing; MembershipQuerySet.active_on is not changed."""
    from .models import Membership

    if tor is None or not tor.serve_until_successor:
        return []
    active = Membership.objects.filter(council=council, is_substitute=False).active_on(on)
    out: list[Membership] = []
    for group in tor.seat_groups.all():
        taken = active.filter(seat_group__name=group.name).count()
        free = group.seats - taken
        if free <= 0:
            continue
        ended = list(
            Membership.objects.filter(
                council=council, is_substitute=False, seat_group__name=group.name,
                term__end__lt=on, replaced_by__isnull=True)
            .filter(Q(end__isnull=True) | Q(end=F("term__end"), end_reason="term_ended"))
            .select_related("person", "term", "seat_group", "nominated_by")
            .order_by("-term__end", "start")
        )
        latest_end = ended[0].term.end if ended else None
        now_serving = set(active.values_list("person_id", flat=True))
        out += [m for m in ended if m.term.end == latest_end
                and m.person_id not in now_serving][:free]
    return out
