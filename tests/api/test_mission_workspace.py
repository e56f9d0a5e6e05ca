"""GET /api/v1/me/missions: the workspace as JSON."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_my_missions_as_json(client):
    me = f.UserFactory()
    mission = f.MissionFactory(title="Hourly posts", time_zone="Asia/Seoul")
    f.ParticipationFactory(mission=mission, user=me)
    d = f.DeliverableFactory(mission=mission, title="Post 1", due_at=timezone.now() + timedelta(hours=3))
    draft = f.IdeaFactory(organization=mission.program.organization, channel="mission", program=mission.program,
                          mission=mission, author=me, state="draft", deliverable=d)
    f.IdeaFactory(organization=mission.program.organization, channel="mission", program=mission.program,
                  mission=mission, author=f.UserFactory(), state="draft")
    client.force_login(me)
    response = client.get("/api/v1/me/missions")
    assert response.status_code == 200
    [row] = response.json()
    assert (row["id"], row["title"], row["time_zone"]) == (mission.pk, "Hourly posts", "Asia/Seoul")
    assert [(x["id"], x["title"], x["status"]) for x in row["deliverables"]] == [(d.pk, "Post 1", "due")]
    assert [x["id"] for x in row["drafts"]] == [draft.pk]
    assert row["submissions"] == []


def test_needs_sign_in(client):
    assert client.get("/api/v1/me/missions").status_code == 401
