"""The pool pages: list with filters, member detail, invitation, candidates, /me/pool/."""

import pytest

from cocreate.core.models import AuditEvent
from cocreate.ideas.enums import IdeaState
from cocreate.pool.enums import InvitationStatus, PoolSource, PoolStatus
from cocreate.pool.models import PoolInvitation, PoolMember
from cocreate.programs.models import Partner
from tests import factories as f

from .helpers import in_days, invitation_of, member_of

pytestmark = pytest.mark.django_db


def url(lab, suffix=""):
    return f"/o/{lab.org.slug}/pool/{suffix}"


def manager(client, lab):
    client.force_login(lab.users["program_manager"])
    return lab.users["program_manager"]


def test_list_shows_the_track_record_and_is_audited(client, lab):
    manager(client, lab)
    star = member_of(lab.org, name="Star Kim", interests="music")
    f.IdeaFactory(organization=lab.org, author=star.user, state=IdeaState.ACCEPTED)
    quiet = member_of(lab.org, name="Quiet Lee")
    member_of(lab.org, name="Gone Park", status=PoolStatus.REMOVED)
    response = client.get(url(lab))
    assert response.status_code == 200
    text = response.text
    assert "Star Kim" in text and "Quiet Lee" in text and "Gone Park" not in text
    assert text.index("Star Kim") < text.index("Quiet Lee")
    assert "2 members" in text
    event = AuditEvent.objects.get(verb="personal_data.listed")
    assert event.data == {"pool_members": [star.pk, quiet.pk]}


def test_filters_and_htmx_partial(client, lab):
    manager(client, lab)
    member_of(lab.org, name="Star Kim", interests="music")
    member_of(lab.org, name="Quiet Lee", interests="cars")
    response = client.get(url(lab), {"q": "music"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Star Kim" in response.text and "Quiet Lee" not in response.text
    assert "<html" not in response.text
    response = client.get(url(lab), {"status": "removed"})
    assert "No member of the pool matches these filters." in response.text
    assert not AuditEvent.objects.filter(verb="personal_data.listed", data__pool_members=[]).exists()


def test_list_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    manager(client, lab)

    def add(n):
        for _ in range(n):
            member = member_of(lab.org)
            f.PartnerFactory(program=lab.program, user=member.user)
            f.IdeaFactory(organization=lab.org, author=member.user, state=IdeaState.ACCEPTED)
            f.CommentFactory(idea__organization=lab.org, author=member.user)

    add(3)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url(lab)).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(lab)).status_code == 200


def test_detail_shows_profile_record_and_invitations(client, lab):
    boss = manager(client, lab)
    member = member_of(lab.org, name="Star Kim", expertise="Perfumer", region="Seoul", program=lab.program)
    f.PartnerFactory(program=lab.program, user=member.user)
    invitation_of(member, f.ProgramFactory(organization=lab.org, title="Lynx 2"), by=boss, message="Come back")
    response = client.get(url(lab, f"{member.pk}/"))
    assert response.status_code == 200
    for text in ("Star Kim", member.user.email, "Perfumer", "Seoul", lab.program.title, "Lynx 2", "Come back",
                 "Invite to a program", "Withdraw"):
        assert text in response.text
    assert AuditEvent.objects.filter(verb="personal_data.viewed", target_id=member.pk).count() == 1


def test_manager_invites_a_member(client, lab, mailoutbox, django_capture_on_commit_callbacks):
    manager(client, lab)
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org, title="Lynx 2")
    f.ProgramFactory(organization=lab.org, title="Closed one", status="closed")
    response = client.get(url(lab, f"{member.pk}/invite/"))
    assert "Lynx 2" in response.text and "Closed one" not in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(lab, f"{member.pk}/invite/"), {
            "program": program.pk, "message": "We loved your ideas.", "deadline": in_days(7).isoformat()})
    assert response.status_code == 302 and response["Location"] == url(lab, f"{member.pk}/")
    invitation = PoolInvitation.objects.get()
    assert (invitation.program, invitation.message, invitation.deadline) == (program, "We loved your ideas.",
                                                                             in_days(7))
    assert [m.to for m in mailoutbox] == [[member.user.email]]
    # A second invitation while the first is open is refused on the form, keeping the text.
    response = client.post(url(lab, f"{member.pk}/invite/"), {
        "program": program.pk, "message": "Again", "deadline": in_days(7).isoformat()})
    assert response.status_code == 200
    assert "This person already has an open invitation to the program." in response.text
    assert "Again" in response.text
    assert PoolInvitation.objects.count() == 1


