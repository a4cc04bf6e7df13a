"""Hearing responses and statements in OParl (issue 11): each published one is a Paper
(paperType "Høringssvar" or "Udtalelse") whose mainFile is the response PDF. Where the
hearing was on a public meeting's agenda, the File names that meeting and agenda item, and
the Paper names the item's own paper as related. What is public: `policy.public`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from udsatteraad.policy.public import is_public_meeting, public_hearings

from . import serialize as s


def hearing_paper_url(pk: int) -> str:
    return s.api("hearing-paper", pk)


def _public_item(hearing: Any):
    item = hearing.agenda_item
    if item is None or not item.is_public or not is_public_meeting(item.meeting):
        return None
    return item


def hearing_file(hearing: Any) -> dict:
    web = reverse("hearings:public-detail", args=[hearing.council.slug, hearing.pk])
    pdf = s.absolute(reverse("hearings:public-pdf", args=[hearing.council.slug, hearing.pk]))
    item = _public_item(hearing)
    name = "udtalelse.pdf" if hearing.is_statement else "hoeringssvar.pdf"
    return s.clean({
        **s.base("File", s.api("hearing-file", hearing.pk), hearing,
                 created=hearing.published_at, web=web),
        "name": f"{hearing.get_kind_display()}: {hearing.title}",
        "fileName": name,
        "mimeType": "application/pdf",
        "date": timezone.localdate(hearing.published_at).isoformat(),
        "accessUrl": pdf,
        "downloadUrl": pdf,
        "meeting": [s.meeting_url(item.meeting_id)] if item else [],
        "agendaItem": [s.item_url(item.pk)] if item else [],
        "paper": [hearing_paper_url(hearing.pk)],
    })


def hearing_paper(hearing: Any) -> dict:
    web = reverse("hearings:public-detail", args=[hearing.council.slug, hearing.pk])
    item = _public_item(hearing)
    return s.clean({
        **s.base("Paper", hearing_paper_url(hearing.pk), hearing,
                 created=hearing.published_at, web=web),
        "body": s.body_url(hearing.council.authority_id),
        "name": hearing.title,
        "reference": hearing.case_number,
        "date": timezone.localdate(hearing.published_at).isoformat(),
        "paperType": "Udtalelse" if hearing.is_statement else "Høringssvar",
        "keyword": [str(hearing.get_kind_display())],
        "underDirectionOf": [s.council_url(hearing.council_id)],
        "mainFile": hearing_file(hearing),
        "relatedPaper": [s.paper_url(item.pk)] if item and s.is_paper(item) else [],
    })


def hearings() -> Any:
    return public_hearings().select_related("council", "agenda_item__meeting__council")


def file_sources(authority_id: int) -> list:
    """The response PDFs of a body's published hearings, for the body's file list."""
    from .loaders import FileSource

    return [FileSource("hearing", h, h.published_at, h.modified, (h.published_at, "hearing", h.pk))
            for h in hearings().filter(council__authority_id=authority_id)]


class PapersWithHearings:
    """The body's papers: the agenda items' papers, then the hearing responses, then the
    published reports (`oparl.reports`), as one sequence the paginator slices without loading
    any list whole. `parts` are the lists in that order."""

    def __init__(self, items, responses, reports) -> None:
        self.parts = [items, responses, reports]
        self._counts: list[int] | None = None

    def _n(self) -> list[int]:
        if self._counts is None:
            self._counts = [part.count() for part in self.parts]
        return self._counts

    def count(self) -> int:
        return sum(self._n())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        for part in self.parts:
            yield from part

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        found: list = []
        offset = 0
        for part, n in zip(self.parts, self._n(), strict=True):
            if start < offset + n and stop > offset:
                found += list(part[max(start - offset, 0):min(stop, offset + n) - offset])
            offset += n
        return found
