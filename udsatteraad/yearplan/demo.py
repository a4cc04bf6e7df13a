"""Demo annual plans for the seed councils (called by `manage.py load_demo`), from what the
seeds say the councils do in a year: Ishøj's start-up theme day, themes and campaigns (its
terms of reference name an årshjul), Midtjylland's yearly dialogue meeting with the committee,
Hovedstaden's meeting with user groups. Safe to run again: entries are found by council, year
and title. The duties then show what the terms of reference still require."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from udsatteraad.councils.models import Council

from .models import PlanEntry

K = PlanEntry.Kind


def _entries(year: int) -> dict[str, list[dict]]:
    return {
        "ishoej": [
            {"kind": K.THEME_DAY, "title": "Opstartstemadag for rådet", "month": 2,
             "description": "Rådet lærer hinanden at kende og aftaler årets temaer."},
            {"kind": K.THEME, "title": "Tema: Ensomhed og fællesskab", "month": 4},
            {"kind": K.THEME, "title": "Tema: Bolig og hjemløshed", "month": 9},
            {"kind": K.CAMPAIGN, "title": "Kampagne: Kend dit udsatteråd", "month": 6,
             "description": "Plakater og besøg på væresteder i Ishøj."},
        ],
        "region-midtjylland": [
            {"kind": K.DIALOGUE, "title": "Dialogmøde med Udvalget om lighed i sundhed",
             "date": dt.date(year, 10, 27)},
            {"kind": K.CONFERENCE, "title": "Konference om udsatte borgeres sundhed",
             "month": 11},
        ],
        "region-hovedstaden": [
            {"kind": K.USER_GROUPS, "title": "Møde med brugergrupper", "month": 5},
        ],
    }


def load(year: int | None = None) -> int:
    year = year or timezone.localdate().year
    made = 0
    for slug, rows in _entries(year).items():
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            continue
        for row in rows:
            _entry, created = PlanEntry.objects.get_or_create(
                council=council, year=year, title=row["title"],
                defaults={k: v for k, v in row.items() if k != "title"})
            made += created
    return made
