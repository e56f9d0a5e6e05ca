"""`manage.py evaluate_incentives [ORGANIZATION PROGRAM]`: grant every incentive whose
condition is met now, for one program or for every active program. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from cocreate.incentives.services import incentives_evaluate
from cocreate.programs.enums import ProgramStatus
from cocreate.programs.models import Program


class Command(BaseCommand):
    help = "Grant every incentive whose condition is met now (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("organization", nargs="?", help="Organization slug.")
        parser.add_argument("program", nargs="?", help="Program slug.")

    def handle(self, *args, organization=None, program=None, **options):
        with scopes_disabled():
            programs = Program.objects.select_related("organization")
            if organization or program:
                if not (organization and program):
                    raise CommandError("Name both the organization and the program, or neither.")
                programs = list(programs.filter(organization__slug=organization, slug=program))
                if not programs:
                    raise CommandError("No such program.")
            else:
                programs = list(programs.filter(status=ProgramStatus.ACTIVE).order_by("organization__slug", "slug"))
        for p in programs:
            with scope(organization=p.organization):
                result = incentives_evaluate(p, actor=None)
            self.stdout.write(f"{p.organization.slug}/{p.slug}: {result.granted} granted, "
                              f"{result.already} already, {result.refused} refused")
