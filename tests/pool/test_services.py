"""Writes on the standing pool: joining (also through partner_add), status, invitations."""

import pytest
from django.utils import formats

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.pool.enums import InvitationStatus, PoolSource, PoolStatus
from cocreate.pool.models import PoolInvitation, PoolMember
from cocreate.pool.services import (
    pool_add,
    pool_invitation_respond,
    pool_invitation_withdraw,
    pool_invite,
    pool_set_note,
    pool_set_status,
)
from cocreate.programs.models import Partner
from cocreate.programs.services import partner_add
from tests import factories as f

from .helpers import in_days, invitation_of, member_of

pytestmark = pytest.mark.django_db


def verbs(target):
    return list(AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
                .order_by("id").values_list("verb", flat=True))


def test_a_new_partner_joins_the_pool(lab):
    user = f.UserFactory()
    partner_add(lab.program, user=user, actor=lab.users["program_manager"])
    member = PoolMember.objects.get()
    assert (member.organization, member.user, member.status, member.source, member.source_program) == (
        lab.org, user, PoolStatus.ACTIVE, PoolSource.SELECTED, lab.program)
    assert verbs(member) == ["pool.added"]
    # Selected partners were told by the selection; joining the pool sends nothing more.
    assert not Notification.objects.filter(kind="pool_joined").exists()


def test_joining_twice_changes_nothing(lab):
    user = f.UserFactory()
    other_program = f.ProgramFactory(organization=lab.org)
    partner_add(lab.program, user=user, actor=None)
    partner_add(other_program, user=user, actor=None)
    first = PoolMember.objects.get()
    assert pool_add(lab.org, user, actor=None, source=PoolSource.OPEN_CHANNEL) == first
    assert PoolMember.objects.count() == 1
    assert first.source_program == lab.program
    assert verbs(first) == ["pool.added"]


def test_pools_are_per_organization(labs):
    lab, other = labs
    user = f.UserFactory()
    partner_add(lab.program, user=user, actor=None)
    partner_add(other.program, user=user, actor=None)
    assert sorted(PoolMember.objects.values_list("organization__slug", flat=True)) == sorted(
        [lab.org.slug, other.org.slug])


def test_alumni_come_back_when_added_again(lab):
    member = member_of(lab.org, status=PoolStatus.ALUMNI)
    assert pool_add(lab.org, member.user, actor=None, source_program=lab.program).status == PoolStatus.ACTIVE
    member.refresh_from_db()
    assert member.status == PoolStatus.ACTIVE
    assert verbs(member) == ["pool.status_changed"]


@pytest.mark.parametrize("source", [PoolSource.SELECTED, PoolSource.OPEN_CHANNEL])
def test_a_removed_member_stays_removed_unless_a_manager_adds_them(lab, source):
    member = member_of(lab.org, status=PoolStatus.REMOVED)
    pool_add(lab.org, member.user, actor=None, source=source)
    member.refresh_from_db()
    assert member.status == PoolStatus.REMOVED
    pool_add(lab.org, member.user, actor=lab.users["program_manager"], source=PoolSource.MANAGER)
    member.refresh_from_db()
    assert member.status == PoolStatus.ACTIVE


def test_resting_is_kept_on_a_new_selection(lab):
    member = member_of(lab.org, status=PoolStatus.RESTING)
    partner_add(lab.program, user=member.user, actor=None)
    member.refresh_from_db()
    assert member.status == PoolStatus.RESTING


def test_a_program_of_another_organization_is_refused(labs):
    lab, other = labs
    with pytest.raises(DomainError) as e:
        pool_add(lab.org, f.UserFactory(), actor=None, source_program=other.program)
    assert e.value.code == "program_organization"
    assert not PoolMember.objects.exists()


@pytest.mark.parametrize("source", [PoolSource.OPEN_CHANNEL, PoolSource.MANAGER])
def test_people_added_by_hand_are_told(lab, source, mailoutbox, django_capture_on_commit_callbacks):
    user = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        pool_add(lab.org, user, actor=lab.users["program_manager"], source=source)
    note = Notification.objects.get()
    assert (note.user, note.kind, note.params, note.url) == (user, "pool_joined", {"organization": lab.org.name},
                                                             "/me/pool/")
    assert [m.subject for m in mailoutbox] == [f"You joined the co-creation pool of {lab.org.name}"]


def test_invite_tells_the_member_by_mail(lab, mailoutbox, django_capture_on_commit_callbacks):
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org, title="Lynx 2")
    manager = lab.users["program_manager"]
    with django_capture_on_commit_callbacks(execute=True):
        invitation = pool_invite(member, program, actor=manager, message="  Your scent ideas won.  ",
                                 deadline=in_days(10))
    assert (invitation.status, invitation.message, invitation.invited_by, invitation.deadline) == (
        InvitationStatus.PENDING, "Your scent ideas won.", manager, in_days(10))
    assert verbs(invitation) == ["pool.invited"]
    assert [(m.to, m.subject) for m in mailoutbox] == [([member.user.email], f"{lab.org.name} invites you to “Lynx 2”")]
    # The deadline is written the reader's way, not as an ISO date.
    deadline = formats.date_format(in_days(10), "DATE_FORMAT")
    assert f"Please answer by {deadline} under My pool." in mailoutbox[0].body
    assert "Your scent ideas won." in mailoutbox[0].body
    assert mailoutbox[0].body.endswith("/me/pool/")


@pytest.mark.parametrize(("status", "code"), [(PoolStatus.RESTING, "not_active"), (PoolStatus.ALUMNI, "not_active"),
                                              (PoolStatus.REMOVED, "not_active")])
