"""Test helpers for the hearings (tests/test_hearings_*.py, the access matrix, the demo):
a hearing in each state, built through the actions so the states are the real ones."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from udsatteraad.policy.roles import forget_roles

from . import actions
from .models import Hearing

RESPONSE = ("Rådet bakker op om strategien og anbefaler, at der oprettes flere "
            "skæve boliger.\n\n- Flere midlertidige boliger\n- Bostøtte efter indflytning")


def small_pdf() -> bytes:
    """A one-page PDF, as an authority's hearing document."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fields(**over) -> dict:
    today = timezone.localdate()
    return {
        "kind": Hearing.Kind.FORMAL, "source": Hearing.Source.COMMITTEE,
        "source_name": "Social- og Sundhedsudvalget", "title": "Hjemløsestrategi 2027-2030",
        "case_number": "27.00.00-P22-1-26", "received": today,
        "deadline": today + dt.timedelta(days=21), "recipient": "Social- og Sundhedsudvalget",
        "recipient_email": "sundhed@testregion.example",
        "description": "Udkast til strategi mod hjemløshed.",
    } | over


def hearing_in(status: str, *, council, secretary, chair, **over) -> Hearing:
    """A hearing of `council` brought to `status` by the actions (the chair approves)."""
    notify = status != Hearing.Status.RECEIVED
    hearing = actions.register_hearing(council=council, acting_user=secretary,
                                       fields=fields(**over), notify=notify)
    order: list[str] = [Hearing.Status.COMMENTING, Hearing.Status.DRAFTING,
             Hearing.Status.AWAITING_APPROVAL, Hearing.Status.APPROVED, Hearing.Status.SENT,
             Hearing.Status.PUBLISHED]
    if status in (Hearing.Status.RECEIVED, Hearing.Status.COMMENTING):
        return hearing
    actions.save_draft(hearing=hearing, acting_user=secretary, text=RESPONSE)
    steps = order[order.index(Hearing.Status.DRAFTING) + 1: order.index(status) + 1]
    for step in steps:
        hearing.refresh_from_db()
        if step == Hearing.Status.AWAITING_APPROVAL:
            actions.submit_for_approval(hearing=hearing, acting_user=secretary)
        elif step == Hearing.Status.APPROVED:
            forget_roles(chair)
            actions.approve(hearing=hearing, acting_user=chair)
        elif step == Hearing.Status.SENT:
            actions.send_response(hearing=hearing, acting_user=secretary, publish=False)
        elif step == Hearing.Status.PUBLISHED:
            actions.publish(hearing=hearing, acting_user=secretary)
    hearing.refresh_from_db()
    return hearing
