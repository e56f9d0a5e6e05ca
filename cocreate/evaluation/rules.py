import rules

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.rules import is_author
from cocreate.organizations.enums import Role
from cocreate.organizations.rules import (
    has_role,
    is_executive,
    is_judge,
    is_platform_admin,
    is_program_manager,
    is_staff_member,
)
from cocreate.programs.selectors import current_agreement

SCORABLE = frozenset({IdeaState.SUBMITTED, IdeaState.IN_EVALUATION})
DECIDED = frozenset({IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED,
                     IdeaState.PARKED, IdeaState.REJECTED})


@rules.predicate
def is_scorable(user, idea) -> bool:
    return idea.state in SCORABLE and idea.hidden_at is None


@rules.predicate
def has_published_criteria(user, idea) -> bool:
    return idea.program_id is not None and current_agreement(idea.program) is not None


@rules.predicate
def is_decided(user, idea) -> bool:
    return idea.state in DECIDED


@rules.predicate
def has_declared_conflict(user, idea) -> bool:
    from .services_judging import has_conflict

    return has_conflict(user, idea)


@rules.predicate
def is_assigned_where_assigning(user, idea) -> bool:
    """In a program that assigns judges, only the judges assigned to the idea score it (the
    queue shows them nothing else: selectors_judging.judging_visible); a program that assigns
    no one leaves every idea to every judge."""
    from .services_judging import assigned_or_unassigning

    return assigned_or_unassigning(user, idea)


# Judges never score their own ideas, nor those of someone they declared a conflict with, nor,
# where judges are assigned, an idea given to others (a balanced, fair load is the point).
rules.add_perm("evaluation.score_idea",
               is_judge & ~is_author & is_scorable & has_published_criteria & ~has_declared_conflict
               & is_assigned_where_assigning)
# Judging: program managers (and org admins) assign judges (obj: program); judges declare
# their own conflicts of interest (obj: organization).
rules.add_perm("evaluation.manage_judging", is_program_manager)


@rules.predicate
def judge_may_read_scores(user, idea) -> bool:
    from .selectors_judging import scores_open_to_judge

    return idea.pk in scores_open_to_judge(user, [idea])


# Judges judge independently: another judge's scores, comments and the blended total would
# anchor their own, so a judge sees them only once their own scorecard for the idea is complete,
# or once the idea is decided. The agreement offers no exception (its "how ideas are evaluated"
# promises independent judging). Staff in any other role (managers, executives…) see them.
is_staff_beyond_judging = has_role(*(set(Role.values) - {Role.JUDGE})) | is_platform_admin
sees_scores_as_staff = is_staff_beyond_judging | (is_judge & judge_may_read_scores)


@rules.predicate
def shares_comments(user, idea) -> bool:
    agreement = current_agreement(idea.program) if idea.program_id else None
    return agreement is not None and agreement.comments_to_author


# The judges' per-criterion comments (without their names): staff always; the author after the
# decision when the agreement says so.
rules.add_perm("evaluation.view_judges_comments", sees_scores_as_staff | (is_author & is_decided & shares_comments))
rules.add_perm("evaluation.declare_conflict", is_judge)
rules.add_perm("evaluation.view_queue", is_judge)  # obj: organization
# Scores are the organization's until a decision is made; then the author sees the breakdown.
rules.add_perm("evaluation.view_scores", sees_scores_as_staff | (is_author & is_decided))
rules.add_perm("evaluation.send_to_evaluation", is_program_manager)
# A program's ranking, alpha and flags (obj: program): its managers, executives and judges.
rules.add_perm("evaluation.view_results", is_program_manager | is_executive | is_judge)
rules.add_perm("evaluation.send_to_board", is_program_manager | is_executive)


# Crowd ratings and vote integrity (evaluation.integrity, .ratings).
@rules.predicate
def may_support(user, idea) -> bool:
    return user.has_perm("ideas.support_idea", idea)


@rules.predicate
def crowd_rates(user, idea) -> bool:
    """The idea's program agreement takes the crowd vote from 0-5 ratings."""
    from cocreate.programs.enums import CrowdSource

    agreement = current_agreement(idea.program) if idea.program_id else None
    return agreement is not None and agreement.crowd_source == CrowdSource.RATINGS


# The same people who may support may rate, but never their own idea.
rules.add_perm("evaluation.rate_idea", may_support & ~is_author & crowd_rates)
# Held votes (obj: organization): program managers and org admins count or exclude them.
rules.add_perm("evaluation.review_vote_flags", is_program_manager)


# Pairwise voting (obj: program) when the agreement's participants' vote is pairwise or a mission
# of the program enables it: signed-in people who can see the program's ideas (staff, partners
# who accepted the agreement in force, anyone when those ideas are public). The ranking: the
# organization's staff, and the voters when the program is public.
@rules.predicate
def takes_pairwise(user, program) -> bool:
    from .pairwise_votes import program_takes_pairwise

    return program_takes_pairwise(program)


@rules.predicate
def pairwise_ideas_are_public(user, program) -> bool:
    from .pairwise_votes import pairwise_ideas_public

    return pairwise_ideas_public(program)


def _pairwise_rules():
    from cocreate.programs.rules import has_accepted_agreement, program_is_public

    may_vote = rules.is_authenticated & takes_pairwise & (is_staff_member | has_accepted_agreement
                                                          | pairwise_ideas_are_public)
    rules.add_perm("evaluation.pairwise_vote", may_vote)
    rules.add_perm("evaluation.view_pairwise_ranking", takes_pairwise & (is_staff_member
                                                                         | (program_is_public & may_vote)))


_pairwise_rules()