def test_only_active_members_are_invited(lab, status, code):
    member = member_of(lab.org, status=status)
    with pytest.raises(DomainError) as e:
        pool_invite(member, f.ProgramFactory(organization=lab.org), actor=None, deadline=in_days(3))
    assert e.value.code == code
    assert not PoolInvitation.objects.exists()


def test_invite_refusals(labs):
    lab, other = labs
    manager = lab.users["program_manager"]
    member = member_of(lab.org, user=lab.users["partner"])
    cases = [
        (lab.program, in_days(3), "already_partner"),
        (f.ProgramFactory(organization=lab.org, status="closed"), in_days(3), "program_closed"),
        (f.ProgramFactory(organization=lab.org), in_days(-1), "deadline"),
        (other.program, in_days(3), "program_organization"),
    ]
    for program, deadline, code in cases:
        with pytest.raises(DomainError) as e:
            pool_invite(member, program, actor=manager, deadline=deadline)
        assert e.value.code == code
    assert not PoolInvitation.objects.exists()


def test_an_open_invitation_is_not_sent_twice_but_an_expired_one_is_replaced(lab):
    manager = lab.users["program_manager"]
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org)
    first = pool_invite(member, program, actor=manager, deadline=in_days(0))
    with pytest.raises(DomainError) as e:
        pool_invite(member, program, actor=manager, deadline=in_days(5))
    assert e.value.code == "already_invited"
    PoolInvitation.objects.filter(pk=first.pk).update(deadline=in_days(-1))
    second = pool_invite(member, program, actor=manager, deadline=in_days(5))
    first.refresh_from_db()
    assert (first.status, second.status) == (InvitationStatus.WITHDRAWN, InvitationStatus.PENDING)


def test_accepting_joins_the_cohort_without_an_open_call(lab, mailoutbox, django_capture_on_commit_callbacks):
    manager = lab.users["program_manager"]
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org, title="Lynx 2")
    invitation = invitation_of(member, program, by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        pool_invitation_respond(invitation, actor=member.user, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.responded_at is not None
    partner = Partner.objects.get(program=program)
    assert partner.user == member.user and partner.application is None
    assert PoolMember.objects.count() == 1
    assert verbs(invitation) == ["pool.invitation_answered"]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([manager.email], f"{member.user.display_name} accepted the invitation to “Lynx 2”")]


def test_declining_adds_nobody(lab):
    manager = lab.users["program_manager"]
    member = member_of(lab.org)
    invitation = invitation_of(member, f.ProgramFactory(organization=lab.org), by=manager)
    pool_invitation_respond(invitation, actor=member.user, accept=False)
    assert invitation.status == InvitationStatus.DECLINED
    assert not Partner.objects.filter(user=member.user).exists()
    assert Notification.objects.get().kind == "pool_invitation_declined"


def test_answer_refusals(lab):
    manager = lab.users["program_manager"]
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org)
    invitation = invitation_of(member, program, by=manager)
    with pytest.raises(DomainError) as e:
        pool_invitation_respond(invitation, actor=lab.users["member"], accept=True)
    assert e.value.code == "not_invitee"
    pool_invitation_respond(invitation, actor=member.user, accept=False)
    with pytest.raises(DomainError) as e:
        pool_invitation_respond(invitation, actor=member.user, accept=True)
    assert e.value.code == "not_pending"
    expired = invitation_of(member, f.ProgramFactory(organization=lab.org), by=manager, days=-1)
    with pytest.raises(DomainError) as e:
        pool_invitation_respond(expired, actor=member.user, accept=True)
    assert e.value.code == "expired"
    closing = f.ProgramFactory(organization=lab.org)
    late = invitation_of(member, closing, by=manager)
    closing.status = "closed"
    closing.save()
    late.program = closing
    with pytest.raises(DomainError) as e:
        pool_invitation_respond(late, actor=member.user, accept=True)
    assert e.value.code == "program_closed"
    assert not Partner.objects.filter(user=member.user).exists()


def test_the_member_rests_and_comes_back_but_cannot_leave_by_status(lab):
    member = member_of(lab.org)
    invitation = invitation_of(member, f.ProgramFactory(organization=lab.org), by=lab.users["program_manager"])
    pool_set_status(member, actor=member.user, status=PoolStatus.RESTING)
    invitation.refresh_from_db()
    assert (member.status, invitation.status) == (PoolStatus.RESTING, InvitationStatus.WITHDRAWN)
    pool_set_status(member, actor=member.user, status=PoolStatus.ACTIVE)
    assert member.status == PoolStatus.ACTIVE
    with pytest.raises(DomainError) as e:
        pool_set_status(member, actor=member.user, status=PoolStatus.ALUMNI)
    assert e.value.code == "status_not_allowed"
    assert verbs(member) == ["pool.status_changed", "pool.status_changed"]


def test_a_manager_removes_and_notes(lab):
    manager = lab.users["program_manager"]
    member = member_of(lab.org)
    pool_set_status(member, actor=manager, status=PoolStatus.REMOVED)
    pool_set_note(member, actor=manager, note="  Asked to leave.  ")
    member.refresh_from_db()
    assert (member.status, member.note) == (PoolStatus.REMOVED, "Asked to leave.")
    with pytest.raises(DomainError) as e:
        pool_set_status(member, actor=member.user, status=PoolStatus.ACTIVE)
    assert e.value.code == "status_not_allowed"


def test_withdraw(lab):
    manager = lab.users["program_manager"]
    invitation = invitation_of(member_of(lab.org), f.ProgramFactory(organization=lab.org), by=manager)
    pool_invitation_withdraw(invitation, actor=manager)
    assert invitation.status == InvitationStatus.WITHDRAWN
    with pytest.raises(DomainError) as e:
        pool_invitation_withdraw(invitation, actor=manager)
    assert e.value.code == "not_pending"
