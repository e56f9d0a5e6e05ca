"""The participant's workspace: /me/missions/."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cocreate.ideas.models import Credit
from cocreate.missions.workspace import workspace_for_user
from tests import factories as f

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture(autouse=True)
def _now():
    """The factories open missions around the real clock, so "now" is taken when each test
    starts, not when xdist imported the module minutes earlier."""
    global NOW
    NOW = timezone.now()


def _idea(mission, author, deliverable=None, **kwargs):
    return f.IdeaFactory(organization=mission.program.organization, channel="mission", program=mission.program,
                         mission=mission, author=author, deliverable=deliverable, **kwargs)


def test_rows_show_status_per_deliverable_and_sort_by_soonest_due():
    me = f.UserFactory()
    later = f.MissionFactory(title="Later", late_policy="mark_late")
    f.ParticipationFactory(mission=later, user=me)
    soon = f.MissionFactory(title="Soon", ends_at=NOW + timedelta(days=2), time_zone="Asia/Seoul")
    f.ParticipationFactory(mission=soon, user=me)
    d_done = f.DeliverableFactory(mission=soon, title="A", due_at=NOW - timedelta(hours=3))
    d_refused = f.DeliverableFactory(mission=soon, title="B", due_at=NOW - timedelta(hours=2))
    d_due = f.DeliverableFactory(mission=soon, title="C", due_at=NOW + timedelta(hours=5))
    _idea(soon, me, d_done)
    f.DeliverableFactory(mission=later, title="L", due_at=NOW - timedelta(hours=1))
    f.DeliverableFactory(mission=later, title="M", due_at=NOW + timedelta(days=3))
    with translation.override("en"):
        rows = workspace_for_user(me, now=NOW)
    # Overdue work that is still accepted comes first: it is the most urgent.
    assert [r.mission.title for r in rows] == ["Later", "Soon"]
    rows = rows[::-1]
    assert [(d.title, d.status) for d in rows[0].deliverables] == [
        ("A", "submitted"), ("B", "overdue_refused"), ("C", "due")]
    assert rows[0].next_due == d_due.due_at
    assert "Asia/Seoul" in rows[0].deliverables[2].due_text
    assert rows[0].deliverables[2].late_policy.endswith("After that, late work is refused.")
    assert [(d.title, d.status) for d in rows[1].deliverables] == [("L", "overdue_accepted"), ("M", "due")]
    assert d_refused.title == "B"


def test_team_submission_is_mine_and_drafts_are_only_my_own():
    me, mate = f.UserFactory(), f.UserFactory()
    mission = f.MissionFactory()
    team = f.TeamFactory(mission=mission, created_by=mate)
    f.TeamMemberFactory(team=team, user=me)
    f.TeamMemberFactory(team=team, user=mate)
    shared = _idea(mission, mate, team=team, is_late=True)
    Credit.objects.create(idea=shared, user=mate)
    Credit.objects.create(idea=shared, user=me)
    _idea(mission, mate, state="draft")  # a teammate's draft is theirs
    mine = _idea(mission, me, state="draft")
    _idea(f.MissionFactory(), f.UserFactory())  # somebody else's mission
    [row] = workspace_for_user(me, now=NOW)
    assert row.team == team
    assert row.submissions == [shared]
    assert row.drafts == [mine]
    assert [d.status for d in row.deliverables] == ["submitted_late"]


def test_page_lists_only_my_missions_with_links(client):
    me = f.UserFactory()
    mission = f.MissionFactory(title="Hourly posts")
    f.ParticipationFactory(mission=mission, user=me)
    draft = _idea(mission, me, state="draft", title="Half a post")
    other = f.MissionFactory(title="Not mine")
    _idea(other, f.UserFactory(), state="draft", title="Their draft")
    client.force_login(me)
    response = client.get("/me/missions/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hourly posts" in text and "Half a post" in text
    assert f"/o/{mission.program.organization.slug}/ideas/{draft.pk}/" in text
    assert "Not mine" not in text and "Their draft" not in text
    assert 'href="/me/missions/"' in text  # the personal menu


def test_page_needs_sign_in(client):
    response = client.get("/me/missions/")
    assert response.status_code == 302


@pytest.mark.parametrize("n", [1, 10])
def test_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    me = f.UserFactory()
    for _ in range(n):
        mission = f.MissionFactory()
        f.ParticipationFactory(mission=mission, user=me, sub_mission=f.SubMissionFactory(mission=mission))
        d = f.DeliverableFactory(mission=mission)
        _idea(mission, me, d)
        _idea(mission, me, state="draft")
        team = f.TeamFactory(mission=mission)
        f.TeamMemberFactory(team=team, user=me)
    client.force_login(me)
    with django_assert_max_num_queries(14):
        assert client.get("/me/missions/").status_code == 200
