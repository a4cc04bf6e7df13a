"""The demo's easy-read version of Randers' meeting of 27 September 2021 and its poster places
(called by `manage.py load_demo`; idempotent: a published version and existing places are
left alone)."""

from __future__ import annotations

import datetime as dt

from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting

from . import actions, distribution

INTRO = ("Rådet i Randers holdt møde den 27. september 2021.\n\n"
         "Her kan du læse kort om mødet.")
# By item number: (heading in plain language, text). Each text has a LIX under 25.
ITEMS = {
    17: ("Planen for mødet", "Rådet sagde ja til planen for mødet."),
    18: ("Mødet med politikerne",
         "Rådet har mødt politikerne fra socialudvalget. Vi talte sammen i små grupper. "
         "Det var godt.\n\nMen en time er for kort tid. Næste gang skal hver gruppe tale om "
         "sit eget emne."),
    19: ("Planen for hjælp til udsatte",
         "Kommunen har en plan for at hjælpe folk, der har det svært. Rådet hørte, hvordan "
         "det går med den."),
    20: ("Stormødet den 27. oktober",
         "Rådet holder et stort møde før valget i november. Alle kan komme og spørge dem, "
         "der vil i byrådet."),
    21: ("Valg til rådet",
         "Der skal vælges et nyt råd for 2022 til 2025. Rådet talte om, hvordan valget "
         "skal foregå."),
    22: ("Møde i hele landet",
         "Rådet har været til et møde med råd fra hele landet. Vi talte om valget. Man kan "
         "brevstemme. Man kan måske også stemme på et værested."),
    23: ("Nyt fra rådet", "Rådets folk fortalte nyt fra deres steder."),
    24: ("Andet", "Der var ikke mere at tale om."),
}


def load(*, user=None) -> Meeting | None:
    meeting = Meeting.objects.filter(
        council__slug="randers", start__date=dt.date(2021, 9, 27)).first()
    if meeting is None:
        return None
    council: Council = meeting.council
    distribution.add_places_from_venues(council=council)
    if meeting.easy_read_published_at is None and meeting.has_public_minutes:
        items = {i.number: i.pk for i in actions.open_items(meeting)}
        texts = {items[n]: text for n, (_title, text) in ITEMS.items() if n in items}
        titles = {items[n]: title for n, (title, _text) in ITEMS.items() if n in items}
        actions.publish_easy_read(meeting=meeting, intro=INTRO, texts=texts, titles=titles,
                                  user=user)
    return meeting
