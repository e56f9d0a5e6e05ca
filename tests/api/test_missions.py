from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Idea
from tests import factories as f

from .helpers import mission_url, program_url

pytestmark = pytest.mark.django_db


def test_confidential_missions_only_for_partners_who_accepted(api, lab):
    public = f.MissionFactory(program=lab.program, title="Open brief", visibility="public")
    titles = lambda: [m["title"] for m in api.get(program_url(lab) + "/missions").json()["items"]]  # noqa: E731
    assert titles() == [public.title]
    api.as_user(lab.users["partner_pending"])
    assert titles() == [public.title]
    api.as_user(lab.users["partner"])
    assert set(titles()) == {lab.mission.title, public.title}


def test_mission_detail_with_tasks(api, lab):
    body = api.as_user(lab.users["partner"]).get(mission_url(lab)).json()
    assert body["title"] == lab.mission.title and body["is_open"] is True and body["can_submit"] is True
    assert [t["title"] for t in body["tasks"]] == [lab.mission.tasks.get().title]


def test_partner_submits_an_idea_to_the_mission(api, lab):
    api.as_user(lab.users["partner"])
    response = api.post(
        mission_url(lab, suffix="/ideas"), {"title": "Sea salt", "body": "A fresh scent.", "submit": True}
    )
    assert response.status_code == 201
    idea = Idea.objects.get(title="Sea salt")
    assert (idea.channel, idea.mission, idea.program, idea.state) == (
        Channel.MISSION,
        lab.mission,
        lab.program,
        IdeaState.SUBMITTED,
    )
    assert response.json()["mission_id"] == lab.mission.pk


def test_closed_mission_says_so(api, lab):
    lab.mission.ends_at = timezone.now() - timedelta(hours=1)
    lab.mission.save(update_fields=["ends_at"])
    response = api.as_user(lab.users["partner"]).post(
        mission_url(lab, suffix="/ideas"), {"title": "T", "body": "B"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The mission is closed; ideas can no longer be submitted to it.",
        "code": "mission_closed",
    }
    assert not Idea.objects.exists()


def test_missions_of_another_organization_are_404(api, labs):
    lab, other = labs
    api.as_user(lab.users["org_admin"])
    assert api.get(mission_url(other)).status_code == 404
    assert api.get(f"{program_url(lab)}/missions/{other.mission.pk}").status_code == 404
    api.as_user(lab.users["partner"])
    assert api.post(mission_url(other, suffix="/ideas"), {"title": "T", "body": "B"}).status_code == 404
    assert not Idea.objects.exists()


def test_manager_creates_a_mission_with_tasks(api, labs):
    lab, other = labs
    payload = {
        "title": "Packaging",
        "brief": "A can that refills.",
        "starts_at": "2027-01-01T00:00:00Z",
        "ends_at": "2027-02-01T00:00:00Z",
        "tasks": [{"title": "Sketch"}, {"title": "Price it", "description": "Under 5,000 won"}],
    }
    api.as_user(lab.users["program_manager"])
    response = api.post(program_url(lab) + "/missions", payload)
    assert response.status_code == 201
    body = response.json()
    assert body["visibility"] == "confidential" and [t["title"] for t in body["tasks"]] == ["Sketch", "Price it"]
    assert api.post(program_url(other) + "/missions", payload).status_code == 404
    assert api.as_user(lab.users["partner"]).post(program_url(lab) + "/missions", payload).status_code == 404
    backwards = {**payload, "ends_at": "2026-12-01T00:00:00Z"}
    response = api.as_user(lab.users["program_manager"]).post(program_url(lab) + "/missions", backwards)
    assert response.status_code == 400 and response.json()["code"] == "period"
