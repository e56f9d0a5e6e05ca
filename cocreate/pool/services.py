"""Writes on the standing pool: who joins it, their status, and invitations to programs that
need no new open call."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.notifications.services import notify
from cocreate.programs.enums import ProgramStatus
from cocreate.programs.models import Partner
from cocreate.programs.services import partner_add

from .enums import SELF_STATUSES, InvitationStatus, PoolSource, PoolStatus
from .models import PoolInvitation, PoolMember


def _withdraw_pending(member: PoolMember, *, actor) -> int:
    """Withdraw every pending invitation of a member who left the pool or took a break."""
    pending = list(PoolInvitation.objects.filter(member=member, status=InvitationStatus.PENDING))
    for invitation in pending:
        invitation.status, invitation.responded_at = InvitationStatus.WITHDRAWN, timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
        audit_record(actor=actor, verb="pool.invitation_withdrawn", target=invitation,
                     organization=member.organization, data={"program": invitation.program_id})
    return len(pending)


def pool_add(organization, user, *, actor, source_program=None, source: str = PoolSource.SELECTED) -> PoolMember:
    """Put a person in the organization's pool; adding someone already in it changes nothing.

    Alumni who are added again (selected for a new program, invited from the open channel,
    added by hand) become active again. A removed member stays removed unless a manager adds
    them by hand (``source="manager"``): a recruitment selection or the open channel must not
    silently undo a manager's decision to remove someone."""
    source = PoolSource(source)
    if source_program is not None and source_program.organization_id != organization.pk:
        raise DomainError(_("That program belongs to another organization."), code="program_organization")
    member = PoolMember.objects.filter(organization=organization, user=user).first()
    if member is not None:
        reactivate = member.status == PoolStatus.ALUMNI or (
            member.status == PoolStatus.REMOVED and source == PoolSource.MANAGER)
        if reactivate:
            with transaction.atomic():
                previous = member.status
                member.status, member.status_changed_at = PoolStatus.ACTIVE, timezone.now()
                member.save(update_fields=["status", "status_changed_at"])
                audit_record(actor=actor, verb="pool.status_changed", target=member, organization=organization,
                             data={"from": previous, "to": PoolStatus.ACTIVE, "source": source})
        return member
    try:
        with transaction.atomic():
            member = PoolMember.objects.create(organization=organization, user=user, source=source,
                                               source_program=source_program)
            audit_record(actor=actor, verb="pool.added", target=member, organization=organization,
                         data={"user": user.pk, "source": source,
                               "program": source_program.pk if source_program else None})
            if source != PoolSource.SELECTED:
                # Selected partners were just told they are in the cohort; the others learn here
                # why they may hear from the organization without applying.
                notify([user], "pool_joined", params={"organization": organization.name}, url=reverse("pool:mine"))
    except IntegrityError:
        # Two adds at once (a selection and a manager): the first one wins.
        return PoolMember.objects.get(organization=organization, user=user)
    return member


def pool_set_status(member: PoolMember, *, actor, status: str) -> PoolMember:
    """Change a member's status. The person may only switch between active and resting;
    managers set any status. Leaving the pool, or resting, withdraws pending invitations."""
    status = PoolStatus(status)
    if actor is not None and actor.pk == member.user_id and not (
        status in SELF_STATUSES and member.status in SELF_STATUSES
    ):
        raise DomainError(_("You can only pause your membership or take it up again."), code="status_not_allowed")
    if status == member.status:
        return member
    with transaction.atomic():
        previous = member.status
        member.status, member.status_changed_at = status, timezone.now()
        member.save(update_fields=["status", "status_changed_at"])
        withdrawn = _withdraw_pending(member, actor=actor) if status != PoolStatus.ACTIVE else 0
        audit_record(actor=actor, verb="pool.status_changed", target=member, organization=member.organization,
                     data={"from": previous, "to": status, "withdrawn": withdrawn})
    return member


def pool_set_note(member: PoolMember, *, actor, note: str) -> PoolMember:
    """The managers' note on a member (never shown to the member)."""
    note = (note or "").strip()
    if note == member.note:
        return member
    with transaction.atomic():
        member.note = note
        member.save(update_fields=["note"])
        audit_record(actor=actor, verb="pool.note_changed", target=member, organization=member.organization)
    return member


