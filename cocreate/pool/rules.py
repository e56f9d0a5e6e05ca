"""Who may see and work the standing pool. The pool holds personal data and track records,
so only the organization's program managers and admins see it (not every staff role)."""

import rules

from cocreate.organizations.rules import is_program_manager

from .enums import SELF_STATUSES, InvitationStatus, PoolStatus


@rules.predicate
def member_accepts_invitations(user, member) -> bool:
    """Only active members are invited: resting ones asked for a break, alumni and removed
    ones left the pool."""
    return member is not None and member.status == PoolStatus.ACTIVE


@rules.predicate
def is_invitee(user, invitation) -> bool:
    return (getattr(user, "is_authenticated", False) and invitation is not None
            and invitation.member.user_id == user.pk)


@rules.predicate
def invitation_is_open(user, invitation) -> bool:
    """Pending and within its deadline."""
    return invitation is not None and invitation.is_open


@rules.predicate
def invitation_is_pending(user, invitation) -> bool:
    """Not yet answered or withdrawn (an expired one can still be withdrawn)."""
    return invitation is not None and invitation.status == InvitationStatus.PENDING


@rules.predicate
def is_pool_member_self(user, member) -> bool:
    return getattr(user, "is_authenticated", False) and member is not None and member.user_id == user.pk


@rules.predicate
def member_may_rest(user, member) -> bool:
    """Active and resting members switch between the two; alumni and removed ones cannot
    put themselves back."""
    return member is not None and member.status in SELF_STATUSES


# obj: the organization or one of its pool members.
rules.add_perm("pool.view_pool", is_program_manager)
rules.add_perm("pool.manage_pool", is_program_manager)
rules.add_perm("pool.invite_member", is_program_manager & member_accepts_invitations)  # obj: member
# obj: an invitation. Managers withdraw, the invitee answers.
rules.add_perm("pool.withdraw_invitation", is_program_manager & invitation_is_pending)
rules.add_perm("pool.respond_invitation", is_invitee & invitation_is_open)
# obj: a membership. The person rests or comes back; managers set any status.
rules.add_perm("pool.rest_membership", is_pool_member_self & member_may_rest)
