import rules

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.rules import is_author
from cocreate.organizations.rules import (
    is_executive,
    is_org_admin,
    is_program_manager,
    is_staff_member,
)

from .enums import AppealStatus, ExplanationStatus


@rules.predicate
def is_decidable(user, idea) -> bool:
    return idea.state in IdeaState.decidable()


@rules.predicate
def is_revivable(user, idea) -> bool:
    return idea.state in (IdeaState.PARKED, IdeaState.REJECTED)


def _on_idea(predicate):
    """A role predicate applied to the organization of an explanation's or appeal's idea."""

    @rules.predicate(name=f"on_idea({predicate.name})")
    def wrapped(user, obj) -> bool:
        return predicate.test(user, obj.idea)

    return wrapped


@rules.predicate
def is_requester(user, req) -> bool:
    return getattr(user, "is_authenticated", False) and req.requested_by_id == user.pk


@rules.predicate
def is_expert(user, req) -> bool:
    return getattr(user, "is_authenticated", False) and req.expert_id == user.pk


@rules.predicate
def explanation_is_open(user, req) -> bool:
    return req.status not in (ExplanationStatus.DONE, ExplanationStatus.CANCELLED)


@rules.predicate
def is_appellant(user, appeal) -> bool:
    return getattr(user, "is_authenticated", False) and appeal.appellant_id == user.pk


@rules.predicate
def is_reviewer(user, appeal) -> bool:
    return getattr(user, "is_authenticated", False) and appeal.reviewer_id == user.pk


@rules.predicate
def appeal_is_open(user, appeal) -> bool:
    return appeal.status == AppealStatus.OPEN


rules.add_perm("realization.view_board", is_executive | is_org_admin)  # obj: organization
rules.add_perm("realization.decide_idea", is_executive & is_decidable)
rules.add_perm("realization.revive_idea", is_executive & is_revivable)
# Staged decisions and their release at the end of a round (obj: organization).
rules.add_perm("realization.release_decisions", is_executive)
# The organization's rejection reason templates (obj: organization).
rules.add_perm("realization.manage_reasons", is_org_admin)
# A parked or rejected idea revived into a new program or mission (obj: the old idea).
rules.add_perm("realization.revive_into", (is_executive | is_program_manager) & is_revivable)
# One-to-one explanations (obj: ExplanationRequest; lists: organization).
_assigners = _on_idea(is_executive) | _on_idea(is_program_manager)
rules.add_perm("realization.view_explanations", is_staff_member)
rules.add_perm("realization.view_explanation", is_requester | is_expert | _assigners)
rules.add_perm("realization.assign_explanation", _assigners & explanation_is_open)
# Appeals (obj: Appeal; lists: organization).
rules.add_perm("realization.view_appeals", is_executive | is_program_manager)
rules.add_perm("realization.view_appeal", is_appellant | is_reviewer | _on_idea(is_executive)
               | _on_idea(is_program_manager))
rules.add_perm("realization.decide_appeal", is_reviewer & appeal_is_open & _on_idea(is_executive))
rules.add_perm("realization.assign_appeal", _on_idea(is_program_manager) & appeal_is_open)
# Business concepts, clustering runs and near-duplicate groups (obj: organization).
rules.add_perm("realization.view_concepts", is_executive | is_org_admin)
rules.add_perm("realization.manage_concepts", is_executive | is_org_admin)
# H6: the board's first looks, forwarding to departments and the archive.
from cocreate.organizations.rules import is_internal_partner  # noqa: E402
from cocreate.organizations.selectors import departments_of  # noqa: E402


@rules.predicate
def is_accepted(user, idea) -> bool:
    return idea.state in (IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED)


@rules.predicate
def is_forwarding_owner(user, forwarding) -> bool:
    return getattr(user, "pk", None) is not None and forwarding.owner_id == user.pk


@rules.predicate
def is_forwarding_partner(user, forwarding) -> bool:
    return forwarding.department_id in departments_of(user, forwarding.idea.organization)


@rules.predicate
def forwarding_is_open(user, forwarding) -> bool:
    return forwarding.acknowledged_at is None


rules.add_perm("realization.mark_seen", is_executive)  # obj: organization
rules.add_perm("realization.forward_idea", is_executive & is_accepted)  # obj: idea
# The idea's hand-off to departments (obj: idea): its author follows it, and the staff.
rules.add_perm("realization.view_hand_offs", is_author | is_staff_member)
rules.add_perm("realization.view_forwarded", is_executive | is_org_admin | is_internal_partner)  # obj: organization
rules.add_perm("realization.acknowledge_forwarding",
               (is_forwarding_owner | is_forwarding_partner) & forwarding_is_open)  # obj: Forwarding
rules.add_perm("realization.search_archive", is_executive | is_program_manager | is_internal_partner)  # obj: org
