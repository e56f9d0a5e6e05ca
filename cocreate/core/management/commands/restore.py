from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cocreate.core.backup import restore


class Command(BaseCommand):
    help = "Replace the database's content with a backup. Stop the server and workers first."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file written by `cocreate backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, source, yes=False, **options):
        if not yes and input(f"Replace the current database with {source}? [y/N] ").strip().lower() != "y":
            raise CommandError("not restored")
        restore(Path(source))
        self.stdout.write(f"restored from {source}")
