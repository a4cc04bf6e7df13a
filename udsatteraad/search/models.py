"""The public search index (capabilities.md, the archive).

A SearchDocument is one published, open unit as the public sees it: an agenda item (title,
summary, recommendations, case presentation, decision, minority statements) or the text of
an open attachment. Closed items and closed attachments never get a document.

The index is our own inverted index, stored in the database as immutable segments (as Lucene
does): each SearchPosting holds, for one stemmed term in one segment, the document ids and a
quantised BM25 impact per document, packed as arrays. A query reads the few posting rows of
its terms and ranks with numpy, so its cost follows the length of the posting lists, not the
number of rows the database must rank (docs/search.md explains why, with figures).
Republishing or withdrawing marks the old documents dead and adds a small segment; small
segments are merged as they accumulate.
"""

from __future__ import annotations

from django.db import models

from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting


class SearchSegment(models.Model):
    min_doc = models.PositiveBigIntegerField()
    max_doc = models.PositiveBigIntegerField()
    doc_count = models.PositiveIntegerField()
    # Sum of document lengths at build time, for BM25's average length when merging.
    total_length = models.PositiveBigIntegerField(default=0)
    # The segment's deleted documents, as uint32 ids minus min_doc, ascending: a query
    # reads them with the segment row instead of scanning the dead documents, and
    # search_maintain finds the segments worth rewriting by dead_count alone.
    deleted = models.BinaryField(default=b"")
    dead_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "søgesegment"
        verbose_name_plural = "søgesegmenter"

    def __str__(self) -> str:
        return f"segment {self.pk} ({self.doc_count} dokumenter)"


class SearchPosting(models.Model):
    segment = models.ForeignKey(SearchSegment, models.CASCADE, related_name="postings")
    term = models.CharField(max_length=100)
    # Sparse: `docs` holds uint32 document ids minus segment.min_doc, ascending, and
    # `impacts` one uint8 per id. Dense (a term in more than a fifth of the segment, where
    # this is smaller): `docs` is empty and `impacts` has one uint8 per id in the segment's
    # range, 0 where the term is absent, so queries can add whole arrays.
    dense = models.BooleanField(default=False)
    docs = models.BinaryField()
    impacts = models.BinaryField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "segment"], name="search_posting_term_segment")
        ]

    def __str__(self) -> str:
        return f"{self.term} @ {self.segment_id}"


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", "dagsordenspunkt"
        ATTACHMENT = "attachment", "bilag"
        HEARING = "hearing", "høringssvar"

    # Weak references: when an item, attachment or meeting is deleted, its document must
    # stay until reindex_meeting marks it dead, because its postings still count it.
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # A hearing response or statement has no item or meeting: `hearing_id` names it (a plain
    # number, so the search does not depend on the hearings app's tables).
    item = models.ForeignKey(AgendaItem, models.DO_NOTHING, db_constraint=False, null=True,
                             blank=True, related_name="+")
    attachment = models.ForeignKey(
        Attachment, models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
        blank=True, related_name="+",
    )
    meeting = models.ForeignKey(Meeting, models.DO_NOTHING, db_constraint=False, null=True,
                                blank=True, db_index=False,
                                related_name="+")  # see search_doc_meeting
    hearing_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    council = models.ForeignKey(Council, models.DO_NOTHING, db_constraint=False,
                                db_index=False, related_name="+")
    meeting_kind = models.CharField(max_length=20)
    date = models.DateField()
    item_number = models.PositiveIntegerField(null=True, blank=True)
    # The item's place on the public meeting page: its anchor is #punkt-<position>.
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=400)
    case_number = models.CharField(max_length=60, blank=True)
    # The case number without spaces and separators, lower case: "21/874" -> "21874".
    case_key = models.CharField(max_length=60, blank=True, db_index=True)
    body = models.TextField(blank=True)
    segment = models.ForeignKey(
        SearchSegment, models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    is_live = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["meeting", "is_live"], name="search_doc_meeting"),
            # No index on is_live: queries read the segments' deleted lists, and one on it
            # led SQLite's planner, on sampled statistics, away from the case-number index.
        ]

    def __str__(self) -> str:
        return self.title
