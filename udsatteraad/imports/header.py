"""The meeting's own data from the lines above the first item: title, date, time, place."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
DATE_WORDS = re.compile(
    r"\b(?P<d>\d{1,2})\.?\s*(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+(?P<y>\d{4})\b",
    re.I,
)
DATE_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})\b")
DATE_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
TIME = re.compile(r"\bkl\.?\s*(?P<h>[012]?\d)(?:[.:](?P<m>[0-5]\d))?\b", re.I)
TIME_BARE = re.compile(r"\b(?P<h>[012]?\d)[.:](?P<m>[0-5]\d)\b")
TITLE = re.compile(r"\b(?:referat|dagsorden|beslutningsprotokol|protokol)\b", re.I)
LABEL = re.compile(
    r"^(?P<label>Mødedato|Mødetidspunkt|Mødetid|Tidspunkt|Dato|Mødested|Sted|Lokale)\s*:?\s*"
    r"(?P<value>.*)$",
    re.I,
)
PLACE_LABELS = {"mødested", "sted", "lokale"}
NO_DATE_WARNING = _lazy(
    "Mødets dato blev ikke fundet i dokumentets indledning (fx »Mødedato 27. september 2021«). "
    "Skriv datoen, før mødet gemmes."
)


def parse_date(text: str) -> dt.date | None:
    for rx in (DATE_WORDS, DATE_NUMERIC, DATE_ISO):
        for m in rx.finditer(text):
            month = m["m"]
            month_number = MONTHS[month.lower()] if not month.isdigit() else int(month)
            try:
                return dt.date(int(m["y"]), month_number, int(m["d"]))
            except ValueError:
                continue
    return None


def parse_time(text: str, *, bare: bool = False) -> dt.time | None:
    for rx in (DATE_WORDS, DATE_NUMERIC, DATE_ISO):
        text = rx.sub(" ", text)  # "12.05.2023" is a date, not 12:05
    for rx in (TIME, TIME_BARE) if bare else (TIME,):
        m = rx.search(text)
        if m:
            hour, minute = int(m["h"]), int(m["m"] or 0)
            if hour < 24:
                return dt.time(hour, minute)
    return None


def parse_header(lines: list[str], warnings: list[str]):
    from .parser import ParsedMeeting

    filled = [line for line in lines if line]
    labelled: dict[str, str] = {}
    for i, line in enumerate(filled):
        m = LABEL.match(line)
        if not m:
            continue
        label, value = m["label"].lower(), m["value"].strip()
        if not value and i + 1 < len(filled) and not LABEL.match(filled[i + 1]):
            value = filled[i + 1]  # FirstAgenda HTML puts the value on the next line
        labelled.setdefault(label, value)

    title_at = next((i for i, line in enumerate(filled) if TITLE.search(line)), 0)
    title = filled[title_at] if filled else ""
    if len(title.split()) == 1 and title_at + 1 < len(filled):
        # "Referat" above "Udsatterådet i Testregion": one title.
        following = filled[title_at + 1]
        if not LABEL.match(following) and not parse_date(following):
            title = f"{title} {following}"
    when_texts = [labelled.get(k, "") for k in ("mødedato", "dato", "mødetidspunkt", "mødetid",
                                                 "tidspunkt")]
    date = None
    for text in [*when_texts, title, *filled]:
        date = parse_date(text)
        if date:
            break
    if date is None:
        warnings.append(str(NO_DATE_WARNING))
    start_time = None
    for text in [*when_texts, title, *filled]:
        start_time = parse_time(text, bare=text in when_texts)
        if start_time:
            break
    location = next((labelled[k] for k in ("mødested", "sted", "lokale") if labelled.get(k)), "")
    if not title:
        title = (_("Møde %(date)s") % {"date": date.strftime("%d-%m-%Y")} if date
                 else _("Importeret møde"))
    if start_time is None:
        warnings.append(_("Mødets starttidspunkt blev ikke fundet."))
    if not location:
        warnings.append(_("Mødestedet blev ikke fundet."))
    return ParsedMeeting(
        title=title[:300], date=date, start_time=start_time, location=location[:300]
    )
