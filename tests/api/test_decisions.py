"""Decisions, reasons, explanations, appeals and revival through /api/v1/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.notifications.models import Notification
from cocreate.realization.models import Appeal, Decision, RejectionReason
from cocreate.realization.services import idea_decide, reason_create
from tests import factories as f
from tests.evaluation.factories import mission_idea

from .helpers import ROLES, idea_url, org_url, person

pytestmark = pytest.mark.django_db


def rejected(lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    reason = RejectionReason.objects.filter(organization=lab.org).first() or reason_create(
        lab.org, actor=lab.users["org_admin"], text_en="Too costly", text_ko="비용이 큼")
    idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="Sorry.", reasons=[reason],
                criteria=[lab.criteria[0]])
    return idea


def test_stage_list_release_and_withdraw(api, lab, django_capture_on_commit_callbacks):
    reason = reason_create(lab.org, actor=lab.users["org_admin"], text_en="Too costly", text_ko="비용이 큼")
    first, second = (mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW) for _i in range(2))
    api.as_user(lab.users["executive"])
    refused = api.post(idea_url(lab, first, "/decision"), {"kind": "reject", "reason": "No", "stage": True})
    assert refused.status_code == 400 and refused.json()["code"] == "reasons_required"
    body = api.post(idea_url(lab, first, "/decision"), {
        "kind": "reject", "reason": "No", "reason_ids": [reason.pk], "criterion_ids": [lab.criteria[2].pk],
        "stage": True}).json()
    assert body["released_at"] is None
    staged = api.post(idea_url(lab, second, "/decision"), {"kind": "park", "revisit_condition": "Next year",
                                                           "stage": True}).json()
    listed = api.get(f"{org_url(lab)}/decisions/staged", {"program": lab.program.slug}).json()
    assert listed["count"] == 2
    assert listed["items"][0]["reasons"][0]["id"] == reason.pk
    assert listed["items"][0]["criterion_ids"] == [lab.criteria[2].pk]
    # The author sees nothing yet.
    mine = api.as_user(first.author).get("/me/ideas").json()["items"][0]
    assert mine["state"] == "in_executive_review" and mine["decision"] is None
    api.as_user(lab.users["executive"])
    assert api.delete(f"{org_url(lab)}/decisions/{staged['id']}").status_code == 204
    assert api.delete(f"{org_url(lab)}/decisions/{staged['id']}").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        released = api.post(f"{org_url(lab)}/decisions/release", {}).json()
    assert released == {"released": 1, "stale_idea_ids": []}
    assert api.post(f"{org_url(lab)}/decisions/release", {}).json()["released"] == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (IdeaState.REJECTED, IdeaState.IN_EXECUTIVE_REVIEW)
    fair = api.as_user(first.author).get(idea_url(lab, first, "/fair-decision"),
                                         headers={"Accept-Language": "ko"}).json()
    assert fair["reasons"] == [{"id": reason.pk, "text": "비용이 큼"}]
    assert fair["can_appeal"] and fair["can_request_explanation"]


@pytest.mark.parametrize("role", ROLES)
def test_staged_list_and_release_are_for_executives(api, labs, role):
    lab, other = labs
    user = person(lab, role)
    api.as_user(user if user.is_authenticated else None)
    status = api.get(f"{org_url(lab)}/decisions/staged").status_code
    expected = 200 if role == "executive" else (401 if role == "visitor" else 404)
    assert status == expected
    assert api.get(f"{org_url(other)}/decisions/staged").status_code in (401, 404)
    assert api.post(f"{org_url(other)}/decisions/release", {}).status_code in (401, 403, 404)


def test_staged_list_query_count(api, lab, django_assert_max_num_queries):
    api.as_user(lab.users["executive"])
    reason = reason_create(lab.org, actor=lab.users["org_admin"], text_en="Too costly", text_ko="비용이 큼")

    def add(n):
        for _i in range(n):
            idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
            idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="No", reasons=[reason],
                        stage=True)

    add(2)
    with django_assert_max_num_queries(20) as small:
        assert api.get(f"{org_url(lab)}/decisions/staged").status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(f"{org_url(lab)}/decisions/staged").json()["count"] == 12


def test_reasons_api(api, lab, labs=None):
    api.as_user(lab.users["org_admin"])
    refused = api.post(f"{org_url(lab)}/rejection-reasons", {"text_en": "x", "text_ko": " "})
    assert refused.status_code == 400 and refused.json()["code"] == "both_languages"
    a = api.post(f"{org_url(lab)}/rejection-reasons", {"text_en": "A", "text_ko": "가"}).json()
    b = api.post(f"{org_url(lab)}/rejection-reasons", {"text_en": "B", "text_ko": "나"}).json()
    moved = api.patch(f"{org_url(lab)}/rejection-reasons/{b['id']}", {"move": -1}).json()
    assert moved["order"] == 0
    api.patch(f"{org_url(lab)}/rejection-reasons/{a['id']}", {"active": False})
    assert [r["text"] for r in api.as_user(lab.users["executive"]).get(
        f"{org_url(lab)}/rejection-reasons", headers={"Accept-Language": "en"}).json()] == ["B"]
    assert api.patch(f"{org_url(lab)}/rejection-reasons/{a['id']}", {"active": True}).status_code == 404
    assert api.as_user(lab.users["member"]).get(f"{org_url(lab)}/rejection-reasons").status_code == 404


def test_explanation_and_appeal_through_the_api(api, lab):
    idea = rejected(lab)
    reviewer = f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=reviewer, role="executive")
    expert = lab.users["internal_partner"]
    api.as_user(idea.author)
    req = api.post(idea_url(lab, idea, "/explanation"), {"message": "Why?"})
    assert req.status_code == 201
    rid = req.json()["id"]
    assert api.post(f"{org_url(lab)}/explanations/{rid}/assign", {"user_id": expert.pk}).status_code == 404
    api.as_user(lab.users["executive"])
    assert api.post(f"{org_url(lab)}/explanations/{rid}/assign", {"user_id": expert.pk}).json()["status"] == \
        "assigned"
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    api.as_user(expert)
    assert api.get(f"{org_url(lab)}/explanations").json()["count"] == 1
    proposed = api.post(f"{org_url(lab)}/explanations/{rid}/propose",
                        {"times": [when.isoformat()], "place": "Room 3"}).json()
    assert proposed["status"] == "proposed"
    api.as_user(idea.author)
    assert api.post(f"{org_url(lab)}/explanations/{rid}/confirm", {"at": when.isoformat()}).json()["status"] == \
        "scheduled"
    api.as_user(expert)
    done = api.post(f"{org_url(lab)}/explanations/{rid}/complete", {"outcome": "Explained."}).json()
    assert done["status"] == "done" and done["outcome"] == "Explained."
    # The appeal goes to the other executive, who parks the idea instead.
    api.as_user(idea.author)
    appeal = api.post(idea_url(lab, idea, "/appeal"), {"grounds": "Costs fell."})
    assert appeal.status_code == 201 and appeal.json()["reviewer"]["id"] == reviewer.pk
    again = api.post(idea_url(lab, idea, "/appeal"), {"grounds": "Again."})
    assert again.status_code == 400 and again.json()["code"] == "already_appealed"
    aid = appeal.json()["id"]
    api.as_user(lab.users["executive"])
    assert api.post(f"{org_url(lab)}/appeals/{aid}/decision",
                    {"overturn": False, "explanation": "x"}).status_code == 404
    api.as_user(reviewer)
    assert api.get(f"{org_url(lab)}/appeals").json()["count"] == 1
    result = api.post(f"{org_url(lab)}/appeals/{aid}/decision", {
        "overturn": True, "kind": "park", "explanation": "Fair point; we look again next spring.",
        "revisit_on": (timezone.localdate() + timedelta(days=90)).isoformat()}).json()
    assert result["status"] == "overturned" and result["result"]["kind"] == "park"
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.PARKED
    fair = api.as_user(idea.author).get(idea_url(lab, idea, "/fair-decision")).json()
    assert fair["decision"]["kind"] == "park" and fair["appeal"]["status"] == "overturned"
    assert not fair["can_appeal"]


def test_appeal_after_the_deadline_is_refused(api, lab):
    idea = rejected(lab)
    Decision.objects.filter(idea=idea).update(released_at=timezone.now() - timedelta(days=31))
    response = api.as_user(idea.author).post(idea_url(lab, idea, "/appeal"), {"grounds": "Late"})
    assert response.status_code == 400 and response.json()["code"] == "appeal_closed"
    assert not Appeal.objects.exists()


def test_others_cannot_reach_another_organizations_explanations_and_appeals(api, labs):
    lab, other = labs
    idea = rejected(other)
    api.as_user(idea.author)
    rid = api.post(idea_url(other, idea, "/explanation"), {}).json()["id"]
    aid = api.post(idea_url(other, idea, "/appeal"), {"grounds": "x"}).json()["id"]
    api.as_user(lab.users["executive"])
    for path in (f"{org_url(other)}/explanations/{rid}", f"{org_url(lab)}/explanations/{rid}",
                 f"{org_url(other)}/appeals/{aid}", f"{org_url(lab)}/appeals/{aid}",
                 idea_url(other, idea, "/fair-decision")):
        assert api.get(path).status_code == 404
    assert api.as_user(lab.users["member"]).post(idea_url(other, idea, "/appeal"), {"grounds": "x"}).status_code \
        == 404


def test_revive_into_through_the_api(api, lab):
    idea = rejected(lab)
    later = f.ProgramFactory(organization=lab.org)
    api.as_user(lab.users["program_manager"])
    unknown = api.post(idea_url(lab, idea, "/revive-into"), {"program": "nope"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "program_unknown"
    response = api.post(idea_url(lab, idea, "/revive-into"), {"program": later.slug})
    assert response.status_code == 201
    body = response.json()
    assert body["revived_from"] == idea.pk and body["program"] == later.slug
    assert Notification.objects.filter(kind="idea_revived", user=idea.author).exists()
    assert api.as_user(lab.users["judge"]).post(idea_url(lab, idea, "/revive-into"),
                                                {"program": later.slug}).status_code == 404
