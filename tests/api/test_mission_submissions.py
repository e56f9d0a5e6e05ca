"""Submissions to missions through /api/v1/: every type, drafts, idempotent repeats, late
policy, listing by who may see, attachments, and purchase intent."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.missions.types import mission_type
from tests import factories as f
from tests.missions.test_types import POST, REPORT, SURVEY_TEXT, visit

from .helpers import BASE, idea_url, mission_url

pytestmark = pytest.mark.django_db


def details_for(kind):
    return {"co_development": {"problem": "Rusty cans", "video_url": "https://v.example/1"},
            "co_solving": REPORT, "co_marketing": POST, "mystery_shopping": visit(),
            "survey": {"answers": {"q1": "Instagram", "q2": ["Soap"], "q3": 4}}}[kind]


def with_kind(lab, kind):
    lab.mission.kind = kind
    if kind == "survey":
        lab.mission.config = mission_type("survey").clean_config({"questions": SURVEY_TEXT})
    lab.mission.save()
    return lab.mission


def url(lab, suffix=""):
    return mission_url(lab, suffix="/submissions" + suffix)


@pytest.mark.parametrize("kind", ["co_development", "co_solving", "co_marketing", "mystery_shopping", "survey"])
def test_submit_each_type(api, lab, kind):
    with_kind(lab, kind)
    api.as_user(lab.users["partner"])
    response = api.post(url(lab), {"title": "Mine", "body": "Words", "details": details_for(kind), "submit": True,
                                   "client_key": "k-1"})
    assert response.status_code == 201, response.json()
    body = response.json()
    idea = Idea.objects.get()
    assert (body["id"], body["state"], body["is_late"], body["mission_id"]) == (
        idea.pk, "submitted", False, lab.mission.pk)
    assert body["details"] == idea.details == lab.mission.type.clean_details(lab.mission, details_for(kind))
    assert body["credits"] == [{"id": lab.users["partner"].pk, "name": lab.users["partner"].display_name}]
    again = api.post(url(lab), {"title": "Mine", "body": "Words", "details": details_for(kind), "submit": True,
                                "client_key": "k-1"})
    assert again.status_code == 200 and again.json()["id"] == idea.pk
    assert Idea.objects.count() == 1


@pytest.mark.parametrize("kind", ["co_solving", "mystery_shopping"])
def test_missing_required_details_are_listed(api, lab, kind):
    with_kind(lab, kind)
    response = api.as_user(lab.users["partner"]).post(url(lab), {"title": "T", "body": "B", "submit": True})
    assert response.status_code == 400
    body = response.json()
    codes = [e["code"] for e in body["errors"]]
    assert "required" in codes and len(codes) >= 2
    assert not Idea.objects.exists()
    draft = api.post(url(lab), {"title": "T", "body": "", "submit": False})
    assert draft.status_code == 201 and draft.json()["state"] == "draft"


def test_update_a_draft_then_submit_it(api, lab):
    api.as_user(lab.users["partner"])
    draft = api.post(url(lab), {"title": "T", "body": "B"}).json()
    response = api.put(url(lab, f"/{draft['id']}"), {"title": "T2", "body": "B2", "details": {"problem": "P"},
                                                     "submit": True})
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["state"], response.json()["details"]["problem"]) == (
        "T2", "submitted", "P")
    again = api.put(url(lab, f"/{draft['id']}"), {"title": "T3", "body": "B3"})
    assert again.status_code == 400 and again.json()["code"] == "not_draft"
    api.as_user(lab.users["member"])
    assert api.put(url(lab, f"/{draft['id']}"), {"title": "x", "body": "y"}).status_code == 404


def test_late_work_refused_is_kept_as_a_draft(api, lab):
    lab.mission.starts_at = timezone.now() - timedelta(days=2)
    lab.mission.ends_at = timezone.now() - timedelta(minutes=5)
    lab.mission.save()
    response = api.as_user(lab.users["partner"]).post(url(lab), {"title": "Late", "body": "B", "submit": True})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "mission_closed" and body["detail"].endswith("Your text is kept as a draft.")
    assert body["submission"]["state"] == "draft" and body["submission"]["title"] == "Late"
    lab.mission.late_policy = "mark_late"
    lab.mission.save()
    response = api.put(url(lab, f"/{body['submission']['id']}"), {"title": "Late", "body": "B", "submit": True})
    assert response.status_code == 200 and response.json()["is_late"] is True


def test_deliverable_and_team(api, lab):
    partner = lab.users["partner"]
    deliverable = f.DeliverableFactory(mission=lab.mission)
    team = f.TeamFactory(mission=lab.mission, created_by=partner)
    f.TeamMemberFactory(team=team, user=partner)
    mate = f.TeamMemberFactory(team=team).user
    api.as_user(partner)
    body = api.post(url(lab), {"title": "T", "body": "B", "deliverable_id": deliverable.pk, "team_id": team.pk,
                               "submit": True}).json()
    assert (body["deliverable_id"], body["team_id"]) == (deliverable.pk, team.pk)
    assert {c["id"] for c in body["credits"]} == {partner.pk, mate.pk}
    other = f.DeliverableFactory(mission=f.MissionFactory(program=lab.program))
    response = api.post(url(lab), {"title": "T", "body": "B", "deliverable_id": other.pk})
    assert response.status_code == 400 and response.json()["code"] == "wrong_deliverable"
    assert api.post(url(lab), {"title": "T", "body": "B", "team_id": 999999}).json()["code"] == "wrong_team"


def test_only_those_who_may_take_part_can_submit(api, lab):
    for role in ("member", "partner_pending", "executive", None):
        api.as_user(lab.users[role] if role else None)
        status = api.post(url(lab), {"title": "T", "body": "B"}).status_code
        assert status == (401 if role is None else 404)
    assert not Idea.objects.exists()


def test_another_organizations_mission_is_404(api, labs):
    lab, other = labs
    api.as_user(lab.users["partner"])
    assert api.post(mission_url(other, suffix="/submissions"), {"title": "T", "body": "B"}).status_code == 404
    assert api.get(mission_url(other, suffix="/submissions")).status_code == 404


def _submitted(lab, author, title, state=IdeaState.SUBMITTED):
    return f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=lab.mission,
                         author=author, title=title, state=state,
                         submitted_at=None if state == IdeaState.DRAFT else timezone.now())


def test_list_by_who_may_see(api, lab):
    peer = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=peer)
    f.AcceptanceFactory(agreement=lab.agreement, user=peer)
    _submitted(lab, lab.users["partner"], "Mine")
    _submitted(lab, lab.users["partner"], "My draft", IdeaState.DRAFT)
    _submitted(lab, peer, "Peer's")
    _submitted(lab, peer, "Peer's draft", IdeaState.DRAFT)

    def titles(user):
        return sorted(i["title"] for i in api.as_user(user).get(url(lab)).json()["items"])

    assert titles(lab.users["partner"]) == ["Mine", "My draft", "Peer's"]
    assert titles(lab.users["reviewer"]) == ["Mine", "Peer's"]
    with_kind(lab, "mystery_shopping")
    assert titles(lab.users["partner"]) == ["Mine", "My draft"]
    assert titles(lab.users["reviewer"]) == ["Mine", "Peer's"]
    assert api.as_user(lab.users["member"]).get(url(lab)).status_code == 404


def test_list_query_count_does_not_grow(api, lab, django_assert_max_num_queries):
    for i in range(3):
        _submitted(lab, lab.users["partner"], f"I{i}")
    api.as_user(lab.users["reviewer"])
    with django_assert_max_num_queries(30) as small:
        api.get(url(lab))
    for i in range(20):
        _submitted(lab, lab.users["partner"], f"J{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get(url(lab)).json()["items"]) == 23


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    return SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")


def test_attach_files_to_a_draft(api, lab):
    api.as_user(lab.users["partner"])
    draft = api.post(url(lab), {"title": "T", "body": "B"}).json()
    path = BASE + url(lab, f"/{draft['id']}/attachments")
    response = api.client.post(path, {"files": [_png()]})
    assert response.status_code == 201
    attachment = response.json()["attachments"][0]
    assert (attachment["name"], attachment["content_type"]) == ("a.png", "image/png")
    assert attachment["url"] == f"/o/{lab.org.slug}/ideas/{draft['id']}/files/{attachment['id']}/"
    fake = SimpleUploadedFile("b.png", b"not an image", content_type="image/png")
    refused = api.client.post(path, {"files": [fake]})
    assert refused.status_code == 400 and refused.json()["code"] == "file_type"
    api.as_user(lab.users["member"])
    assert api.client.post(path, {"files": [_png()]}).status_code == 404


def test_the_old_ideas_endpoint_still_submits(api, lab):
    response = api.as_user(lab.users["partner"]).post(mission_url(lab, suffix="/ideas"),
                                                      {"title": "Sea salt", "body": "Fresh", "submit": True})
    assert response.status_code == 201 and response.json()["state"] == "submitted"


def test_purchase_intent(api, lab):
    idea = _submitted(lab, lab.users["partner"], "Mine")
    path = idea_url(lab, idea, "/purchase-intent")
    body = api.as_user(lab.users["reviewer"]).put(path, {"value": 4}).json()
    assert body == {"value": 4, "count": 1, "mean": 4.0}
    assert api.put(path, {"value": 2}).json() == {"value": 2, "count": 1, "mean": 2.0}
    assert api.put(path, {"value": 6}).status_code == 422
    api.as_user(lab.users["partner"])
    assert api.put(path, {"value": 5}).status_code == 404  # the author does not rate their own
    api.as_user(lab.users["member"])
    assert api.put(path, {"value": 5}).status_code == 404
    with_kind(lab, "co_solving")
    assert api.as_user(lab.users["reviewer"]).put(path, {"value": 5}).status_code == 404
