from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cocreate.core.backup import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite online backup or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: data/backups/cocreate-<time>.*)")

    def handle(self, *args, output=None, **options):
        from django.db import connection

        if output is None:
            suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
            output = Path(settings.DATA_DIR) / "backups" / f"cocreate-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
        path = backup(Path(output))
        self.stdout.write(f"{path} ({path.stat().st_size:,} bytes)")
