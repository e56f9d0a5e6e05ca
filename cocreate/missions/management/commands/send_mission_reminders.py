from django.core.management.base import BaseCommand

from cocreate.missions.reminders import reminders_send


class Command(BaseCommand):
    help = "Send due-date reminders for deliverables and missions due within 24 hours (run hourly)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} reminders sent")
