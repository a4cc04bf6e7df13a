"""Demo hearings for the seed councils (called by `manage.py load_demo`): a hearing or two
each on real subjects of the seeds, with fictitious people, and one published response with
its outcome (Randers). Safe to run again: a hearing is found by council and title."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from udsatteraad.councils.models import Council

from . import actions
from .models import Comment, Draft, Hearing

RANDERS_RESPONSE = """Udsatterådet i Randers Kommune takker for muligheden for at afgive \
høringssvar til udkastet til hjemløsestrategi.

Rådet bakker op om strategiens mål om, at ingen skal sove på gaden, og om Housing First \
som bærende princip.

Rådet anbefaler:

- at der etableres flere skæve boliger og midlertidige boliger med bostøtte
- at bostøtten følger borgeren i mindst et år efter indflytning
- at brugerne af væresteder og herberger inddrages i opfølgningen på strategien

Rådet ser frem til at følge arbejdet."""

OUTCOME = ("Byrådet vedtog hjemløsestrategien. Anbefalingen om bostøtte efter indflytning "
           "blev skrevet ind; flere skæve boliger indgår i budgetforhandlingerne.")


def _hearings(today: dt.date) -> list[tuple[str, dict, str]]:
    """(council slug, fields, state) for each demo hearing."""
    day = dt.timedelta(days=1)
    return [
        ("randers", {
            "kind": Hearing.Kind.FORMAL, "source": Hearing.Source.COMMITTEE,
            "source_name": "Socialudvalget, Randers Kommune",
            "title": "Hjemløsestrategi for Randers Kommune 2026-2029",
            "case_number": "27.00.00-P22-3-25", "received": today - 60 * day,
            "deadline": today - 35 * day, "recipient": "Socialudvalget, Randers Kommune",
            "recipient_email": "socialudvalget@randers.example",
            "description": "Udkast til ny hjemløsestrategi med Housing First som princip.",
        }, "published"),
        ("randers", {
            "kind": Hearing.Kind.EARLY, "source": Hearing.Source.ADMINISTRATION,
            "source_name": "Social- og Arbejdsmarkedsforvaltningen",
            "title": "Rusmiddelpolitik: tidlig inddragelse", "received": today - 3 * day,
            "deadline": today + 12 * day, "recipient": "Social- og Arbejdsmarkedsforvaltningen",
            "description": "Forvaltningen vil gerne høre rådet, før politikken skrives.",
        }, "commenting"),
        ("ishoej", {
            "kind": Hearing.Kind.FORMAL, "source": Hearing.Source.ASSEMBLY,
            "source_name": "Byrådet", "title": "Budgetforslag for Borger- og Socialservice",
            "received": today - 5 * day, "deadline": today + 9 * day,
            "recipient": "Ishøj Byråd",
            "description": "Høring over budgetforslaget for udsatteområdet.",
        }, "commenting"),
        ("region-midtjylland", {
            "kind": Hearing.Kind.FORMAL, "source": Hearing.Source.COMMITTEE,
            "source_name": "Udvalg for Nære Sundhedstilbud",
            "title": "Psykiatriplan for Region Midtjylland", "received": today - 10 * day,
            "deadline": today + 4 * day, "recipient": "Regionsrådet",
            "description": "Udkast til psykiatriplan, herunder indsatser for hjemløse med "
                           "psykisk sygdom.",
        }, "drafting"),
        ("region-hovedstaden", {
            "kind": Hearing.Kind.FORMAL, "source": Hearing.Source.AUTHORITY,
            "source_name": "Sundhedsstyrelsen", "title": "Sundhedsaftale 2027-2030",
            "received": today - 7 * day, "deadline": today + 20 * day,
            "recipient": "Sundhedsstyrelsen",
            "description": "Høring over den nye sundhedsaftale mellem region og kommuner.",
        }, "commenting"),
        ("region-hovedstaden", {
            "kind": Hearing.Kind.STATEMENT, "source": Hearing.Source.COUNCIL,
            "title": "Udtalelse om adgang til akutpsykiatri for hjemløse",
            "received": today - 2 * day, "deadline": None, "recipient": "Regionsrådet",
            "description": "Rådet vil gøre opmærksom på ventetiden i akutpsykiatrien.",
        }, "drafting"),
    ]


def load_demo_hearings(*, secretary_for: dict[str, Any]) -> int:
    """Create the demo hearings that are missing; returns how many were created.
    `secretary_for` maps council slug to the demo secretary who registers them."""
    today = timezone.localdate()
    created = 0
    for slug, fields, state in _hearings(today):
        council = Council.objects.filter(slug=slug).first()
        if council is None or Hearing.objects.filter(council=council,
                                                     title=fields["title"]).exists():
            continue
        with transaction.atomic():
            hearing = Hearing.objects.create(council=council, status=Hearing.Status.COMMENTING,
                                             created_by=secretary_for.get(slug),
                                             **{"case_number": ""} | fields)
            _fill(hearing, state, secretary_for.get(slug))
        created += 1
    return created


def _fill(hearing: Hearing, state: str, secretary) -> None:
    people = [m.person for m in hearing.council.memberships.active_on(timezone.localdate())
              .select_related("person")[:2]]
    for person, text in zip(people, ["Husk dem, der ikke har en fast adresse.",
                                     "Brugerne bør inddrages i opfølgningen."], strict=False):
        Comment.objects.create(hearing=hearing, person=person, author_name=person.name,
                               text=text)
    if state == "commenting":
        return
    text = RANDERS_RESPONSE if state == "published" else (
        "Udkast: Rådet støtter planens mål og anbefaler, at indsatserne for hjemløse med "
        "psykisk sygdom prioriteres.")
    draft = Draft.objects.create(hearing=hearing, number=1, text=text, created_by=secretary)
    if state == "drafting":
        hearing.status = Hearing.Status.DRAFTING
        hearing.save(update_fields=["status"])
        return
    # The published response: approved by the chair, sent and published a month ago.
    when = timezone.now() - dt.timedelta(days=36)
    hearing.status = Hearing.Status.OUTCOME
    hearing.approved_draft = draft
    hearing.approved_at = when
    hearing.approval_rule = "chair"
    hearing.approval_note = "Godkendt af formanden"
    hearing.sent_at = hearing.published_at = when + dt.timedelta(hours=2)
    hearing.sent_to = hearing.recipient_email
    hearing.outcome = OUTCOME
    hearing.points_taken = Hearing.PointsTaken.PARTLY
    hearing.outcome_recorded_at = timezone.now() - dt.timedelta(days=7)
    hearing.save()
    actions.follow(hearing)
