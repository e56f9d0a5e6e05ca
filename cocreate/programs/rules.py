import rules

from cocreate.organizations.rules import is_program_manager, is_staff_member

from .enums import AgreementStatus, ProgramStatus
from .selectors import has_accepted_current_agreement, is_partner


def program_of(obj):
    """The program an object belongs to (a mission, an agreement, an idea) or the program."""
    return getattr(obj, "program", obj)


@rules.predicate
def program_is_public(user, obj) -> bool:
    program = program_of(obj)
    return program is not None and program.is_public and program.status != ProgramStatus.DRAFT


@rules.predicate
def is_program_partner(user, obj) -> bool:
    program = program_of(obj)
    return program is not None and is_partner(user, program)


@rules.predicate
def has_accepted_agreement(user, obj) -> bool:
    """The person accepted the version of the agreement now in force."""
    program = program_of(obj)
    return program is not None and has_accepted_current_agreement(user, program)


@rules.predicate
def agreement_is_published(user, agreement) -> bool:
    return agreement.status == AgreementStatus.PUBLISHED


@rules.predicate
def agreement_is_superseded(user, agreement) -> bool:
    return agreement.status == AgreementStatus.SUPERSEDED


@rules.predicate
def agreement_is_draft(user, agreement) -> bool:
    return agreement.status == AgreementStatus.DRAFT


can_view_program = program_is_public | is_program_partner | is_staff_member


@rules.predicate
def program_has_open_mission(user, obj) -> bool:
    """The program has a public or pool mission: people beyond its partners may take part in it,
    behind the agreement (missions.take_part)."""
    from cocreate.missions.models import Mission

    program = program_of(obj)
    return program is not None and Mission.objects.filter(program=program, visibility__in=["public", "pool"]).exists()


rules.add_perm("programs.view_program", can_view_program)
rules.add_perm("programs.add_program", is_program_manager)  # obj: organization
rules.add_perm("programs.change_program", is_program_manager)
rules.add_perm("programs.view_partners", is_staff_member)
# Agreements are published so that anyone considering the program can read the terms.
# An earlier version stays readable by the partners who may have accepted it.
rules.add_perm(
    "programs.view_agreement",
    is_staff_member | (agreement_is_published & can_view_program) | (agreement_is_superseded & is_program_partner),
)
rules.add_perm("programs.add_agreement", is_program_manager)  # obj: program
rules.add_perm("programs.change_agreement", is_program_manager & agreement_is_draft)
rules.add_perm(
    "programs.accept_agreement",
    rules.is_authenticated & agreement_is_published
    & (is_program_partner | (can_view_program & program_has_open_mission)),
)
# Who accepted which version, and the CSV of it: the people who run the program.
rules.add_perm("programs.view_acceptances", is_program_manager)  # obj: program
