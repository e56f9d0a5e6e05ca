"""Teams: create, invite, answer, leave; the one-team-per-mission rule; pages and permissions."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.missions import teams as svc
from cocreate.missions.models import Team, TeamMember
from cocreate.notifications.models import Notification
from tests import factories as f
from tests.roles import ROLES, status_as, user_of

pytestmark = pytest.mark.django_db


def partner(lab, name="Peer"):
    user = f.UserFactory(name=name)
    f.PartnerFactory(program=lab.program, user=user)
    f.AcceptanceFactory(agreement=lab.agreement, user=user)
    return user


def teams_allowed(lab, size=3):
    lab.mission.team_size_max = size
    lab.mission.save()
    return lab.mission


def page(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{lab.mission.pk}/{suffix}"


def states(team):
    return dict(TeamMember.objects.filter(team=team).values_list("user__name", "state"))


def test_create_invite_accept_leave(lab):
    m = teams_allowed(lab)
    me, peer = lab.users["partner"], partner(lab)
    team = svc.team_create(m, user=me, name="  Sea salt ")
    assert (team.name, team.created_by) == ("Sea salt", me)
    member = svc.team_invite(team, actor=me, user=peer)
    assert svc.team_invite(team, actor=me, user=peer).pk == member.pk
    invited = Notification.objects.get(kind="team_invited")
    assert (invited.user, invited.params) == (peer, {"team": "Sea salt", "mission": m.title, "person": "Partner"})
    assert invited.url == page(lab, f"teams/{team.pk}/")
    svc.team_respond(member, user=peer, accept=True)
    svc.team_respond(member, user=peer, accept=True)
    assert states(team) == {"Partner": "accepted", "Peer": "accepted"}
    assert Notification.objects.get(kind="team_joined").user == me
    assert svc.team_leave(team, user=me) is True
    assert svc.team_leave(team, user=me) is False
    assert Notification.objects.get(kind="team_left").user == peer
    svc.team_leave(team, user=peer)
    assert Team.objects.filter(pk=team.pk).exists()  # kept, empty, for the credit history
    assert list(AuditEvent.objects.filter(verb__startswith="team.").values_list("verb", flat=True)
                .order_by("id")) == ["team.created", "team.invited", "team.joined", "team.left", "team.left"]


def test_create_refusals(lab):
    me = lab.users["partner"]
    with pytest.raises(DomainError) as err:
        svc.team_create(lab.mission, user=me, name="Solo")
    assert err.value.code == "no_teams"
    m = teams_allowed(lab)
    svc.team_create(m, user=me, name="Sea salt")
    with pytest.raises(DomainError) as err:
        svc.team_create(m, user=me, name="Another")
    assert err.value.code == "already_in_team"
    with pytest.raises(DomainError) as err:
        svc.team_create(m, user=partner(lab), name="sea SALT")
    assert err.value.code == "name_taken"
    assert str(err.value.messages[0]) == "A team called “sea SALT” already exists in this mission."


def test_invite_refusals_and_size_counts_pending(lab):
    m = teams_allowed(lab, size=2)
    me = lab.users["partner"]
    team = svc.team_create(m, user=me, name="Duo")
    with pytest.raises(DomainError) as err:
        svc.team_invite(team, actor=me, user=lab.users["partner_pending"])
    assert err.value.code == "cannot_take_part"
    svc.team_invite(team, actor=me, user=partner(lab, "One"))
    with pytest.raises(DomainError) as err:
        svc.team_invite(team, actor=me, user=partner(lab, "Two"))
    assert err.value.code == "team_full"


def test_accepting_while_in_another_team_is_refused(lab):
    m = teams_allowed(lab)
    me, peer = lab.users["partner"], partner(lab)
    mine = svc.team_create(m, user=me, name="Mine")
    svc.team_create(m, user=peer, name="Theirs")
    member = svc.team_invite(mine, actor=me, user=peer)
    with pytest.raises(DomainError) as err:
        svc.team_respond(member, user=peer, accept=True)
    assert err.value.code == "already_in_team"
    with pytest.raises(DomainError) as err:
        svc.team_respond(member, user=me, accept=True)
    assert err.value.code == "not_invitee"
    svc.team_respond(member, user=peer, accept=False)
    with pytest.raises(DomainError) as err:
        svc.team_respond(member, user=peer, accept=True)
    assert err.value.code == "not_pending"
    # Declined people may be invited again.
    assert svc.team_invite(mine, actor=me, user=peer).state == "invited"


def test_the_database_backs_one_team_per_mission(lab):
    m = teams_allowed(lab)
    me, peer = lab.users["partner"], partner(lab)
    mine = svc.team_create(m, user=me, name="Mine")
    member = svc.team_invite(mine, actor=me, user=peer)
    # Joined another team meanwhile (the constraint backs the check against races).
    other = f.TeamFactory(mission=m, name="Other")
    f.TeamMemberFactory(team=other, user=peer, state="accepted")
    with pytest.raises(DomainError) as err:
        svc.team_respond(member, user=peer, accept=True)
    assert err.value.code == "already_in_team"


def test_invitable_people_are_partners_who_may_take_part_and_are_free(lab):
    m = teams_allowed(lab)
    me = lab.users["partner"]
    free, busy = partner(lab, "Free"), partner(lab, "Busy")
    svc.team_create(m, user=busy, name="Busy's")
    team = svc.team_create(m, user=me, name="Mine")
    assert [u.name for u in svc.invitable_people(team)] == ["Free"]
    svc.team_invite(team, actor=me, user=free)
    assert svc.invitable_people(team) == []


@pytest.mark.parametrize("role", ROLES)
def test_manage_team_and_respond(client, labs, role):
    lab, other = labs
    for owner in labs:
        teams_allowed(owner)
    user = user_of(lab, role)
    team = f.TeamFactory(mission=lab.mission)
    f.TeamMemberFactory(team=team, user=lab.users["partner"])
    invitation = f.TeamMemberFactory(team=team, user=lab.users["partner_pending"], state="invited")
    assert user.has_perm("missions.manage_team", team) is (role == "partner")
    assert user.has_perm("missions.respond_team_invitation", invitation) is (role == "partner_pending")
    other_team = f.TeamFactory(mission=other.mission)
    assert user.has_perm("missions.manage_team", other_team) is False
    status, response = status_as(client, user, page(lab, f"teams/{team.pk}/"))
    if role == "visitor":
        assert status == 302 and response["Location"].startswith("/accounts/login/")
    elif role == "partner_pending":
        assert status == 302 and "/agreement/" in response["Location"]
    else:
        assert status == (200 if role in {"partner", "org_admin", "program_manager", "reviewer", "judge",
                                          "executive", "internal_partner"} else 404)


def test_team_pages(client, lab):
    m = teams_allowed(lab)
    me, peer = lab.users["partner"], partner(lab, "Peer")
    client.force_login(me)
    response = client.post(page(lab, "teams/new/"), {"name": "Sea salt"})
    team = Team.objects.get()
    assert response["Location"] == page(lab, f"teams/{team.pk}/")
    response = client.get(response["Location"])
    assert [label for _v, label in response.context["form"].fields["user"].choices] == ["—", "Peer"]
    assert client.post(page(lab, f"teams/{team.pk}/"), {"user": peer.pk}).status_code == 302
    assert states(team) == {"Partner": "accepted", "Peer": "invited"}
    client.force_login(peer)
    response = client.get(page(lab, f"teams/{team.pk}/"))
    assert response.context["invitation"] is not None
    assert client.post(page(lab, f"teams/{team.pk}/"), {"user": peer.pk}).status_code == 404
    client.post(page(lab, f"teams/{team.pk}/respond/"), {"accept": "1"})
    assert states(team)["Peer"] == "accepted"
    client.post(page(lab, f"teams/{team.pk}/leave/"))
    assert states(team)["Peer"] == "left"
    assert m.team_size_max == 3
