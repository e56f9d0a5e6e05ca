import rules
from django.utils import timezone

from cocreate.organizations.rules import is_program_manager
from cocreate.programs.rules import can_view_program

from .enums import RecruitmentStatus


@rules.predicate
def recruitment_is_open(user, recruitment) -> bool:
    now = timezone.now()
    return recruitment.status == RecruitmentStatus.OPEN and recruitment.opens_at <= now < recruitment.closes_at


@rules.predicate
def recruitment_is_published(user, recruitment) -> bool:
    return recruitment.status != RecruitmentStatus.DRAFT


@rules.predicate
def is_applicant(user, application) -> bool:
    return getattr(user, "is_authenticated", False) and application.applicant_id == user.pk


rules.add_perm("recruiting.view_recruitment", is_program_manager | (recruitment_is_published & can_view_program))
rules.add_perm("recruiting.add_recruitment", is_program_manager)  # obj: program
rules.add_perm("recruiting.change_recruitment", is_program_manager)
rules.add_perm("recruiting.apply_recruitment", rules.is_authenticated & recruitment_is_open & can_view_program)
rules.add_perm("recruiting.list_applications", is_program_manager)  # obj: recruitment
# Applicants' personal data: the applicant and the people who select, nobody else.
rules.add_perm("recruiting.view_application", is_applicant | is_program_manager)
rules.add_perm("recruiting.decide_application", is_program_manager)