def test_a_resting_member_cannot_be_invited(client, lab):
    manager(client, lab)
    member = member_of(lab.org, status=PoolStatus.RESTING)
    response = client.get(url(lab, f"{member.pk}/invite/"))
    assert "only active members can be invited" in response.text
    assert "Send the invitation" not in response.text


def test_manager_adds_by_email(client, lab):
    manager(client, lab)
    person = f.UserFactory(email="Newbie@Example.com")
    response = client.post(url(lab, "add/"), {"email": "newbie@example.com"})
    member = PoolMember.objects.get()
    assert response["Location"] == url(lab, f"{member.pk}/")
    assert (member.user, member.source) == (person, PoolSource.MANAGER)
    response = client.post(url(lab, "add/"), {"email": "nobody@example.com"}, follow=True)
    assert "No account has that email address." in response.text
    assert PoolMember.objects.count() == 1


def test_candidates_page_and_add(client, lab, django_assert_max_num_queries):
    manager(client, lab)
    erin = f.UserFactory(name="Erin")
    f.IdeaFactory(organization=lab.org, author=erin, state=IdeaState.ACCEPTED)
    frank = f.UserFactory(name="Frank")
    f.IdeaFactory(organization=lab.org, author=frank, support_count=4)
    response = client.get(url(lab, "candidates/"))
    assert "Erin" in response.text and "Frank" not in response.text
    assert "Frank" in client.get(url(lab, "candidates/"), {"min_supports": 4}).text
    response = client.post(url(lab, "candidates/add/"), {"user": frank.pk})
    assert response.status_code == 302
    member = PoolMember.objects.get()
    assert (member.user, member.source) == (frank, PoolSource.OPEN_CHANNEL)
    # Someone without an open-channel idea is no candidate.
    assert client.post(url(lab, "candidates/add/"), {"user": lab.users["member"].pk}).status_code == 404
    for _ in range(3):
        f.IdeaFactory(organization=lab.org, state=IdeaState.ACCEPTED)
    with django_assert_max_num_queries(15) as small:
        client.get(url(lab, "candidates/"))
    for _ in range(30):
        f.IdeaFactory(organization=lab.org, state=IdeaState.ACCEPTED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(lab, "candidates/"))


def test_member_accepts_an_invitation_on_my_pool(client, labs, django_assert_max_num_queries):
    lab, other = labs
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org, title="Lynx 2")
    invitation = invitation_of(member, program, by=lab.users["program_manager"], message="Come in")
    elsewhere = member_of(other.org, member.user)
    invitation_of(elsewhere, other.program, by=other.users["org_admin"], message="Elsewhere too")
    client.force_login(member.user)
    with django_assert_max_num_queries(10):
        response = client.get("/me/pool/")
    for text in ("Lynx 2", "Come in", "Elsewhere too", lab.org.name, other.org.name, "Pause invitations"):
        assert text in response.text
    response = client.post(f"/me/pool/invitations/{invitation.pk}/respond/", {"answer": "accept"})
    assert response["Location"] == f"/o/{lab.org.slug}/programs/{program.slug}/agreement/"
    assert Partner.objects.filter(program=program, user=member.user).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    # Answering again tells why, without a 404.
    response = client.post(f"/me/pool/invitations/{invitation.pk}/respond/", {"answer": "decline"}, follow=True)
    assert "This invitation was already answered or withdrawn." in response.text


def test_my_pool_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    member = member_of(lab.org)
    client.force_login(member.user)

    def add(n):
        for _ in range(n):
            invitation_of(member, f.ProgramFactory(organization=lab.org), by=lab.users["program_manager"])
            member_of(f.OrganizationFactory(), member.user)

    add(3)
    with django_assert_max_num_queries(10) as small:
        client.get("/me/pool/")
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/me/pool/")


def test_member_rests(client, lab):
    member = member_of(lab.org)
    client.force_login(member.user)
    client.post(f"/me/pool/{member.pk}/status/", {"status": "resting"})
    member.refresh_from_db()
    assert member.status == PoolStatus.RESTING
    assert "I want invitations again" in client.get("/me/pool/").text
    # The member cannot make themselves alumni.
    response = client.post(f"/me/pool/{member.pk}/status/", {"status": "alumni"}, follow=True)
    assert "Choose a status." in response.text
    member.refresh_from_db()
    assert member.status == PoolStatus.RESTING
