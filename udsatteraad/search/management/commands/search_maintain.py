"""manage.py search_maintain: the search index's periodic upkeep, for the scheduler (every
few minutes; idempotent, and a run with nothing to do reads only the segment rows).

Publishing appends a small segment and marks the replaced documents dead; this merges the
small segments (bounded: at most MERGE_BUDGET documents a merge, MAX_MERGES merges a run),
rewrites segments that are mostly dead, deletes dead documents' rows, and refreshes the
planner's statistics after a merge. `--force` (nightly) also rewrites every segment with a
dead document and finds documents whose item was deleted behind the index's back."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from udsatteraad.search.maintenance import MAX_MERGES, maintain


class Command(BaseCommand):
    help = "Vedligeholder søgeindekset: slår små segmenter sammen og fjerner døde dokumenter."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="omskriv alle segmenter med døde dokumenter (om natten)")
        parser.add_argument("--max-merges", type=int, default=MAX_MERGES,
                            help="højst så mange sammenlægninger i denne kørsel")

    def handle(self, *args, force: bool, max_merges: int, verbosity: int, **options):
        started = time.perf_counter()
        report = maintain(force=force, max_merges=max(0, max_merges), orphans=force)
        if verbosity > 0:
            self.stdout.write(
                f"Søgeindeks: {report.merges} sammenlægninger af {report.segments_merged} "
                f"segmenter, {report.purged} døde dokumenter fjernet; nu {report.segments} "
                f"segmenter, {report.dead} døde dokumenter "
                f"({time.perf_counter() - started:.1f} s)."
            )
