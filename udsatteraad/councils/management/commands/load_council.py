"""manage.py load_council FILE: create or update one council from its terms-of-reference file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from udsatteraad.councils.loader import load_council_file
from udsatteraad.lib.yamlfile import LoadError


class Command(BaseCommand):
    help = "Opretter eller opdaterer råd fra YAML-filer med kommissoriet (docs/council-file.md)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        for path in files:
            try:
                result = load_council_file(path)
            except LoadError as e:
                raise CommandError(str(e)) from e
            stats = result.stats
            self.stdout.write(
                _("%(council)s: %(seats)s pladser, %(members)s medlemskaber i filen; "
                  "%(created)s oprettet, %(updated)s opdateret.")
                % {"council": result.council.name, "seats": result.seats,
                   "members": result.memberships, "created": sum(stats.created.values()),
                   "updated": sum(stats.updated.values())}
            )
