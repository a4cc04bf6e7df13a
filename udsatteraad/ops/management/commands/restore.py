"""`manage.py restore PATH`: put a backup made by `manage.py backup` back, database and uploaded
files. Stop the app first. Into a database that holds data only with --replace."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from udsatteraad.ops import backup


class Command(BaseCommand):
    help = "Genskab en backup (database og uploadede filer). Stop appen først."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="backup-mappen (udsatteraad-ÅÅÅÅMMDD-TTMMSS)")
        parser.add_argument("--replace", action="store_true",
                            help="overskriv en database, der allerede har data")

    def handle(self, *args, path: Path, replace: bool, **options):
        try:
            backup.read_manifest(path)
            if not replace and not backup.database_is_empty():
                raise CommandError("Databasen har allerede data. Brug --replace for at "
                                   "overskrive den (tag en backup af den først).")
            manifest = backup.restore(path=path)
        except (backup.BackupError, OSError) as e:
            raise CommandError(str(e)) from e
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Genskabt fra {path}: {len(manifest['tables'])} tabeller, {rows} "
                          f"rækker, {manifest['media_files']} filer. Rækkeantal kontrolleret.")
