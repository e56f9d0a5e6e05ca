from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cocreate.core.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = (
        "Check a backup archive (manifest and every checksum), then restore its uploaded files and "
        "replace the database with it. Stop the server and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="an archive written by `cocreate backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--check", action="store_true", help="only check the archive; change nothing")

    def handle(self, *args, source, yes=False, check=False, **options):
        try:
            manifest = verify(Path(source))
            media = len(manifest.media)
            self.stdout.write(
                f"{source}: {manifest.vendor} database and {media:,} file(s), "
                f"made {manifest.created_at}; every checksum matches"
            )
            if check:
                return
            if not yes and input(f"Replace the current database with {source}? [y/N] ").strip().lower() != "y":
                raise CommandError("not restored")
            restore(Path(source))
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"restored the database and {media:,} file(s) from {source}")
