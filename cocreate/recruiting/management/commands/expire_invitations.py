"""`manage.py expire_invitations`: expire invitations past their deadline and refill the seats
from the waitlist (run it from cron, or let `cocreate worker` run the task)."""

from django.core.management.base import BaseCommand

from cocreate.recruiting.cohorts import invitations_expire


class Command(BaseCommand):
    help = "Expire selection invitations past their deadline and invite from the waitlist."

    def handle(self, *args, **options):
        count = invitations_expire()
        self.stdout.write(f"{count} invitation(s) expired")
