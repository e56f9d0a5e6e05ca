from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cocreate.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database and every uploaded file, with a manifest and SHA-256 "
        "checksums (SQLite online backup or pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: data/backups/cocreate-<time>.tar)")

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path(settings.DATA_DIR) / "backups" / f"cocreate-{datetime.now():%Y%m%d-%H%M%S}.tar"
        try:
            path = backup(Path(output))
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"{path} ({path.stat().st_size:,} bytes)")
