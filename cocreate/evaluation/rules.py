import rules

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.rules import is_author
from cocreate.organizations.rules import is_executive, is_judge, is_program_manager, is_staff_member
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


# Judges never score their own ideas.
rules.add_perm("evaluation.score_idea", is_judge & ~is_author & is_scorable & has_published_criteria)
rules.add_perm("evaluation.view_queue", is_judge)  # obj: organization
# Scores are the organization's until a decision is made; then the author sees the breakdown.
rules.add_perm("evaluation.view_scores", is_staff_member | (is_author & is_decided))
rules.add_perm("evaluation.send_to_evaluation", is_program_manager)
rules.add_perm("evaluation.send_to_board", is_program_manager | is_executive)
