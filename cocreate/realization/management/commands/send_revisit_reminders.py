from django.core.management.base import BaseCommand

from cocreate.realization.revival import revisit_reminders_send


class Command(BaseCommand):
    help = "Remind owners of parked ideas whose “reconsider on” date has come, once each (run daily)."

    def handle(self, *args, **options):
        sent = revisit_reminders_send()
        self.stdout.write(f"{sent} revisit reminders sent")
