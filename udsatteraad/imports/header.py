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
    + r")\.?,?\s+(?P<y>\d{4})\b",
    re.I,
)
# "27-09-2021", "12.05.2023", and "4.4. 2022" as typed by hand.
DATE_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./] ?(?P<y>\d{4})\b")
DATE_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
TIME = re.compile(r"\bkl[.:]?\s*(?P<h>[012]?\d)(?:[.:](?P<m>[0-5]\d))?\b", re.I)
TIME_BARE = re.compile(r"\b(?P<h>[012]?\d)[.:](?P<m>[0-5]\d)\b")
TITLE = re.compile(r"\b(?:referat|dagsorden|beslutningsprotokol|protokol)\b", re.I)
LABEL = re.compile(
    r"^(?P<label>Mødedato|Mødetidspunkt|Mødetid|Starttidspunkt|Tidspunkt|Tid|Dato|Mødested|Sted|"
    r"Lokale|Lokation)(?![\wæøå])\s*:?\s*(?P<value>.*)$",
    re.I,
)
NO_DATE_WARNING = _lazy(
    "Mødets dato blev ikke fundet i dokumentets indledning (fx »Mødedato 27. september 2021«). "
    "Skriv datoen, før mødet gemmes."
)
PLACE_LABELS = ("mødested", "sted", "lokale", "lokation")
WHEN_LABELS = ("mødedato", "dato", "mødetidspunkt", "mødetid", "starttidspunkt", "tidspunkt", "tid")
# Unlabelled places: "møde den 30. november 2015 i St. Magleby Stuen, Rådhuset kl. 10.00",
# "… Kl. 10.00 i lokale M1 på Wiedergården", a line "i Herning Kommune, Torvet 5" under the date,
# or "Frivillighuset, Lundevej 7, 3600 Frederikssund kl. 16.00".
PLACE_AFTER_WHEN = re.compile(
    r"(?:\d{4}|\bkl\.?\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?)\s+(?:i|på)\s+"
    r"(?P<place>[^\s\d].*?)(?:,?\s+kl\.?\s*\d.*|\s+samt\s.*)?$", re.I,
)
PLACE_LINE = re.compile(r"^(?:i|på)\s+(?P<place>[A-ZÆØÅ].{2,150})$")
PLACE_BEFORE_TIME = re.compile(
    r"^(?P<place>[A-ZÆØÅ][^:]{2,150}?\d[^:]*?),?\s+kl\.?\s*\d{1,2}[.:]\d{2}\s*$"
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


def label_of(line: str) -> re.Match[str] | None:
    # "lokale 0.13, Kanalstræde 2" is a place, not the label "Lokale": labels are capitalised.
    m = LABEL.match(line)
    return m if m and not line[0].islower() else None


def parse_header(lines: list[str], warnings: list[str]):
    from .parser import ParsedMeeting

    filled = [line for line in lines if line]
    labelled: dict[str, str] = {}
    for i, line in enumerate(filled):
        m = label_of(line)
        if not m:
            continue
        label, value = m["label"].lower(), m["value"].strip()
        if not value and i + 1 < len(filled) and not label_of(filled[i + 1]):
            value = filled[i + 1]  # FirstAgenda HTML puts the value on the next line
        labelled.setdefault(label, value)

    title_at = next((i for i, line in enumerate(filled) if TITLE.search(line)), 0)
    title = filled[title_at] if filled else ""
    if len(title.split()) == 1 and title_at + 1 < len(filled):
        # "Referat" above "Udsatterådet i Testregion": one title.
        following = filled[title_at + 1]
        if not LABEL.match(following) and not parse_date(following):
            title = f"{title} {following}"
    when_texts = [labelled.get(k, "") for k in WHEN_LABELS]
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
    location = next((labelled[k] for k in PLACE_LABELS if labelled.get(k)), "") or (
        unlabelled_place(filled)
    )
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


def unlabelled_place(lines: list[str]) -> str:
    """The place where the document names it without a label (see PLACE_AFTER_WHEN)."""
    for line in lines:
        if LABEL.match(line):
            continue
        dated = parse_date(line)
        m = PLACE_AFTER_WHEN.search(line) if dated or TIME.search(line) else None
        m = m or PLACE_LINE.match(line) or (None if dated else PLACE_BEFORE_TIME.match(line))
        if m:
            return m["place"].strip().rstrip(".,")
    return ""
