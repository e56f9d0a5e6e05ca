import rules
from django.utils import timezone

from cocreate.organizations.rules import is_program_manager
from cocreate.programs.rules import can_view_program

from .enums import ApplicationStatus, RecruitmentStatus, RoundStatus


@rules.predicate
def recruitment_is_open(user, recruitment) -> bool:
    now = timezone.now()
    return recruitment.status == RecruitmentStatus.OPEN and recruitment.opens_at <= now < recruitment.closes_at


@rules.predicate
def recruitment_is_published(user, recruitment) -> bool:
    return recruitment.status != RecruitmentStatus.DRAFT


@rules.predicate
def is_round_reviewer(user, round) -> bool:
    """The person is assigned to review this round; cached per request on the user object,
    since the queue asks once per row."""
    if not getattr(user, "is_authenticated", False) or round is None:
        return False
    cache = user.__dict__.setdefault("_cocreate_round_reviewer", {})
    if round.pk not in cache:
        cache[round.pk] = round.assignments.filter(reviewer=user).exists()
    return cache[round.pk]


@rules.predicate
def round_is_open(user, round) -> bool:
    if round.status != RoundStatus.OPEN:
        return False
    now = timezone.now()
    return (round.opens_at is None or round.opens_at <= now) and (round.closes_at is None or now < round.closes_at)


@rules.predicate
def round_is_closed(user, round) -> bool:
    return round.status == RoundStatus.CLOSED


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
# Screening rounds. obj: the recruitment (manage) or the round.
rules.add_perm("recruiting.manage_rounds", is_program_manager)
rules.add_perm("recruiting.view_review_queue", is_round_reviewer)
rules.add_perm("recruiting.review_round", is_round_reviewer & round_is_open)
# A reviewer's scores stay private to the managers until the round closes; then the round's
# reviewers may compare. Reviewers always see their own scores on the review screen.
rules.add_perm("recruiting.view_round_scores", is_program_manager | (is_round_reviewer & round_is_closed))


# Optimal, diverse selection (recruiting.cohorts) ------------------------------------------

@rules.predicate
def is_invitee(user, entry) -> bool:
    """The person is the applicant of this selection entry (their invitation)."""
    return getattr(user, "is_authenticated", False) and entry is not None and entry.application.applicant_id == user.pk


# obj: the recruitment or one of its selections. Quotas, runs, acceptance and the board.
rules.add_perm("recruiting.manage_selection", is_program_manager)
# obj: a SelectionEntry. Only the invited applicant answers; the service checks the deadline.
rules.add_perm("recruiting.respond_invitation", is_invitee)


@rules.predicate
def application_is_undecided(user, application) -> bool:
    """Nobody has decided on the application yet: it can still be withdrawn."""
    return application.status == ApplicationStatus.SUBMITTED


# The applicant takes back an application while nobody has decided on it. obj: the application.
rules.add_perm("recruiting.withdraw_application", is_applicant & application_is_undecided)
# Bringing in applicants from an intermediary's export: the people who select. obj: the recruitment.
rules.add_perm("recruiting.import_applications", is_program_manager)
