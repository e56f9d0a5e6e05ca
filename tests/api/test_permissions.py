"""Permission matrices over the API: every role, on an object of its own organization and
on one of another organization, asserting allow or deny exactly, both through
``user.has_perm`` and through the HTTP status. Denied is 404 (missing and forbidden look
alike); an anonymous visitor on an endpoint that needs a signed-in person gets 401."""

import pytest

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.realization.services import idea_decide
from cocreate.recruiting.services import application_submit
from tests import factories as f

from .helpers import ROLES, STAFF, application_url, idea_url, mission_url, org_url, person

pytestmark = pytest.mark.django_db


def status_for(role: str, allowed: bool, ok: int, *, public: bool = False) -> int:
    if allowed:
        return ok
    return 401 if role == "visitor" and not public else 404


def user_of(lab, role, *, author=None):
    """The person behind a role name; "author" and "applicant" name the object's owner."""
    return author if role in {"author", "applicant"} else person(lab, role)


def login(api, user):
    return api.as_user(user if user.is_authenticated else None)


def mission_idea(lab, **kwargs):
    return f.IdeaFactory(
        organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission, **kwargs
    )


@pytest.mark.parametrize("role", ROLES)
def test_idea_create(api, labs, role):
    lab, other = labs
    user = person(lab, role)
    expected = role != "visitor"
    login(api, user)
    for org_lab in (lab, other):  # the open channel is open to every member of the platform
        assert user.has_perm("ideas.add_idea", org_lab.org) is expected
        response = api.post(f"{org_url(org_lab)}/ideas", {"title": "T", "body": "B", "submit": True})
        assert response.status_code == status_for(role, expected, 201)


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_idea_view_open_channel(api, labs, role):
    lab, other = labs
    idea, foreign = f.IdeaFactory(organization=lab.org), f.IdeaFactory(organization=other.org)
    user = user_of(lab, role, author=idea.author)
    login(api, user)
    assert user.has_perm("ideas.view_idea", idea) is True
    assert api.get(idea_url(lab, idea)).status_code == 200
    # Public in its own organization, but never through this organization's address.
    assert user.has_perm("ideas.view_idea", foreign) is True
    assert api.get(idea_url(lab, foreign)).status_code == 404
    assert api.get(idea_url(other, foreign)).status_code == 200


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_idea_view_confidential_mission(api, labs, role):
    lab, other = labs
    idea, foreign = mission_idea(lab), mission_idea(other)
    user = user_of(lab, role, author=idea.author)
    expected = role in STAFF | {"partner", "author"}
    login(api, user)
    assert user.has_perm("ideas.view_idea", idea) is expected
    assert api.get(idea_url(lab, idea)).status_code == status_for(role, expected, 200, public=True)
    assert user.has_perm("ideas.view_idea", foreign) is False
    assert api.get(idea_url(other, foreign)).status_code == 404


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_idea_view_draft(api, labs, role):
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    foreign = f.IdeaFactory(organization=other.org, state=IdeaState.DRAFT, submitted_at=None)
    user = user_of(lab, role, author=idea.author)
    expected = role == "author"  # a draft is its author's alone, staff included
    login(api, user)
    assert user.has_perm("ideas.view_idea", idea) is expected
    assert api.get(idea_url(lab, idea)).status_code == status_for(role, expected, 200, public=True)
    assert user.has_perm("ideas.view_idea", foreign) is False
    assert api.get(idea_url(other, foreign)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_decision(api, labs, role):
    lab, other = labs
    idea, foreign = f.IdeaFactory(organization=lab.org), f.IdeaFactory(organization=other.org)
    user = person(lab, role)
    expected = role == "executive"
    login(api, user)
    assert user.has_perm("realization.decide_idea", idea) is expected
    response = api.post(idea_url(lab, idea, "/decision"), {"kind": "park", "reason": "Later."})
    assert response.status_code == status_for(role, expected, 201)
    assert user.has_perm("realization.decide_idea", foreign) is False
    response = api.post(idea_url(other, foreign, "/decision"), {"kind": "park", "reason": "Later."})
    assert response.status_code == status_for(role, False, 201)


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_score(api, labs, role):
    lab, other = labs
    # The author is a judge too: judges never score their own ideas.
    author = f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=author, role="judge")
    idea, foreign = mission_idea(lab, author=author), mission_idea(other)
    user = user_of(lab, role, author=author)
    expected = role == "judge"
    login(api, user)
    assert user.has_perm("evaluation.score_idea", idea) is expected
    payload = {"scores": [{"criterion_id": c.pk, "value": 5} for c in lab.criteria]}
    assert api.put(idea_url(lab, idea, "/scores"), payload).status_code == status_for(role, expected, 200)
    assert user.has_perm("evaluation.score_idea", foreign) is False
    payload = {"scores": [{"criterion_id": c.pk, "value": 5} for c in other.criteria]}
    assert api.put(idea_url(other, foreign, "/scores"), payload).status_code == status_for(role, False, 200)


