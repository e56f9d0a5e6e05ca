import pytest

from cocreate.ideas.enums import IdeaState
from cocreate.realization.services import idea_decide
from cocreate.retention.models import OutcomeUpdate
from tests import factories as f

from .helpers import org_url

pytestmark = pytest.mark.django_db


def accepted(lab, **kwargs):
    idea = f.IdeaFactory(organization=lab.org, author=lab.users["member"], **kwargs)
    idea_decide(idea, actor=lab.users["executive"], kind="accept", department=lab.department)
    return idea.outcome


def outcome_url(lab, outcome, suffix=""):
    return f"{org_url(lab)}/outcomes/{outcome.pk}{suffix}"


def test_author_follows_the_outcome(api, lab):
    outcome = accepted(lab)
    body = api.as_user(lab.users["member"]).get(outcome_url(lab, outcome)).json()
    assert body["department"] == lab.department.name and body["progress"] == 0 and body["can_update"] is False
    assert body["idea"]["state"] == "accepted"


def test_internal_partner_posts_progress(api, lab):
    outcome = accepted(lab)
    api.as_user(lab.users["internal_partner"])
    assert api.get(outcome_url(lab, outcome)).json()["can_update"] is True
    first = api.post(outcome_url(lab, outcome, "/updates"), {"text": "Prototype ordered.", "progress": 30})
    assert first.status_code == 201 and first.json()["progress"] == 30
    done = api.post(outcome_url(lab, outcome, "/updates"), {"text": "On shelves.", "progress": 100})
    assert done.status_code == 201
    outcome.idea.refresh_from_db()
    assert outcome.idea.state == IdeaState.IMPLEMENTED
    updates = api.as_user(lab.users["member"]).get(outcome_url(lab, outcome, "/updates")).json()
    assert [u["text"] for u in updates["items"]] == ["On shelves.", "Prototype ordered."]


def test_progress_out_of_range_is_refused(api, lab):
    outcome = accepted(lab)
    response = api.as_user(lab.users["executive"]).post(
        outcome_url(lab, outcome, "/updates"), {"text": "Way ahead", "progress": 120}
    )
    assert response.status_code == 400 and response.json()["code"] == "progress"


def test_others_cannot_post_progress(api, lab):
    outcome = accepted(lab)
    for role in ("member", "judge", "reviewer"):
        response = api.as_user(lab.users[role]).post(
            outcome_url(lab, outcome, "/updates"), {"text": "x", "progress": 5}
        )
        assert response.status_code == 404
    assert not OutcomeUpdate.objects.exists()


def test_outcome_of_another_organization_is_404(api, labs):
    lab, other = labs
    foreign = accepted(other)
    api.as_user(lab.users["internal_partner"])
    assert api.get(outcome_url(lab, foreign)).status_code == 404
    assert api.post(outcome_url(other, foreign, "/updates"), {"text": "x", "progress": 5}).status_code == 404
    assert not OutcomeUpdate.objects.exists()
