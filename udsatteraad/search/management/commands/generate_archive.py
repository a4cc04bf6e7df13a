"""manage.py generate_archive --items N --seed S: add a synthetic national archive (98
municipalities and 5 regions, realistic Danish text from the seeds) to the database, for the
search benchmark and for trying the search on realistic volumes. See
udsatteraad/search/synthetic.py; build the index afterwards with `search_index --rebuild`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from udsatteraad.search.synthetic import generate


class Command(BaseCommand):
    help = "Tilføjer et syntetisk landsdækkende arkiv af dagsordenspunkter (til benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=100_000, help="antal punkter")
        parser.add_argument("--seed", type=int, default=1, help="samme seed, samme arkiv")
        parser.add_argument("--no-snapshots", action="store_true",
                            help="ingen referatversioner (mindre database; mødesiden viser "
                                 "så den levende tekst)")

    def handle(self, *args, items: int, seed: int, no_snapshots: bool, verbosity: int,
               **options):
        if items < 1:
            raise CommandError("--items skal være mindst 1.")
        say = (lambda message: self.stdout.write(message)) if verbosity > 0 else None
        figures = generate(items=items, seed=seed, progress=say, snapshots=not no_snapshots)
        self.stdout.write(
            f"{figures['items']:,} punkter ({figures['closed_items']:,} lukkede) på "
            f"{figures['meetings']:,} møder i {figures['councils']} råd, "
            f"{figures['words_per_item']} ord pr. punkt, {figures['minutes_versions']:,} "
            f"referatversioner, {figures['seconds']:.1f} s."
        )
