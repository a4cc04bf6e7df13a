"""Load a held meeting with its agenda items from a YAML file (docs/council-file.md,
"Meeting files"). Idempotent like the council loader: the meeting is found by council and
start, items by number, attachments by title.

A file saying the minutes are published does not publish withdrawn minutes again: the meeting
stays withdrawn, and the result's warnings say so."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.lib.text import clean_rich_text
from udsatteraad.lib.yamlfile import (
    Reader,
    Stats,
    YMap,
    read_yaml,
    upsert,
)
from udsatteraad.policy.public import follow_publication

from .minutes import ensure_first_version, is_withdrawn, kept_withdrawn_warning
from .models import AgendaItem, Attachment, Meeting

MEETING_KEYS = {"council", "title", "kind", "status", "date", "start", "end", "location",
                "venue", "items"}
ITEM_KEYS = {"number", "title", "case_number", "summary", "recommendations_intro",
             "recommendations", "decision", "case_presentation", "start", "end", "public",
             "attachments"}
ATTACHMENT_KEYS = {"title", "public"}
_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$")


@dataclass
class MeetingLoadResult:
    meeting: Meeting
    stats: Stats
    items: int = 0
    warnings: list[str] = field(default_factory=list)


@overload
def _time(r: Reader, m: YMap, key: str, *, required: Literal[True]) -> dt.time: ...
@overload
def _time(r: Reader, m: YMap, key: str, *, required: bool = False) -> dt.time | None: ...
def _time(r: Reader, m: YMap, key: str, *, required: bool = False) -> dt.time | None:
    value = m.get(key)
    if value is None:
        if required:
            raise r.field_error(m, key, _("mangler"))
        return None
    # Unquoted 17:05 is a YAML 1.1 sexagesimal number (1025): read it back as a time.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    match = _TIME.match(value) if isinstance(value, str) else None
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise r.field_error(m, key, _('skal være et klokkeslæt som "17.05" eller "17:05"'))


class MeetingLoader:
    def __init__(self, path: str, data: Any):
        self.r = Reader(path)
        self.data = data
        self.stats = Stats()

    def run(self) -> MeetingLoadResult:
        r = self.r
        m = r.as_map(self.data, getattr(self.data, "line", 1), "(filen)", MEETING_KEYS)
        slug = r.get(m, "council", "slug", required=True)
        council = Council.objects.filter(slug=slug).select_related("authority").first()
        if council is None:
            raise r.field_error(m, "council", _('henviser til et ukendt råd "%(s)s" (indlæs '
                                                'rådets fil først)') % {"s": slug})
        venue = None
        if (vslug := r.get(m, "venue", "slug")) is not None:
            venue = council.authority.venues.filter(slug=vslug).first()
            if venue is None:
                raise r.field_error(m, "venue", _('henviser til et ukendt sted "%(s)s"')
                                    % {"s": vslug})
        day = r.get(m, "date", "date", required=True)
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(day, _time(r, m, "start", required=True), tzinfo=tz)
        end_time = _time(r, m, "end")
        end = dt.datetime.combine(day, end_time, tzinfo=tz) if end_time else None
        status = r.get(m, "status", default="planned", choices=Meeting.Status)
        warnings = []
        existing = Meeting.objects.filter(council=council, start=start).first()
        if (existing is not None and is_withdrawn(existing)
                and status == Meeting.Status.MINUTES_PUBLISHED):
            status = Meeting.Status.MINUTES_APPROVED
            warnings.append(kept_withdrawn_warning(existing))
        meeting = upsert(r, self.stats, Meeting, {"council": council, "start": start},
                         {"title": r.get(m, "title", required=True),
                          "kind": r.get(m, "kind", default="ordinary", choices=Meeting.Kind),
                          "status": status, "end": end, "venue": venue,
                          "location": r.get(m, "location", default="")}, m)
        result = MeetingLoadResult(meeting=meeting, stats=self.stats, warnings=warnings)
        numbers: set[int] = set()
        for position, (entry, _line) in enumerate(r.maps(m, "items", ITEM_KEYS), start=1):
            number = r.get(entry, "number", "pos_int")
            if number is not None and number in numbers:
                raise r.field_error(entry, "number", _("%(n)s er brugt af et andet punkt")
                                    % {"n": number})
            numbers.add(number)
            self.load_item(meeting, entry, position, number)
            result.items += 1
        # A meeting loaded as published has its published text as version 1 (once: reloading
        # the file adds no version), so the public page renders it like any published minutes.
        ensure_first_version(meeting=meeting)
        return result

    def load_item(self, meeting: Meeting, e: YMap, position: int, number: int | None) -> None:
        r = self.r
        lookup: dict[str, Any] = {"meeting": meeting}
        lookup.update({"number": number} if number is not None else {"position": position,
                                                                      "number": None})
        item = upsert(
            r, self.stats, AgendaItem, lookup,
            {"position": position, "title": r.get(e, "title", required=True),
             "case_number": r.get(e, "case_number", default=""),
             "summary": clean_rich_text(r.get(e, "summary", default="")),
             "recommendations_intro": r.get(e, "recommendations_intro", default=""),
             "recommendations": list(r.get(e, "recommendations", "str_list", default=[])),
             "decision": clean_rich_text(r.get(e, "decision", default="")),
             "case_presentation": clean_rich_text(r.get(e, "case_presentation", default="")),
             "start_time": _time(r, e, "start"), "end_time": _time(r, e, "end"),
             "is_public": r.get(e, "public", "bool", default=True)},
            e, {"start_time": "start", "end_time": "end", "is_public": "public"})
        seq = r.get(e, "attachments", "list", default=[])
        for index, (value, line) in enumerate(zip(seq, getattr(seq, "item_lines", []),
                                                  strict=True), start=1):
            if isinstance(value, str):
                title, public, entry = value.strip(), True, e
            else:
                entry = r.as_map(value, line, "attachments", ATTACHMENT_KEYS)
                title = r.get(entry, "title", required=True)
                public = r.get(entry, "public", "bool", default=True)
            upsert(r, self.stats, Attachment, {"item": item, "title": title},
                   {"is_public": public, "position": index}, entry, {"is_public": "public"})


def load_meeting_file(path: str | Path, text: str | None = None) -> MeetingLoadResult:
    data = read_yaml(path, text)
    with transaction.atomic():
        result = MeetingLoader(str(path), data).run()
        # A reload may have changed the status (a public meeting made planned again).
        follow_publication(result.meeting, was_public=True)
        return result
