"""Maintain the search index: `--rebuild` builds it again from every public meeting;
`--optimize` merges every small segment and rewrites every segment with dead documents
(`search_maintain --force`).

Publishing keeps the index current by itself (reindex_meeting in each action, appending a
small segment); the scheduler runs `search_maintain` to merge them; `--rebuild` after a
restore or a change of the analysis (e.g. moving between SQLite and PostgreSQL)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from udsatteraad.search.indexing import rebuild_index
from udsatteraad.search.maintenance import maintain


class Command(BaseCommand):
    help = "Genopbyg eller optimer søgeindekset."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="byg hele indekset igen")
        parser.add_argument("--optimize", action="store_true",
                            help="slå små segmenter sammen og fjern døde dokumenter")

    def handle(self, *args, rebuild: bool, optimize: bool, verbosity: int, **options):
        if not rebuild and not optimize:
            raise CommandError("Angiv --rebuild eller --optimize.")
        started = time.perf_counter()
        if rebuild:
            say = (lambda message: self.stdout.write(message)) if verbosity > 1 else None
            figures = rebuild_index(progress=say)
            self.stdout.write(
                f"Indekset er bygget: {figures['documents']} dokumenter, "
                f"{figures['segments']} segmenter, {figures['postings']} postings "
                f"på {figures['seconds']:.1f} s."
            )
        if optimize:
            report = maintain(force=True, max_merges=1_000, orphans=True)
            self.stdout.write(
                f"Optimeret: {report.segments_merged} segmenter slået sammen; nu "
                f"{report.segments} segmenter, {report.dead} døde dokumenter "
                f"({time.perf_counter() - started:.1f} s)."
            )
