"""Demo inquiries for the seed councils (`manage.py load_demo`): obviously fictitious senders,
one new topic, one answered by phone, one personal case waiting for the standard reply.
Idempotent: an inquiry with the same council and message is not made twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from udsatteraad.councils.models import Council

from . import screening
from .models import Inquiry

DEMO = [
    {"topic": Inquiry.Topic.PLACES, "channel": Inquiry.Channel.WEB, "days_ago": 2,
     "sender_name": "Demo Dorthe Opdigtet", "contact": "dorthe.opdigtet@example.org",
     "consent_to_quote": True,
     "message": "Væresteder lukker kl. 16. Om vinteren er det for tidligt. Kan rådet tale "
                "for længere åbent om aftenen?"},
    {"topic": Inquiry.Topic.HOUSING, "channel": Inquiry.Channel.PHONE, "days_ago": 20,
     "sender_name": "", "contact": "", "anonymous": True, "status": Inquiry.Status.ANSWERED,
     "message": "Ringede anonymt: der er for få sovepladser til kvinder. Svaret på telefonen, "
                "at rådet tager emnet med på næste møde.",
     "reply": "Besvaret på telefonen: rådet tager emnet med på næste møde."},
    {"topic": Inquiry.Topic.MONEY, "channel": Inquiry.Channel.IN_PERSON, "days_ago": 1,
     "sender_name": "Demo Preben Påfund", "contact": "",
     "message": "Min sagsbehandler har givet mig afslag på boligstøtte. Kan rådet se på min "
                "sag?"},
]


def load_demo_inquiries(councils: list[Council]) -> int:
    """Make the demo inquiries for these councils; returns how many were new."""
    made = 0
    now = timezone.now()
    for council in councils:
        for spec in DEMO:
            data = dict(spec)
            days_ago = int(data.pop("days_ago"))  # type: ignore[call-overload]
            received = now - dt.timedelta(days=days_ago)
            if data.get("status") == Inquiry.Status.ANSWERED:
                data["answered_at"] = data["closed_at"] = received + dt.timedelta(hours=2)
            _inquiry, created = Inquiry.objects.get_or_create(
                council=council, message=data.pop("message"),
                defaults={**data, "received": received,
                          "flags": screening.signals(str(spec["message"]), council=council)},
            )
            made += created
    return made
