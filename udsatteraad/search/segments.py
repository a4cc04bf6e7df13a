"""Segments: documents' term counts arranged as packed posting lists and written as rows.

Arranging is pure computation (numpy over the term counts), so a full rebuild runs it in
worker processes while the main process reads the archive and writes rows.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction

from .models import SearchDocument, SearchPosting, SearchSegment
from .text import SnowballAnalyser, TermCounts, analyser

K1, B = 1.2, 0.75
TITLE_WEIGHT = 3  # a word in the title counts as three in the text (BM25F-style)


@dataclass
class SegmentData:
    doc_ids: list[int]
    names: list[str]  # a term per posting list, in order
    starts: list[int]
    ends: list[int]
    docs: np.ndarray  # uint32, relative to doc_ids[0]
    impacts: np.ndarray  # uint8
    total_length: int


def _quantise(tf: np.ndarray, length: np.ndarray, avg_length: float) -> np.ndarray:
    """BM25's term-frequency part in 1..255 (idf is applied at query time, from the
    current document frequencies)."""
    norm = K1 * (1 - B + B * length / max(avg_length, 1.0))
    part = tf * (K1 + 1) / (tf + norm)
    return np.clip(np.rint(part / (K1 + 1) * 255), 1, 255).astype(np.uint8)  # tf 0 -> 1


def arrange(doc_ids: list[int], analysed: Iterable[tuple[TermCounts, TermCounts]],
            filters: list[list[str]]) -> SegmentData:
    """Posting lists of these documents. `analysed` may be a generator: each document's
    term counts are turned into compact arrays as they come, so a batch never holds every
    document's counts as Python objects at once (the rebuild's memory bound)."""
    base = doc_ids[0]
    vocab: dict[str, int] = {}
    term_parts: list[np.ndarray] = []
    tf_parts: list[np.ndarray] = []
    sizes = np.zeros(len(doc_ids), dtype=np.int64)
    lengths = np.zeros(len(doc_ids), dtype=np.float64)
    for n, (title, body) in enumerate(analysed):
        merged = body
        for term, count in title.items():
            merged[term] = merged.get(term, 0) + TITLE_WEIGHT * count
        lengths[n] = sum(merged.values())
        # Filter terms are postings with tf 0: stored with impact 1, never scored.
        for term in filters[n]:
            merged[term] = 0
        sizes[n] = len(merged)
        term_parts.append(np.fromiter((vocab.setdefault(t, len(vocab)) for t in merged),
                                      dtype=np.int32, count=len(merged)))
        tf_parts.append(np.fromiter(merged.values(), dtype=np.float32, count=len(merged)))
    terms = np.concatenate(term_parts) if term_parts else np.empty(0, np.int32)
    tfs = np.concatenate(tf_parts) if tf_parts else np.empty(0, np.float32)
    del term_parts, tf_parts
    ordinals = np.repeat(np.arange(len(doc_ids), dtype=np.int64), sizes)
    impacts = _quantise(tfs, lengths[ordinals], float(lengths.mean()))
    del tfs
    docs = (np.array(doc_ids, dtype=np.int64)[ordinals] - base).astype(np.uint32)
    del ordinals
    order = np.lexsort((docs, terms))  # by term, then document
    terms, docs, impacts = terms[order], docs[order], impacts[order]
    bounds = np.flatnonzero(np.diff(terms)) + 1
    starts = np.concatenate(([0], bounds)).astype(np.int64)
    ends = np.concatenate((bounds, [len(terms)])).astype(np.int64)
    names = list(vocab)
    return SegmentData(doc_ids=doc_ids, names=[names[int(terms[i])] for i in starts],
                       starts=starts.tolist(), ends=ends.tolist(), docs=docs,
                       impacts=impacts, total_length=int(lengths.sum()))


_snowball: SnowballAnalyser | None = None


def arrange_words(doc_ids: list[int], texts: list[tuple[str, str]],
                  filters: list[list[str]]) -> SegmentData:
    """Analysis with the Snowball stemmer and arrangement: runs in a worker process."""
    global _snowball
    if _snowball is None:
        _snowball = SnowballAnalyser()
    counts = _snowball.counts
    return arrange(doc_ids, ((counts(title), counts(body)) for title, body in texts), filters)


def arrange_file(path: str) -> SegmentData:
    """A batch that the rebuild wrote to a file (ids, texts, filters), arranged in a worker
    process; the file is removed once read. Through a file, so the rebuild's main process
    keeps no batch in memory while the workers arrange it."""
    with open(path, "rb") as f:
        ids, texts, filters = pickle.load(f)  # noqa: S301 - our own file, just written
    os.unlink(path)
    return arrange_words(ids, texts, filters)


def write_segment(data: SegmentData, *, by_range: bool = False) -> SearchSegment:
    """Write the segment's rows and point its documents at it. by_range (the rebuild, which
    alone writes the index then): every document in the id range without a segment is this
    one's, one ranged UPDATE instead of a list of ids. In one transaction: a segment is
    never seen without its postings (postings.py keeps what it reads of a segment)."""
    with transaction.atomic():
        return _write_segment(data, by_range=by_range)


def _write_segment(data: SegmentData, *, by_range: bool) -> SearchSegment:
    doc_ids = data.doc_ids
    base = doc_ids[0]
    span = doc_ids[-1] - base + 1
    segment = SearchSegment.objects.create(
        min_doc=base, max_doc=doc_ids[-1], doc_count=len(doc_ids),
        total_length=data.total_length,
    )

    def posting(name: str, start: int, end: int) -> SearchPosting:
        ids, imp = data.docs[start:end], data.impacts[start:end]
        count = end - start
        if count * 5 > span:
            full = np.zeros(span, dtype=np.uint8)
            full[ids] = imp
            return SearchPosting(segment=segment, term=name[:100], dense=True, docs=b"",
                                 impacts=full.tobytes(), count=count)
        return SearchPosting(segment=segment, term=name[:100], docs=ids.tobytes(),
                             impacts=imp.tobytes(), count=count)

    SearchPosting.objects.bulk_create(
        (posting(*row) for row in zip(data.names, data.starts, data.ends, strict=True)),
        batch_size=500,
    )
    if by_range:
        SearchDocument.objects.filter(
            id__gte=base, id__lte=doc_ids[-1], segment__isnull=True
        ).update(segment=segment)
    else:
        for chunk in range(0, len(doc_ids), 900):  # SQLite's limit on parameters
            SearchDocument.objects.filter(id__in=doc_ids[chunk:chunk + 900]).update(
                segment=segment)
    return segment


SEARCH_TABLES = (SearchDocument, SearchSegment, SearchPosting)


def refresh_statistics(*, full: bool = False) -> None:
    """Tell the query planner what the index tables hold now, after a rebuild (full) or a
    merge: without it a case-number search at a million items scanned instead of using its
    index. PostgreSQL's ANALYZE samples, so it is bounded either way; on SQLite a full
    ANALYZE reads the tables' indexes (once per rebuild), after a merge PRAGMA optimize
    re-analyses only the tables that changed much."""
    tables = [connection.ops.quote_name(m._meta.db_table) for m in SEARCH_TABLES]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            if full:
                for table in tables:
                    cursor.execute(f"ANALYZE {table}")
            cursor.execute("PRAGMA optimize")


def build_segment(doc_ids: list[int], texts: list[tuple[str, str]],
                  filters: list[list[str]]) -> SearchSegment | None:
    """One segment for these documents (ids ascending), analysed in this process."""
    if not doc_ids:
        return None
    return write_segment(arrange(doc_ids, analyser().analyse(texts), filters))
