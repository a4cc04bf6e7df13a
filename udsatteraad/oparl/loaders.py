"""Public rows with everything their OParl objects need, in a fixed number of queries.

Each loader starts from a QuerySet in `public.py` so access rules live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, Max, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce, Greatest

from udsatteraad.councils.models import Membership, SeatGroup, Term
from udsatteraad.meetings.models import AgendaItem
from udsatteraad.policy import public

ITEM_ORDER = ("position", "number", "id")


def bodies() -> QuerySet:
    councils = public.public_councils().prefetch_related(
        Prefetch("terms", queryset=Term.objects.order_by("start", "pk"))
    )
    return public.public_bodies().prefetch_related(
        Prefetch("councils", queryset=councils, to_attr="public_council_list")
    )


def councils() -> QuerySet:
    return public.public_councils().select_related("authority").prefetch_related(
        Prefetch("memberships", queryset=public.public_memberships().order_by("start", "pk"),
                 to_attr="public_membership_list")
    )


def committees() -> QuerySet:
    return public.public_committees().select_related("authority")


def organisations() -> QuerySet:
    nominating_seats = SeatGroup.objects.filter(
        organisations=OuterRef("pk"), terms_of_reference__council__is_public=True
    )
    nominated = Membership.objects.filter(nominated_by=OuterRef("pk"), council__is_public=True)
    return public.public_organisations().annotate(
        nominates=Exists(nominating_seats) | Exists(nominated)
    )


def memberships() -> QuerySet:
    return public.public_memberships().select_related("council", "term")


def persons() -> QuerySet:
    """`last_modified`: a person object embeds its memberships, so it changes with them."""
    return public.public_persons().annotate(
        last_modified=Greatest(F("modified"), Coalesce(Max("memberships__modified"), F("modified")))
    ).prefetch_related(
        Prefetch("memberships", queryset=memberships().order_by("start", "pk"),
                 to_attr="public_membership_list")
    )


def terms() -> QuerySet:
    return public.public_terms().select_related("council")


def venues() -> QuerySet:
    return public.public_venues()


def _open_attachments() -> Prefetch:
    # Only attachments with a file are OParl Files (a File needs an accessUrl). Imported
    # attachments are often names without a file: the paper's text names them instead.
    return Prefetch(
        "attachments",
        queryset=public.public_attachments().exclude(file="").order_by("position", "id"),
        to_attr="public_attachment_list",
    )


def _unfiled_attachments() -> Prefetch:
    return Prefetch(
        "attachments",
        queryset=public.public_attachments().filter(file="").order_by("position", "id")
        .only("id", "item_id", "title", "position"),
        to_attr="unfiled_attachment_list",
    )


def meetings() -> QuerySet:
    items = public.public_items().order_by(*ITEM_ORDER).prefetch_related(
        _open_attachments(), _unfiled_attachments()
    )
    return (
        public.public_meetings()
        .select_related("council", "venue")
        .annotate(
            last_modified=Greatest(
                F("modified"),
                Coalesce(Max("items__modified"), F("modified")),
                Coalesce(Max("minutes_versions__published_at"), F("modified")),
            )
        )
        .prefetch_related(
            Prefetch("items", queryset=items, to_attr="public_item_list")
        )
    )


def items(qs: QuerySet | None = None) -> QuerySet:
    qs = public.public_items() if qs is None else qs
    return qs.select_related("meeting__council").prefetch_related(
        _open_attachments(), _unfiled_attachments())


def item_orders(items: list[AgendaItem]) -> dict[int, int]:
    """Each item's position among its meeting's open items (OParl `order`), in one query."""
    meeting_ids = {item.meeting_id for item in items}
    rows = (
        public.public_items().filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", *ITEM_ORDER).values_list("meeting_id", "pk")
    )
    orders: dict[int, int] = {}
    counters: dict[int, int] = {}
    for meeting_id, pk in rows:
        orders[pk] = counters.get(meeting_id, 0)
        counters[meeting_id] = orders[pk] + 1
    return orders


@dataclass
class FileSource:
    """One File object of a body's file list: an attachment, a meeting PDF or a case text."""

    kind: str  # "attachment", "agenda", "minutes", "attachments" or "paper"
    row: Any
    created: Any
    modified: Any
    key: tuple


def body_files(authority_id: int) -> list[FileSource]:
    """All files of a body: three queries however many meetings it has."""
    from . import serialize

    sources: list[FileSource] = []
    for m in meetings().filter(council__authority_id=authority_id):
        for kind in serialize.meeting_files(m):
            when = {"agenda": m.agenda_published_at, "minutes": m.minutes_published_at,
                    "attachments": m.agenda_published_at}[kind] or m.created
            sources.append(FileSource(kind, m, when, m.modified, (when, kind, m.pk)))
        for item in m.public_item_list:
            if serialize.is_paper(item):
                sources.append(FileSource("paper", item, item.created, item.modified,
                                          (item.created, "paper", item.pk)))
            for att in item.public_attachment_list:
                sources.append(FileSource("attachment", att, att.created, att.created,
                                          (att.created, "attachment", att.pk)))
    return sorted(sources, key=lambda s: s.key)


def body_organizations(authority_id: int) -> list:
    rows: list = [
        *councils().filter(authority_id=authority_id),
        *committees().filter(authority_id=authority_id),
        *organisations().filter(authority_id=authority_id),
    ]
    return sorted(rows, key=lambda r: (r.created, type(r).__name__, r.pk))

