"""Permission matrices for the pool: every role, on its own organization and on another,
through has_perm and through the pages (forbidden answers 404)."""

import pytest

from cocreate.pool.enums import PoolStatus
from cocreate.pool.models import PoolInvitation, PoolMember
from tests import factories as f
from tests.roles import MANAGERS, ROLES, assert_answer, status_as, user_of

from .helpers import invitation_of, member_of

pytestmark = pytest.mark.django_db


def url(lab, suffix=""):
    return f"/o/{lab.org.slug}/pool/{suffix}"


@pytest.fixture
def pooled(labs):
    """One active pool member with a pending invitation in each lab."""
    out = {}
    for lab in labs:
        member = member_of(lab.org)
        invitation = invitation_of(member, f.ProgramFactory(organization=lab.org), by=lab.users["program_manager"])
        out[lab.org.pk] = (member, invitation)
    return out


@pytest.mark.parametrize("role", ROLES)
def test_view_pool(client, labs, pooled, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("pool.view_pool", lab.org) is expected
    assert user.has_perm("pool.view_pool", other.org) is False
    for owner, allowed in ((lab, expected), (other, False)):
        member, _ = pooled[owner.org.pk]
        assert user.has_perm("pool.view_pool", member) is allowed
        for suffix in ("", f"{member.pk}/", "candidates/"):
            status, response = status_as(client, user, url(owner, suffix))
            assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_manage_pool(client, labs, pooled, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    for owner, allowed in ((lab, expected), (other, False)):
        member, _ = pooled[owner.org.pk]
        assert user.has_perm("pool.manage_pool", owner.org) is allowed
        assert user.has_perm("pool.manage_pool", member) is allowed
        status, response = status_as(client, user, url(owner, f"{member.pk}/note/"), "post", {"note": "Kind"})
        assert_answer(role, status, response, allowed, ok=302)
        status, response = status_as(client, user, url(owner, f"{member.pk}/status/"), "post", {"status": "alumni"})
        assert_answer(role, status, response, allowed, ok=302)
        status, response = status_as(client, user, url(owner, "add/"), "post", {"email": owner.users["member"].email})
        assert_answer(role, status, response, allowed, ok=302)
    assert sorted(PoolMember.objects.filter(note="Kind").values_list("organization", flat=True)) == (
        [lab.org.pk] if expected else [])
    assert PoolMember.objects.filter(status=PoolStatus.ALUMNI).count() == (1 if expected else 0)
    assert PoolMember.objects.filter(source="manager").count() == (1 if expected else 0)


@pytest.mark.parametrize("role", ROLES)
def test_invite_member(client, labs, pooled, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    resting = member_of(lab.org, status=PoolStatus.RESTING)
    assert user.has_perm("pool.invite_member", resting) is False
    for owner, allowed in ((lab, expected), (other, False)):
        member, invitation = pooled[owner.org.pk]
        assert user.has_perm("pool.invite_member", member) is allowed
        assert user.has_perm("pool.withdraw_invitation", invitation) is allowed
        status, response = status_as(client, user, url(owner, f"{member.pk}/invite/"))
        assert_answer(role, status, response, allowed)
        status, response = status_as(client, user, url(owner, f"invitations/{invitation.pk}/withdraw/"), "post")
        assert_answer(role, status, response, allowed, ok=302)
    assert PoolInvitation.objects.filter(status="withdrawn").count() == (1 if expected else 0)


@pytest.mark.parametrize("role", [*ROLES, "invitee"])
def test_respond_invitation(client, labs, pooled, role):
    lab, other = labs
    member, invitation = pooled[lab.org.pk]
    user = member.user if role == "invitee" else user_of(lab, role)
    expected = role == "invitee"
    assert user.has_perm("pool.respond_invitation", invitation) is expected
    assert user.has_perm("pool.respond_invitation", pooled[other.org.pk][1]) is False
    assert user.has_perm("pool.rest_membership", member) is expected
    status, response = status_as(client, user, f"/me/pool/invitations/{invitation.pk}/respond/", "post",
                                 {"answer": "decline"})
    assert_answer(role, status, response, expected, ok=302)
    status, response = status_as(client, user, f"/me/pool/{member.pk}/status/", "post", {"status": "resting"})
    assert_answer(role, status, response, expected, ok=302)
    invitation.refresh_from_db()
    member.refresh_from_db()
    assert invitation.status == ("declined" if expected else "pending")
    assert member.status == ("resting" if expected else "active")


def test_answered_or_expired_invitations_cannot_be_answered(labs, pooled):
    lab, _ = labs
    member, invitation = pooled[lab.org.pk]
    invitation.status = "declined"
    assert member.user.has_perm("pool.respond_invitation", invitation) is False
    expired = invitation_of(member, f.ProgramFactory(organization=lab.org), by=lab.users["org_admin"], days=-1)
    assert member.user.has_perm("pool.respond_invitation", expired) is False
    # A manager may still withdraw an expired one.
    assert lab.users["org_admin"].has_perm("pool.withdraw_invitation", expired) is True


@pytest.mark.parametrize("status", [PoolStatus.ALUMNI, PoolStatus.REMOVED])
def test_people_who_left_cannot_put_themselves_back(labs, status):
    lab, _ = labs
    member = member_of(lab.org, status=status)
    assert member.user.has_perm("pool.rest_membership", member) is False
