"""Permission matrices: every role, on an object of its own organization and of another,
through has_perm and through the page (200 or a login redirect vs 404)."""

import pytest

from cocreate.ideas.enums import IdeaState
from tests.evaluation.factories import mission_idea
from tests.roles import ROLES_AND_AUTHOR as ROLES
from tests.roles import expected_status, login, who

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", [r for r in ROLES if r != "author"])
def test_view_board(client, labs, role, own):
    home, other = labs
    target = home if own else other
    user = who(home, role)
    allowed = user.has_perm("realization.view_board", target.org)
    assert allowed is (own and role in {"executive", "org_admin"})
    login(client, user)
    assert client.get(f"/o/{target.org.slug}/board/").status_code == expected_status(role, allowed)


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_decide_idea(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = mission_idea(target, state=IdeaState.IN_EXECUTIVE_REVIEW)
    user = who(home, role, idea) if own else who(home, role, mission_idea(home))
    allowed = user.has_perm("realization.decide_idea", idea)
    assert allowed is (own and role == "executive")
    assert user.has_perm("realization.revive_idea", idea) is False
    login(client, user)
    status = client.get(f"/o/{target.org.slug}/ideas/{idea.pk}/decide/").status_code
    assert status == expected_status(role, allowed)


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_revive_idea(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = mission_idea(target, state=IdeaState.REJECTED)
    user = who(home, role, idea) if own else who(home, role, mission_idea(home))
    allowed = user.has_perm("realization.revive_idea", idea)
    assert allowed is (own and role == "executive")
    assert user.has_perm("realization.decide_idea", idea) is False
    login(client, user)
    status = client.get(f"/o/{target.org.slug}/ideas/{idea.pk}/decide/").status_code
    assert status == expected_status(role, allowed)
