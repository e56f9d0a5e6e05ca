import pytest
from django.utils import timezone

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Comment, Idea, Support
from tests import factories as f

from .helpers import idea_url, org_url

pytestmark = pytest.mark.django_db


def test_open_channel_lists_published_ideas_and_searches(api, lab):
    f.IdeaFactory(organization=lab.org, title="향기로운 캔")
    f.IdeaFactory(organization=lab.org, title="Refill station")
    f.IdeaFactory(organization=lab.org, title="Secret draft", state=IdeaState.DRAFT, submitted_at=None)
    f.IdeaFactory(organization=lab.org, title="Spam", hidden_at=timezone.now(), hidden_reason="spam")
    body = api.get(f"{org_url(lab)}/ideas").json()
    assert {i["title"] for i in body["items"]} == {"향기로운 캔", "Refill station"}
    found = api.get(f"{org_url(lab)}/ideas", {"q": "향기"}).json()
    assert [i["title"] for i in found["items"]] == ["향기로운 캔"]
    assert api.get(f"{org_url(lab)}/ideas", {"q": "station"}).json()["count"] == 1


def test_member_drafts_edits_and_submits(api, lab):
    api.as_user(lab.users["member"])
    created = api.post(f"{org_url(lab)}/ideas", {"title": "Draft", "body": "First words"})
    assert created.status_code == 201 and created.json()["state"] == "draft"
    assert created.json()["permissions"]["change"] is True
    idea = Idea.objects.get()
    changed = api.patch(idea_url(lab, idea), {"title": "Better", "body": "Second words"})
    assert changed.status_code == 200 and changed.json()["title"] == "Better"
    submitted = api.post(idea_url(lab, idea, "/submit"))
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    refused = api.patch(idea_url(lab, idea), {"title": "Sneaky", "body": "edit"})
    assert refused.status_code == 400 and refused.json()["code"] == "not_draft"
    idea.refresh_from_db()
    assert idea.title == "Better"


def test_nobody_else_sees_or_submits_a_draft(api, lab):
    draft = f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    api.as_user(lab.users["member"])
    assert api.get(idea_url(lab, draft)).status_code == 404
    assert api.post(idea_url(lab, draft, "/submit")).status_code == 404


def test_closed_channel_is_refused_with_the_reason(api, lab):
    lab.org.open_channel_enabled = False
    lab.org.save(update_fields=["open_channel_enabled"])
    response = api.as_user(lab.users["member"]).post(f"{org_url(lab)}/ideas", {"title": "T", "body": "B"})
    assert response.status_code == 400 and response.json()["code"] == "channel_closed"


def test_support_is_idempotent_and_withdrawable(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    api.as_user(lab.users["member"])
    first = api.post(idea_url(lab, idea, "/support"))
    assert first.status_code == 201 and first.json() == {"supported": True, "support_count": 1}
    second = api.post(idea_url(lab, idea, "/support"))
    assert second.status_code == 200 and second.json() == {"supported": True, "support_count": 1}
    assert Support.objects.filter(idea=idea).count() == 1
    assert api.get(idea_url(lab, idea)).json()["supported"] is True
    withdrawn = api.delete(idea_url(lab, idea, "/support"))
    assert withdrawn.json() == {"supported": False, "support_count": 0}
    assert api.delete(idea_url(lab, idea, "/support")).json() == {"supported": False, "support_count": 0}


def test_visitors_cannot_support(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    assert api.post(idea_url(lab, idea, "/support")).status_code == 401


def test_comments_are_posted_and_listed(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    f.CommentFactory(idea=idea, body="Hidden rant", hidden_at=timezone.now())
    api.as_user(lab.users["member"])
    created = api.post(idea_url(lab, idea, "/comments"), {"body": "Love the <b>refill</b> idea"})
    assert created.status_code == 201 and created.json()["body"] == "Love the <b>refill</b> idea"
    listed = api.as_user(None).get(idea_url(lab, idea, "/comments")).json()
    assert [c["body"] for c in listed["items"]] == ["Love the <b>refill</b> idea"]
    staff = api.as_user(lab.users["executive"]).get(idea_url(lab, idea, "/comments")).json()
    assert [c["hidden"] for c in staff["items"]] == [True, False]


def test_empty_comment_is_refused(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    response = api.as_user(lab.users["member"]).post(idea_url(lab, idea, "/comments"), {"body": "  "})
    assert response.status_code == 400 and response.json()["code"] == "body_required"
    assert not Comment.objects.exists()


def test_staff_hide_an_idea_with_a_reason(api, lab):
    idea = f.IdeaFactory(organization=lab.org, author=lab.users["member"])
    api.as_user(lab.users["program_manager"])
    assert api.post(idea_url(lab, idea, "/hide"), {"reason": " "}).status_code == 400
    response = api.post(idea_url(lab, idea, "/hide"), {"reason": "Insults another member."})
    assert response.status_code == 200 and response.json()["hidden"] is True
    assert api.as_user(None).get(idea_url(lab, idea)).status_code == 404
    mine = api.as_user(lab.users["member"]).get(idea_url(lab, idea)).json()
    assert mine["hidden_reason"] == "Insults another member." and mine["body"] == idea.body


def test_members_cannot_hide(api, lab):
    idea = f.IdeaFactory(organization=lab.org)
    assert (
        api.as_user(lab.users["member"]).post(idea_url(lab, idea, "/hide"), {"reason": "x"}).status_code
        == 404
    )


def test_ideas_of_another_organization_are_404(api, labs):
    lab, other = labs
    foreign = f.IdeaFactory(organization=other.org)
    api.as_user(lab.users["org_admin"])
    assert api.get(idea_url(lab, foreign)).status_code == 404
    assert api.get(idea_url(lab, foreign, "/comments")).status_code == 404
    assert api.post(idea_url(lab, foreign, "/support")).status_code == 404
    assert api.post(idea_url(lab, foreign, "/hide"), {"reason": "x"}).status_code == 404
    # Through its own organization's address it is public, but the admin there is nobody.
    assert api.post(idea_url(other, foreign, "/hide"), {"reason": "x"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.hidden_at is None
