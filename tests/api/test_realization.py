import pytest
from django.utils import timezone

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.realization.models import Decision
from cocreate.retention.models import Outcome
from tests import factories as f

from .helpers import idea_url, org_url

pytestmark = pytest.mark.django_db


def test_board_lists_every_submitted_idea_unfiltered(api, lab):
    f.IdeaFactory(organization=lab.org, title="Open")
    f.IdeaFactory(
        organization=lab.org,
        title="Mission",
        channel=Channel.MISSION,
        program=lab.program,
        mission=lab.mission,
    )
    f.IdeaFactory(organization=lab.org, title="Hidden", hidden_at=timezone.now(), hidden_reason="spam")
    f.IdeaFactory(organization=lab.org, title="Draft", state=IdeaState.DRAFT, submitted_at=None)
    api.as_user(lab.users["executive"])
    body = api.get(f"{org_url(lab)}/board").json()
    assert {i["title"]: i["hidden"] for i in body["items"]} == {
        "Open": False,
        "Mission": False,
        "Hidden": True,
    }
    assert [i["title"] for i in api.get(f"{org_url(lab)}/board", {"channel": "mission"}).json()["items"]] == [
        "Mission"
    ]
    assert api.get(f"{org_url(lab)}/board", {"program": lab.program.slug}).json()["count"] == 1
    assert api.get(f"{org_url(lab)}/board", {"program": "nope"}).json()["count"] == 0


def test_board_is_for_executives_and_admins(api, labs):
    lab, other = labs
    assert api.as_user(lab.users["org_admin"]).get(f"{org_url(lab)}/board").status_code == 200
    assert api.as_user(lab.users["judge"]).get(f"{org_url(lab)}/board").status_code == 404
    assert api.as_user(lab.users["executive"]).get(f"{org_url(other)}/board").status_code == 404


def test_executive_rejects_with_a_reason_and_the_author_reads_it(api, lab):
    idea = f.IdeaFactory(organization=lab.org, author=lab.users["member"])
    api.as_user(lab.users["executive"])
    refused = api.post(idea_url(lab, idea, "/decision"), {"kind": "reject"})
    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    response = api.post(idea_url(lab, idea, "/decision"), {"kind": "reject", "reason": "We sell no cans."})
    assert response.status_code == 201 and response.json()["kind"] == "reject"
    mine = api.as_user(lab.users["member"]).get("/me/ideas").json()["items"][0]
    assert mine["state"] == "rejected" and mine["decision"]["reason"] == "We sell no cans."


def test_acceptance_forwards_to_a_department_and_opens_an_outcome(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    api.as_user(lab.users["executive"])
    assert (
        api.post(idea_url(lab, idea, "/decision"), {"kind": "accept"}).json()["code"] == "department_required"
    )
    foreign = f.DepartmentFactory()
    unknown = api.post(idea_url(lab, idea, "/decision"), {"kind": "accept", "department_id": foreign.pk})
    assert unknown.status_code == 400 and unknown.json()["code"] == "department_unknown"
    response = api.post(
        idea_url(lab, idea, "/decision"), {"kind": "accept", "department_id": lab.department.pk}
    )
    assert response.status_code == 201
    assert response.json()["department"] == {"id": lab.department.pk, "name": lab.department.name}
    outcome = Outcome.objects.get(idea=idea)
    assert api.get(idea_url(lab, idea)).json()["outcome"]["id"] == outcome.pk


def test_deciding_a_decided_idea_again_is_409(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    api.as_user(lab.users["executive"])
    api.post(idea_url(lab, idea, "/decision"), {"kind": "accept", "department_id": lab.department.pk})
    response = api.post(idea_url(lab, idea, "/decision"), {"kind": "park"})
    assert response.status_code == 409
    assert response.json()["detail"] == "An idea that is “Accepted” cannot become “Parked”."
    assert Decision.objects.filter(idea=idea).count() == 1


def test_parked_idea_is_revived_and_others_are_not(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    api.as_user(lab.users["executive"])
    not_yet = api.post(idea_url(lab, idea, "/revive"), {})
    assert (
        not_yet.status_code == 409
        and not_yet.json()["detail"] == "Only parked or rejected ideas can be revived."
    )
    api.post(idea_url(lab, idea, "/decision"), {"kind": "park", "reason": "Next year."})
    revived = api.post(idea_url(lab, idea, "/revive"), {"reason": "Budget found."})
    assert revived.status_code == 200 and revived.json()["state"] == "in_executive_review"
    assert api.as_user(lab.users["org_admin"]).post(idea_url(lab, idea, "/revive"), {}).status_code == 404


def test_deciding_another_organizations_idea_is_404(api, labs):
    lab, other = labs
    foreign = f.IdeaFactory(organization=other.org)
    api.as_user(lab.users["executive"])
    assert api.post(idea_url(other, foreign, "/decision"), {"kind": "park"}).status_code == 404
    assert api.post(idea_url(lab, foreign, "/decision"), {"kind": "park"}).status_code == 404
    assert not Decision.objects.exists()


def test_decision_on_a_stale_state_answers_409(api, lab):
    from cocreate.realization.services import idea_decide

    idea = f.IdeaFactory(organization=lab.org)
    idea_decide(idea, actor=lab.users["executive"], kind="park", reason="Later")
    response = api.as_user(lab.users["executive"]).post(
        f"/organizations/{lab.org.slug}/ideas/{idea.pk}/decision",
        {"kind": "reject", "reason": "No", "seen_state": "submitted"})
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