def pool_invite(member: PoolMember, program, *, actor, message: str = "", deadline: date) -> PoolInvitation:
    """Invite an active member to a program (no open call needed). The member is told in
    their own language, in the app and by mail. An earlier invitation to the same program
    that expired unanswered is withdrawn first; one still open is refused as a duplicate."""
    if program.organization_id != member.organization_id:
        raise DomainError(_("That program belongs to another organization."), code="program_organization")
    if member.status != PoolStatus.ACTIVE:
        raise DomainError(_("Only active members of the pool can be invited."), code="not_active")
    if program.status == ProgramStatus.CLOSED:
        raise DomainError(_("This program is closed."), code="program_closed")
    if deadline is None or deadline < timezone.localdate():
        raise DomainError(_("The answer deadline must be today or later."), code="deadline")
    if Partner.objects.filter(program=program, user_id=member.user_id).exists():
        raise DomainError(_("This person is already a partner of the program."), code="already_partner")
    organization = member.organization
    with transaction.atomic():
        earlier = PoolInvitation.objects.select_for_update().filter(
            member=member, program=program, status=InvitationStatus.PENDING).first()
        if earlier is not None:
            if earlier.is_open:
                raise DomainError(_("This person already has an open invitation to the program."),
                                  code="already_invited")
            earlier.status, earlier.responded_at = InvitationStatus.WITHDRAWN, timezone.now()
            earlier.save(update_fields=["status", "responded_at"])
        try:
            with transaction.atomic():
                invitation = PoolInvitation.objects.create(
                    member=member, program=program, message=(message or "").strip(), deadline=deadline,
                    invited_by=actor)
        except IntegrityError:
            raise DomainError(_("This person already has an open invitation to the program."),
                              code="already_invited") from None
        audit_record(actor=actor, verb="pool.invited", target=invitation, organization=organization,
                     data={"member": member.pk, "program": program.pk, "deadline": deadline.isoformat()})
        notify([member.user], "pool_invited",
               params={"organization": organization.name, "program": program.title,
                       "deadline_date_iso": deadline.isoformat(), "message": invitation.message[:1000]},
               url=reverse("pool:mine"))
    return invitation


def pool_invitation_respond(invitation: PoolInvitation, *, actor, accept: bool) -> PoolInvitation:
    """The invitee answers. Accepting makes them a partner of the program through
    programs.services.partner_add, exactly as a selection does; the inviter is told."""
    member = invitation.member
    if actor is None or actor.pk != member.user_id:
        raise DomainError(_("Only the invited person can answer."), code="not_invitee")
    program = invitation.program
    with transaction.atomic():
        # Lock and re-read: a double click or a withdrawal at the same moment answers once.
        status = PoolInvitation.objects.select_for_update().filter(pk=invitation.pk).values_list(
            "status", flat=True).first()
        invitation.status = status
        if status != InvitationStatus.PENDING:
            raise DomainError(_("This invitation was already answered or withdrawn."), code="not_pending")
        if invitation.is_expired:
            raise DomainError(_("The deadline to answer this invitation has passed."), code="expired")
        if accept and member.status == PoolStatus.REMOVED:
            raise DomainError(_("This invitation is no longer valid."), code="not_member")
        if accept and program.status == ProgramStatus.CLOSED:
            raise DomainError(_("This program is closed."), code="program_closed")
        invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
        if accept:
            partner_add(program, user=actor, actor=actor)
        audit_record(actor=actor, verb="pool.invitation_answered", target=invitation,
                     organization=member.organization, data={"accepted": bool(accept), "program": program.pk})
        notify([invitation.invited_by], "pool_invitation_accepted" if accept else "pool_invitation_declined",
               params={"person": actor.display_name, "program": program.title},
               url=reverse("pool:detail", args=[member.organization.slug, member.pk]))
    return invitation


def pool_invitation_withdraw(invitation: PoolInvitation, *, actor) -> PoolInvitation:
    """A manager takes back a pending invitation (also one that expired unanswered)."""
    with transaction.atomic():
        status = PoolInvitation.objects.select_for_update().filter(pk=invitation.pk).values_list(
            "status", flat=True).first()
        if status != InvitationStatus.PENDING:
            raise DomainError(_("This invitation was already answered or withdrawn."), code="not_pending")
        invitation.status, invitation.responded_at = InvitationStatus.WITHDRAWN, timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
        audit_record(actor=actor, verb="pool.invitation_withdrawn", target=invitation,
                     organization=invitation.member.organization, data={"program": invitation.program_id})
    return invitation
