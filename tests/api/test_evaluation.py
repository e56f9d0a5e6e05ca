import pytest

from cocreate.evaluation.models import JudgeAssignment, Score
from cocreate.evaluation.services import scores_submit
from cocreate.ideas.enums import Channel, IdeaState
from tests import factories as f

from .helpers import idea_url, org_url

pytestmark = pytest.mark.django_db


def mission_idea(lab, **kwargs):
    return f.IdeaFactory(
        organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission, **kwargs
    )


def test_judge_sees_the_queue(api, lab):
    waiting = mission_idea(lab, title="Waiting")
    mission_idea(lab, title="Own idea", author=lab.users["judge"])
    f.IdeaFactory(organization=lab.org, title="Open channel, no criteria")
    body = api.as_user(lab.users["judge"]).get(f"{org_url(lab)}/evaluation/queue").json()
    assert [(i["id"], i["criteria_count"], i["my_score_count"]) for i in body["items"]] == [
        (waiting.pk, 4, 0)
    ]


def test_queue_is_for_judges(api, lab):
    assert api.as_user(lab.users["executive"]).get(f"{org_url(lab)}/evaluation/queue").status_code == 404


def test_scores_are_put_idempotently(api, lab):
    idea = mission_idea(lab)
    api.as_user(lab.users["judge"])
    empty = api.get(idea_url(lab, idea, "/scores")).json()
    assert [s["value"] for s in empty["scores"]] == [None] * 4
    payload = {
        "scores": [
            {"criterion_id": c.pk, "value": v} for c, v in zip(lab.criteria, [8, 6, 4, 2], strict=True)
        ]
    }
    for _ in range(2):
        response = api.put(idea_url(lab, idea, "/scores"), payload)
        assert response.status_code == 200
    assert [s["value"] for s in response.json()["scores"]] == [8, 6, 4, 2]
    assert Score.objects.filter(idea=idea).count() == 4
    idea.refresh_from_db()
    assert idea.state == IdeaState.IN_EVALUATION


def test_score_out_of_range_is_refused(api, lab):
    idea = mission_idea(lab)
    criterion = lab.criteria[0]
    response = api.as_user(lab.users["judge"]).put(
        idea_url(lab, idea, "/scores"), {"scores": [{"criterion_id": criterion.pk, "value": 11}]}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The score for “Creativity” must be between 0 and 10.",
        "code": "score_range",
    }
    assert not Score.objects.exists()


def test_breakdown_for_staff_and_for_the_author_once_decided(api, lab):
    idea = mission_idea(lab, author=lab.users["partner"])
    scores_submit(idea, judge=lab.users["judge"], values={c.pk: 5 for c in lab.criteria})
    staff = api.as_user(lab.users["executive"]).get(idea_url(lab, idea, "/breakdown")).json()
    assert staff["total"] == 50.0 and staff["judges"] == 1 and len(staff["criteria"]) == 4
    assert api.as_user(lab.users["partner"]).get(idea_url(lab, idea, "/breakdown")).status_code == 404
    idea.state = IdeaState.REJECTED
    idea.save(update_fields=["state"])
    assert api.get(idea_url(lab, idea, "/breakdown")).json()["total"] == 50.0


def test_scoring_another_organizations_idea_is_404(api, labs):
    lab, other = labs
    foreign = mission_idea(other)
    api.as_user(lab.users["judge"])
    payload = {"scores": [{"criterion_id": other.criteria[0].pk, "value": 5}]}
    assert api.put(idea_url(other, foreign, "/scores"), payload).status_code == 404
    assert api.put(idea_url(lab, foreign, "/scores"), payload).status_code == 404
    assert api.get(idea_url(other, foreign, "/breakdown")).status_code == 404
    assert not Score.objects.exists()


def test_manager_sends_an_evaluated_idea_to_the_board(api, labs):
    lab, other = labs
    idea = mission_idea(lab)
    scores_submit(idea, judge=lab.users["judge"], values={c.pk: 5 for c in lab.criteria})
    assert api.as_user(lab.users["judge"]).post(idea_url(lab, idea, "/send-to-board")).status_code == 404
    api.as_user(lab.users["program_manager"])
    response = api.post(idea_url(lab, idea, "/send-to-board"))
    assert response.status_code == 200 and response.json()["state"] == "in_executive_review"
    again = api.post(idea_url(lab, idea, "/send-to-board"))
    assert again.status_code == 409
    foreign = mission_idea(other)
    assert api.post(idea_url(other, foreign, "/send-to-board")).status_code == 404


def test_where_judges_are_assigned_an_unassigned_judge_cannot_score(api, lab):
    mine, theirs = mission_idea(lab), mission_idea(lab)
    other = f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=other, role="judge")
    JudgeAssignment.objects.create(idea=mine, judge=lab.users["judge"])
    JudgeAssignment.objects.create(idea=theirs, judge=other)
    api.as_user(lab.users["judge"])
    payload = {"scores": [{"criterion_id": lab.criteria[0].pk, "value": 5}]}
    assert api.put(idea_url(lab, theirs, "/scores"), payload).status_code == 404
    assert api.put(idea_url(lab, mine, "/scores"), payload).status_code == 200
    assert not Score.objects.filter(idea=theirs).exists()
