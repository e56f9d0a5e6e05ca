"""`cocreate anonymise_applicants`: erase the personal data of declined and withdrawn
applicants past their organization's retention period. Schedule it daily (cron, systemd
timer) or enqueue ``recruiting.tasks.anonymise_applicants``; running it twice is harmless."""

from django.core.management.base import BaseCommand, CommandError

from cocreate.organizations.models import Organization
from cocreate.recruiting.services import applications_anonymise_expired


class Command(BaseCommand):
    help = "Anonymise declined and withdrawn applicants whose organization's retention period has passed."

    def add_arguments(self, parser):
        parser.add_argument("--organization", metavar="SLUG", help="only this organization (default: all)")

    def handle(self, *args, organization: str | None = None, **options):
        org = None
        if organization:
            org = Organization.objects.filter(slug=organization).first()
            if org is None:
                raise CommandError(f"no organization {organization!r}")
        count = applications_anonymise_expired(org)
        self.stdout.write(f"anonymised {count} application{'s' if count != 1 else ''}")
