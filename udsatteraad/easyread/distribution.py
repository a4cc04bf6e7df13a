"""Posters for the places the council reaches citizens: the places (from the authority's
venues, editable), print batches (one PDF with a poster for every place) and when each poster
was put up. Keyword-only, atomic writes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Venue
from udsatteraad.meetings.models import Meeting

from .actions import EasyReadError, published_without_easy_read
from .models import Place, Posting, PrintBatch


class DistributionError(EasyReadError):
    """A refused change to places, batches or postings; the message is Danish."""


# Meeting rooms are where the council meets, not where citizens read posters.
POSTER_VENUE_KINDS = [Venue.Kind.DROP_IN, Venue.Kind.INSTITUTION, Venue.Kind.OTHER]


@transaction.atomic
def add_places_from_venues(*, council: Council) -> list[Place]:
    """A place for each of the authority's drop-in centres, institutions and other venues
    that has none yet (by venue, or by name). Safe to run again: existing places, also
    edited or switched off ones, are left alone."""
    Council.objects.select_for_update().get(pk=council.pk)  # one run at a time per council
    venues = Venue.objects.filter(authority=council.authority_id, kind__in=POSTER_VENUE_KINDS)
    existing = Place.objects.filter(council=council)
    have_venue = set(existing.exclude(venue=None).values_list("venue_id", flat=True))
    have_name = {n.lower() for n in existing.values_list("name", flat=True)}
    made = []
    for venue in venues:
        if venue.pk in have_venue or venue.name.lower() in have_name:
            continue
        made.append(Place.objects.create(council=council, venue=venue, name=venue.name,
                                         address=venue.address))
    return made


@transaction.atomic
def create_batch(*, council: Council, meeting: Meeting, paper: str, user=None) -> PrintBatch:
    """A print batch of the meeting's published easy-read version for every active place."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, council=council)
    if not (meeting.easy_read_published_at and meeting.has_public_minutes):
        raise DistributionError(_("Mødet har ingen offentliggjort let udgave."))
    places = list(Place.objects.filter(council=council, is_active=True))
    if not places:
        raise DistributionError(_("Rådet har ingen steder, der får plakater. Tilføj et sted "
                                  "først."))
    if paper not in PrintBatch.Paper.values:
        raise DistributionError(_("Vælg A4 eller A3."))
    batch = PrintBatch.objects.create(council=council, meeting=meeting, paper=paper,
                                      created_by=user)
    Posting.objects.bulk_create(
        [Posting(batch=batch, place=p, place_name=p.name) for p in places])
    return batch


@transaction.atomic
def record_put_up(*, posting: Posting, user=None) -> Posting:
    """Record that the poster hangs at its place now. Recording twice is refused, so the
    first time stays."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.put_up_at is not None:
        raise DistributionError(_("Plakaten er allerede registreret som hængt op."))
    posting.put_up_at = timezone.now()
    posting.put_up_by = user
    posting.save(update_fields=["put_up_at", "put_up_by"])
    return posting


def pending_for(council: Council) -> dict:
    """What waits for the secretariat here: published minutes without an easy-read version,
    and posters printed but not yet recorded as put up (for the task list)."""
    return {
        "without_easy_read": published_without_easy_read(council),
        "posters_not_put_up": Posting.objects.filter(batch__council=council,
                                                     put_up_at__isnull=True)
        .select_related("batch__meeting"),
    }
