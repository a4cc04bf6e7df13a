"""The demo's report (called by `manage.py load_demo` after the money; safe to run again: the
report is found by its title and the bookings by their text, nothing is made twice).

Randers' status report for 2026, drafted from the demo's records, approved and published:
its figures show the budget use of 2026 (the money demo's budget, and two bookings of the
secretariat added here, so the share used is not 0 %), the public page and PDF show it, and
the OParl API lists it as a Paper. The text is invented for the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from udsatteraad.councils.models import Council
from udsatteraad.money import actions as money_actions
from udsatteraad.money.models import Booking

from . import actions
from .models import Report

TITLE = "Statusrapport 2026 (demo)"
# The secretariat's spending in Randers 2026 (invented amounts): catering and a theme day.
BOOKINGS = [
    ("catering", dt.date(2026, 3, 12), "Demo: forplejning til rådsmøderne i første halvår",
     "4800.00"),
    ("events", dt.date(2026, 9, 17), "Demo: temadag om hjemløshed, lokaler og oplægsholder",
     "6500.00"),
]


def load(*, secretary: Any) -> None:
    council = Council.objects.filter(slug="randers").first()
    if council is None or secretary is None:
        return
    today = timezone.localdate()
    for kind, day, text, amount in BOOKINGS:
        if day <= today and not Booking.objects.filter(council=council,
                                                       description=text).exists():
            money_actions.book(council=council, receipt=None, acting_user=secretary,
                               data={"kind": kind, "day": day, "description": text,
                                     "amount": Decimal(amount)})
    if Report.objects.filter(council=council, title=TITLE).exists():
        return
    start = dt.date(2026, 1, 1)
    report = actions.draft(council=council, kind=Report.Kind.STATUS, title=TITLE, start=start,
                           end=max(start, min(dt.date(2026, 12, 31), today)), user=secretary)
    Report.objects.filter(pk=report.pk).update(
        intro="Rådet har i 2026 holdt sine ordinære møder, afgivet høringssvar og holdt en "
              "temadag om hjemløshed. Tallene nedenfor er hentet fra systemet.",
        conclusion="Rådet anbefaler, at budgettet til temadage fastholdes, og at flere "
                   "referater får en lettilgængelig udgave.")
    report = actions.approve(report=report, note="Demo: godkendt på rådets møde")
    actions.publish(report=report)
