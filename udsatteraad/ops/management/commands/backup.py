"""`manage.py backup [--output DIR] [--keep N]`: the database and the uploaded files into one
new directory under DIR (udsatteraad/ops/backup.py, docs/deploy.md). Run it nightly."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from udsatteraad.ops import backup
from udsatteraad.ops.models import Heartbeat


class Command(BaseCommand):
    help = "Tag backup af databasen og de uploadede filer."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None,
                            help="mappe til backupper (standard: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=0,
                            help="slet alle undtagen de N nyeste backupper i mappen")

    def handle(self, *args, output: Path | None, keep: int, **options):
        output = output or Path(settings.BACKUP_DIR)
        try:
            path = backup.backup(output=output)
        except (backup.BackupError, OSError) as e:
            raise CommandError(str(e)) from e
        manifest = backup.read_manifest(path)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Backup: {path} ({len(manifest['tables'])} tabeller, {rows} rækker, "
                          f"{manifest['media_files']} filer)")
        for old in backup.prune(output=output, keep=keep):
            self.stdout.write(f"Slettet gammel backup: {old}")
        Heartbeat.record("backup")
