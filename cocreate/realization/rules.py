import rules

from cocreate.ideas.enums import IdeaState
from cocreate.organizations.rules import is_executive, is_org_admin


@rules.predicate
def is_decidable(user, idea) -> bool:
    return idea.state in IdeaState.decidable()


@rules.predicate
def is_revivable(user, idea) -> bool:
    return idea.state in (IdeaState.PARKED, IdeaState.REJECTED)


rules.add_perm("realization.view_board", is_executive | is_org_admin)  # obj: organization
rules.add_perm("realization.decide_idea", is_executive & is_decidable)
rules.add_perm("realization.revive_idea", is_executive & is_revivable)