def _apply(lab, user):
    question = lab.recruitment.questions.get()
    return application_submit(lab.recruitment, applicant=user, answers={question.pk: "Me!"}, consent=True)


@pytest.mark.parametrize("role", [*ROLES, "applicant"])
def test_application_view(api, labs, role):
    lab, other = labs
    application = _apply(lab, f.UserFactory(name="Applicant"))
    foreign = _apply(other, f.UserFactory())
    user = user_of(lab, role, author=application.applicant)
    expected = role in {"program_manager", "org_admin", "applicant"}
    login(api, user)
    assert user.has_perm("recruiting.view_application", application) is expected
    assert api.get(application_url(lab, application)).status_code == status_for(role, expected, 200)
    assert user.has_perm("recruiting.view_application", foreign) is False
    assert api.get(application_url(other, foreign)).status_code == status_for(role, False, 200)


@pytest.mark.parametrize("role", ROLES)
def test_mission_view_confidential(api, labs, role):
    lab, other = labs
    user = person(lab, role)
    expected = role in STAFF | {"partner"}
    login(api, user)
    assert user.has_perm("missions.view_mission", lab.mission) is expected
    assert api.get(mission_url(lab)).status_code == status_for(role, expected, 200, public=True)
    assert user.has_perm("missions.view_mission", other.mission) is False
    assert api.get(mission_url(other)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_mission_view_public(api, labs, role):
    lab, other = labs
    mission = f.MissionFactory(program=lab.program, visibility="public")
    foreign = f.MissionFactory(program=other.program, visibility="public")
    user = person(lab, role)
    login(api, user)
    assert user.has_perm("missions.view_mission", mission) is True
    assert api.get(mission_url(lab, mission)).status_code == 200
    # Public in its own program, never through this organization's program.
    assert (
        api.get(
            f"/organizations/{lab.org.slug}/programs/{lab.program.slug}/missions/{foreign.pk}"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_mission_submit(api, labs, role):
    lab, other = labs
    user = person(lab, role)
    expected = role == "partner"
    login(api, user)
    assert user.has_perm("missions.submit_to_mission", lab.mission) is expected
    response = api.post(mission_url(lab, suffix="/ideas"), {"title": "T", "body": "B", "submit": True})
    assert response.status_code == status_for(role, expected, 201)
    assert user.has_perm("missions.submit_to_mission", other.mission) is False
    response = api.post(mission_url(other, suffix="/ideas"), {"title": "T", "body": "B"})
    assert response.status_code == status_for(role, False, 201)


@pytest.mark.parametrize("role", ROLES)
def test_board_view(api, labs, role):
    lab, other = labs
    user = person(lab, role)
    expected = role in {"executive", "org_admin"}
    login(api, user)
    assert user.has_perm("realization.view_board", lab.org) is expected
    assert api.get(f"{org_url(lab)}/board").status_code == status_for(role, expected, 200)
    assert user.has_perm("realization.view_board", other.org) is False
    assert api.get(f"{org_url(other)}/board").status_code == status_for(role, False, 200)


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_outcome_update(api, labs, role):
    lab, other = labs
    idea, foreign = f.IdeaFactory(organization=lab.org), f.IdeaFactory(organization=other.org)
    idea_decide(idea, actor=lab.users["executive"], kind="accept", department=lab.department)
    idea_decide(foreign, actor=other.users["executive"], kind="accept", department=other.department)
    user = user_of(lab, role, author=idea.author)
    expected = role in {"internal_partner", "program_manager", "org_admin", "executive"}
    login(api, user)
    assert user.has_perm("retention.update_outcome", idea.outcome) is expected
    url = f"{org_url(lab)}/outcomes/{idea.outcome.pk}/updates"
    assert api.post(url, {"text": "Started.", "progress": 10}).status_code == status_for(role, expected, 201)
    assert user.has_perm("retention.update_outcome", foreign.outcome) is False
    url = f"{org_url(other)}/outcomes/{foreign.outcome.pk}/updates"
    assert api.post(url, {"text": "Started.", "progress": 10}).status_code == status_for(role, False, 201)
