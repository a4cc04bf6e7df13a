"""Who is entitled to a per-diem: the one place the council's rule is read.

Today the rule is `TermsOfReference.per_diem_rule` of the terms in force on the day (none,
everyone but members of the regional or municipal council, or everyone). Every computation of
per-diems asks `per_diem_entitled`, so a richer rule of the council's terms is added here and
nowhere else.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from udsatteraad.councils.models import Membership, SeatGroup, TermsOfReference


def is_assembly_member(membership: Membership) -> bool:
    """Sits in the council as a member of the regional or municipal council."""
    return membership.seat_group.kind == SeatGroup.Kind.ASSEMBLY


def per_diem_entitled(membership: Membership, on: dt.date) -> tuple[bool, str]:
    """Whether the member gets a per-diem for a meeting on that day, and why (in Danish)."""
    if not membership.is_active_on(on):
        return False, _("Var ikke medlem af rådet på mødedagen.")
    terms = membership.council.current_terms(on=on)
    rule = terms.per_diem_rule if terms else TermsOfReference.PerDiemRule.NONE
    if rule == TermsOfReference.PerDiemRule.NONE:
        return False, _("Rådets kommissorium giver ikke diæter.")
    if rule == TermsOfReference.PerDiemRule.NON_ASSEMBLY and is_assembly_member(membership):
        return False, _("Medlemmer af %(assembly)s får ikke diæter efter kommissoriet.") % {
            "assembly": membership.council.authority.assembly_name}
    return True, _("Diæt efter kommissoriet.")
