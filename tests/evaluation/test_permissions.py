"""Permission matrices: every role, on an idea of its own organization and of another,
through has_perm and through the page (200 or a login redirect vs 404)."""

import pytest

from cocreate.ideas.enums import IdeaState
from tests.roles import ROLES_AND_AUTHOR as ROLES
from tests.roles import expected_status, login, who

from .factories import mission_idea

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_score_idea(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = mission_idea(target, state=IdeaState.IN_EVALUATION)
    user = who(home, role, idea) if own else who(home, role, mission_idea(home))
    allowed = user.has_perm("evaluation.score_idea", idea)
    assert allowed is (own and role == "judge")
    login(client, user)
    status = client.get(f"/o/{target.org.slug}/ideas/{idea.pk}/score/").status_code
    assert status == expected_status(role, allowed)


def test_judges_never_score_their_own_idea(client, lab):
    judge = lab.users["judge"]
    idea = mission_idea(lab, author=judge)
    assert judge.has_perm("evaluation.score_idea", idea) is False
    client.force_login(judge)
    assert client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/score/").status_code == 404


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", [r for r in ROLES if r != "author"])
def test_view_queue(client, labs, role, own):
    home, other = labs
    target = home if own else other
    user = who(home, role)
    allowed = user.has_perm("evaluation.view_queue", target.org)
    assert allowed is (own and role == "judge")
    login(client, user)
    assert client.get(f"/o/{target.org.slug}/evaluation/").status_code == expected_status(role, allowed)


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_send_to_board(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = mission_idea(target, state=IdeaState.IN_EVALUATION)
    user = who(home, role, idea) if own else who(home, role, mission_idea(home))
    allowed = user.has_perm("evaluation.send_to_board", idea)
    assert allowed is (own and role in {"org_admin", "program_manager", "executive"})
    login(client, user)
    status = client.post(f"/o/{target.org.slug}/ideas/{idea.pk}/send-to-board/").status_code
    assert status == (302 if allowed or role == "visitor" else 404)
    idea.refresh_from_db()
    assert idea.state == (IdeaState.IN_EXECUTIVE_REVIEW if allowed else IdeaState.IN_EVALUATION)
