"""/api/v1/ judging: assignments (program managers), conflicts of interest (judges), the
queue's due dates and comments with scores."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.evaluation.models import JudgeAssignment, JudgeConflict, Score
from cocreate.ideas.enums import Channel, IdeaState
from tests import factories as f

from .helpers import ROLES, idea_url, org_url, program_url

pytestmark = pytest.mark.django_db


def mission_idea(lab, **kwargs):
    kwargs.setdefault("state", IdeaState.SUBMITTED)
    return f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission,
                         **kwargs)


def add_judges(lab, n):
    out = []
    for _ in range(n):
        user = f.UserFactory()
        f.MembershipFactory(organization=lab.org, user=user, role="judge")
        out.append(user)
    return out


def judging(lab, suffix=""):
    return f"{program_url(lab)}/judging{suffix}"


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_assignment_endpoints_matrix(api, labs, role, own):
    home, other = labs
    target = home if own else other
    allowed = own and role in {"org_admin", "program_manager"}
    idea = mission_idea(target)
    api.as_user(home.users[role])
    anonymous = role == "visitor"
    denied = 401 if anonymous else 404
    assert api.get(judging(target, "/assignments")).status_code == (200 if allowed else denied)
    assert api.get(judging(target, "/loads")).status_code == (200 if allowed else denied)
    add = api.post(judging(target, "/assignments"), {"idea_id": idea.pk, "judge_id": target.users["judge"].pk})
    assert add.status_code in ((201,) if allowed else (401, 403, 404))
    assert JudgeAssignment.objects.filter(idea=idea).exists() is allowed
    auto = api.post(judging(target, "/auto"), {"min_judges": 1})
    assert auto.status_code in ((200,) if allowed else (401, 403, 404))
    gone = api.delete(judging(target, f"/assignments/{idea.pk}/{target.users['judge'].pk}"))
    assert gone.status_code in ((204,) if allowed else (401, 403, 404))


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_conflict_endpoints_matrix(api, labs, role, own):
    home, other = labs
    target = home if own else other
    allowed = own and role == "judge"
    api.as_user(home.users[role])
    listed = api.get(f"{org_url(target)}/evaluation/conflicts")
    assert listed.status_code in ((200,) if allowed else (401, 404))
    made = api.post(f"{org_url(target)}/evaluation/conflicts", {"person_id": target.users["partner"].pk})
    assert made.status_code in ((201,) if allowed else (401, 403, 404))
    assert JudgeConflict.objects.exists() is allowed


def test_auto_assign_and_list(api, lab):
    judges = [lab.users["judge"], *add_judges(lab, 2)]
    ideas = [mission_idea(lab) for _ in range(6)]
    JudgeConflict.objects.create(organization=lab.org, judge=judges[0], person=ideas[0].author)
    api.as_user(lab.users["program_manager"])
    due = (timezone.now() + timedelta(days=5)).isoformat()
    body = api.post(judging(lab, "/auto"), {"due_at": due, "seed": 11}).json()
    assert body["created"] == 12 and body["seed"] == 11 and body["short"] == []  # the agreement's 2 per idea
    assert sorted(x["load"] for x in body["loads"]) == [4, 4, 4]
    again = api.post(judging(lab, "/auto"), {}).json()
    assert again["created"] == 0
    page = api.get(judging(lab, "/assignments"), {"limit": 50}).json()
    assert page["count"] == 12
    assert not any(a["judge"]["id"] == judges[0].pk and a["idea_id"] == ideas[0].pk for a in page["items"])


def test_auto_assign_reports_short_ideas(api, lab):
    idea = mission_idea(lab)
    body = api.as_user(lab.users["org_admin"]).post(judging(lab, "/auto"), {"min_judges": 3}).json()
    assert body["short"] == [{"idea_id": idea.pk, "got": 1, "wanted": 1, "eligible": 1}]


def test_manual_assign_is_idempotent_and_refusals_are_400(api, lab):
    judge = lab.users["judge"]
    idea = mission_idea(lab)
    api.as_user(lab.users["program_manager"])
    data = {"idea_id": idea.pk, "judge_id": judge.pk}
    assert api.post(judging(lab, "/assignments"), data).status_code == 201
    assert api.post(judging(lab, "/assignments"), data).status_code == 200
    assert JudgeAssignment.objects.count() == 1
    own = mission_idea(lab, author=judge)
    refused = api.post(judging(lab, "/assignments"), {"idea_id": own.pk, "judge_id": judge.pk})
    assert refused.status_code == 400
    not_judge = api.post(judging(lab, "/assignments"), {"idea_id": idea.pk, "judge_id": lab.users["member"].pk})
    assert not_judge.status_code == 400
    assert api.delete(judging(lab, f"/assignments/{idea.pk}/{judge.pk}")).status_code == 204
    assert api.delete(judging(lab, f"/assignments/{idea.pk}/{judge.pk}")).status_code == 204
    assert not JudgeAssignment.objects.exists()


def test_conflicts_crud(api, lab):
    judge = lab.users["judge"]
    partner = lab.users["partner"]
    api.as_user(judge)
    made = api.post(f"{org_url(lab)}/evaluation/conflicts", {"person_id": partner.pk, "reason": "Sister"})
    assert made.status_code == 201
    assert made.json()["person"] == {"id": partner.pk, "name": partner.display_name}
    assert "email" not in made.text
    assert api.post(f"{org_url(lab)}/evaluation/conflicts", {"person_id": judge.pk}).status_code == 400
    assert api.post(f"{org_url(lab)}/evaluation/conflicts", {"person_id": 10**8}).status_code == 404
    listed = api.get(f"{org_url(lab)}/evaluation/conflicts").json()
    assert [(c["person"]["id"], c["reason"]) for c in listed] == [(partner.pk, "Sister")]
    other, = add_judges(lab, 1)
    cid = listed[0]["id"]
    assert api.as_user(other).delete(f"{org_url(lab)}/evaluation/conflicts/{cid}").status_code == 404
    assert api.as_user(judge).delete(f"{org_url(lab)}/evaluation/conflicts/{cid}").status_code == 204
    assert not JudgeConflict.objects.exists()


def test_queue_has_due_dates_and_hides_conflicts(api, lab):
    judge = lab.users["judge"]
    late = mission_idea(lab)
    later = mission_idea(lab)
    conflicted = mission_idea(lab)
    JudgeAssignment.objects.create(idea=later, judge=judge, due_at=timezone.now() + timedelta(days=3))
    JudgeAssignment.objects.create(idea=late, judge=judge, due_at=timezone.now() - timedelta(hours=1))
    JudgeAssignment.objects.create(idea=conflicted, judge=judge)
    JudgeConflict.objects.create(organization=lab.org, judge=judge, person=conflicted.author)
    items = api.as_user(judge).get(f"{org_url(lab)}/evaluation/queue").json()["items"]
    assert [(i["id"], i["overdue"]) for i in items] == [(late.pk, True), (later.pk, False)]
    assert items[0]["due_at"] is not None


def test_queue_query_count_is_constant(api, lab):
    judge = lab.users["judge"]
    api.as_user(judge)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"{org_url(lab)}/evaluation/queue").status_code == 200
        return len(ctx)

    JudgeAssignment.objects.create(idea=mission_idea(lab), judge=judge, due_at=timezone.now())
    few = count()
    for _ in range(8):
        JudgeAssignment.objects.create(idea=mission_idea(lab), judge=judge, due_at=timezone.now())
    assert count() == few


def test_assignments_list_query_count_is_constant(api, lab):
    add_judges(lab, 3)
    api.as_user(lab.users["program_manager"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(judging(lab, "/assignments")).status_code == 200
            assert api.get(judging(lab, "/loads")).status_code == 200
        return len(ctx)

    mission_idea(lab)
    api.post(judging(lab, "/auto"), {})
    few = count()
    for _ in range(8):
        mission_idea(lab)
    api.post(judging(lab, "/auto"), {})
    assert count() == few


def test_scores_put_with_comments(api, lab):
    idea = mission_idea(lab)
    api.as_user(lab.users["judge"])
    payload = {"scores": [{"criterion_id": c.pk, "value": 5} for c in lab.criteria]}
    payload["scores"][0]["comment"] = "Bold"
    body = api.put(idea_url(lab, idea, "/scores"), payload).json()
    assert [s["comment"] for s in body["scores"]] == ["Bold", "", "", ""]
    # Without comments, the ones written stay.
    payload = {"scores": [{"criterion_id": c.pk, "value": 6} for c in lab.criteria]}
    body = api.put(idea_url(lab, idea, "/scores"), payload).json()
    assert body["scores"][0]["comment"] == "Bold"
    assert Score.objects.get(criterion=lab.criteria[0]).value == 6
    # A conflicted judge can no longer score the idea.
    JudgeConflict.objects.create(organization=lab.org, judge=lab.users["judge"], person=idea.author)
    assert api.put(idea_url(lab, idea, "/scores"), payload).status_code == 404
