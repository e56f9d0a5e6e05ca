from django.core.management.base import BaseCommand

from cocreate.realization.board import overdue_reports_send


class Command(BaseCommand):
    help = "Tell executives about ideas nobody looked at within the review time limit, once a day (run daily)."

    def handle(self, *args, **options):
        sent = overdue_reports_send()
        self.stdout.write(f"{sent} overdue reports sent")
