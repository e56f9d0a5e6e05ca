"""Permission matrices: every role, on an idea of its own organization and of another."""

import pytest

from cocreate.ideas.enums import Channel, IdeaState
from tests import factories as f
from tests.roles import ROLES_AND_AUTHOR as ROLES
from tests.roles import STAFF, who

pytestmark = pytest.mark.django_db



def check(client, lab, role, idea, perm, path):
    user = who(lab, role, idea)
    allowed = user.has_perm(perm, idea)
    if user.is_authenticated:
        client.force_login(user)
    return allowed, client.get(path).status_code



def detail(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/"


@pytest.mark.parametrize("role", ROLES)
def test_view_open_channel_idea(client, labs, role):
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org)
    foreign = f.IdeaFactory(organization=other.org)
    allowed, status = check(client, lab, role, idea, "ideas.view_idea", detail(lab, idea))
    assert (allowed, status) == (True, 200)
    # The other organization's idea, asked for through this organization's address: 404.
    assert client.get(detail(lab, foreign)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_view_confidential_mission_idea(client, labs, role):
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission)
    foreign = f.IdeaFactory(organization=other.org, channel=Channel.MISSION, program=other.program,
                            mission=other.mission)
    expected = role in STAFF | {"partner", "author"}
    allowed, status = check(client, lab, role, idea, "ideas.view_idea", detail(lab, idea))
    assert (allowed, status) == (expected, 200 if expected else 404)
    user = who(lab, role, idea)
    assert user.has_perm("ideas.view_idea", foreign) is (role == "author" and foreign.author == user)


@pytest.mark.parametrize("role", ROLES)
def test_view_draft(client, labs, role):
    lab, _ = labs
    idea = f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    # A draft is its author's alone: staff read it only once it is submitted.
    expected = role == "author"
    allowed, status = check(client, lab, role, idea, "ideas.view_idea", detail(lab, idea))
    assert (allowed, status) == (expected, 200 if expected else 404)


@pytest.mark.parametrize("role", ROLES)
def test_hide_idea(client, labs, role):
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org)
    foreign = f.IdeaFactory(organization=other.org)
    user = who(lab, role, idea)
    assert user.has_perm("ideas.hide_idea", idea) is (role in {"org_admin", "program_manager", "executive"})
    assert user.has_perm("ideas.hide_idea", foreign) is False


@pytest.mark.parametrize("role", ROLES)
def test_support_and_comment(client, labs, role):
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org)
    user = who(lab, role, idea)
    assert user.has_perm("ideas.support_idea", idea) is (role != "visitor")
    assert user.has_perm("ideas.comment_idea", idea) is (role != "visitor")
    hidden = f.IdeaFactory(organization=lab.org, hidden_at=idea.submitted_at, hidden_reason="x")
    assert user.has_perm("ideas.support_idea", hidden) is False
    foreign_mission_idea = f.IdeaFactory(organization=other.org, channel=Channel.MISSION, program=other.program,
                                         mission=other.mission)
    assert user.has_perm("ideas.support_idea", foreign_mission_idea) is False


@pytest.mark.parametrize("role", ROLES)
def test_change_and_submit(client, labs, role):
    lab, _ = labs
    idea = f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    allowed, status = check(client, lab, role, idea, "ideas.change_idea", f"{detail(lab, idea)}edit/")
    expected = role == "author"
    assert allowed is expected
    assert status == (200 if expected else 302 if role == "visitor" else 404)
    assert who(lab, role, idea).has_perm("ideas.submit_idea", idea) is expected


@pytest.mark.parametrize("role", ROLES)
def test_add_idea_to_open_channel(labs, role):
    lab, other = labs
    user = who(lab, role, f.IdeaFactory(organization=lab.org))
    assert user.has_perm("ideas.add_idea", lab.org) is (role != "visitor")
    other.org.open_channel_enabled = False
    assert user.has_perm("ideas.add_idea", other.org) is False
