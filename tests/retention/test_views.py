"""Outcomes of accepted ideas: the list, one outcome, and progress updates."""

import pytest
from django.utils import timezone

from cocreate.ideas.enums import IdeaState
from cocreate.notifications.models import Notification
from cocreate.retention.models import Outcome, OutcomeUpdate
from tests import factories as f
from tests.evaluation.factories import mission_idea

pytestmark = pytest.mark.django_db


def list_url(lab):
    return f"/o/{lab.org.slug}/outcomes/"


def detail_url(lab, outcome):
    return f"/o/{lab.org.slug}/outcomes/{outcome.pk}/"


def outcome_of(idea, department, progress=0):
    return Outcome.objects.create(idea=idea, department=department, progress=progress)


@pytest.fixture
def outcomes(lab):
    """An accepted open-channel idea for the lab's department, an accepted confidential
    mission idea for another department, and an idea that is still being evaluated."""
    marketing = f.DepartmentFactory(organization=lab.org, name="Marketing")
    public = outcome_of(f.IdeaFactory(organization=lab.org, title="Public refill", state=IdeaState.ACCEPTED),
                        lab.department)
    secret = outcome_of(mission_idea(lab, title="Secret scent", state=IdeaState.IN_IMPLEMENTATION),
                        marketing, progress=40)
    f.IdeaFactory(organization=lab.org, title="Not decided yet")
    return public, secret


def titles(response):
    return [t for t in ["Public refill", "Secret scent", "Not decided yet"] if t in response.text]


@pytest.mark.parametrize("role", ["executive", "program_manager", "org_admin", "judge"])
def test_staff_see_every_outcome(client, lab, outcomes, role):
    client.force_login(lab.users[role])
    response = client.get(list_url(lab))
    assert response.status_code == 200
    assert titles(response) == ["Public refill", "Secret scent"]
    assert '<progress max="100" value="40"' in response.text
    assert "My departments" not in response.text


def test_internal_partner_sees_their_departments_outcomes_first(client, lab, outcomes):
    client.force_login(lab.users["internal_partner"])
    response = client.get(list_url(lab))
    assert titles(response) == ["Public refill"]
    assert 'href="?show=mine" aria-current="page"' in response.text
    response = client.get(list_url(lab), {"show": "all"})
    assert titles(response) == ["Public refill", "Secret scent"]
    # Mine first, even though the other one was updated last.
    assert response.text.index("Public refill") < response.text.index("Secret scent")


@pytest.mark.parametrize("role", ["member", "visitor", "partner_pending"])
def test_others_see_only_outcomes_of_ideas_they_may_open(client, lab, outcomes, role):
    if lab.users[role]:
        client.force_login(lab.users[role])
    assert titles(client.get(list_url(lab))) == ["Public refill"]


def test_author_sees_the_outcome_of_a_confidential_idea(client, lab, outcomes):
    _public, secret = outcomes
    client.force_login(secret.idea.author)
    assert titles(client.get(list_url(lab))) == ["Public refill", "Secret scent"]
    response = client.get(detail_url(lab, secret))
    assert response.status_code == 200
    assert "Secret scent" in response.text and "Post progress" not in response.text
    assert client.post(detail_url(lab, secret), {"text": "x", "progress": 50}).status_code == 404
    assert not OutcomeUpdate.objects.exists()


def test_list_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["internal_partner"])

    def add(n):
        for _ in range(n):
            outcome_of(mission_idea(lab, state=IdeaState.ACCEPTED), lab.department)

    add(3)
    with django_assert_max_num_queries(15) as small:
        assert client.get(list_url(lab), {"show": "all"}).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(list_url(lab), {"show": "all"}).status_code == 200


def test_detail_shows_decision_and_every_update(client, lab, outcomes):
    from cocreate.realization.models import Decision

    public, _secret = outcomes
    Decision.objects.create(idea=public.idea, kind="accept", reason="Cheap to try.", released_at=timezone.now(),
                            department=lab.department, decided_by=lab.users["executive"])
    for i in range(7):
        OutcomeUpdate.objects.create(outcome=public, author=lab.users["internal_partner"], text=f"Step {i}",
                                     progress=i * 10)
    client.force_login(lab.users["member"])
    response = client.get(detail_url(lab, public))
    assert response.status_code == 200
    assert "Decision: Accept" in response.text and "Cheap to try." in response.text
    for i in range(7):
        assert f"Step {i}" in response.text
    assert "Post progress" not in response.text


def test_confidential_outcome_is_404_for_outsiders(client, lab, outcomes):
    _public, secret = outcomes
    client.force_login(lab.users["member"])
    assert client.get(detail_url(lab, secret)).status_code == 404


def test_outcome_of_another_organization_is_404(client, lab, outcomes):
    other = f.make_lab()
    public, _secret = outcomes
    client.force_login(other.users["executive"])
    assert client.get(detail_url(other, public)).status_code == 404
    client.force_login(lab.users["executive"])
    assert client.get(f"/o/{lab.org.slug}/outcomes/999999/").status_code == 404


def test_internal_partner_posts_progress_and_the_author_is_told(client, lab, outcomes, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    public, _secret = outcomes
    client.force_login(lab.users["internal_partner"])
    response = client.get(detail_url(lab, public))
    assert "Post progress" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(lab, public), {"text": "Prototype ordered.", "progress": "30"})
    assert response.status_code == 302 and response["Location"] == detail_url(lab, public)
    public.refresh_from_db()
    public.idea.refresh_from_db()
    assert public.progress == 30 and public.idea.state == IdeaState.IN_IMPLEMENTATION
    update = OutcomeUpdate.objects.get()
    assert (update.text, update.progress, update.author) == (
        "Prototype ordered.", 30, lab.users["internal_partner"])
    notification = Notification.objects.get(kind="outcome_progress")
    assert notification.user == public.idea.author
    assert sorted(m.subject for m in mailoutbox if m.to == [public.idea.author.email]) == [
        "Progress on your idea “Public refill”: 30%", "Your idea “Public refill” is now: In implementation"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(lab, public), {"text": "In every shop.", "progress": "100"})
    public.idea.refresh_from_db()
    assert public.idea.state == IdeaState.IMPLEMENTED


def test_invalid_update_keeps_what_was_typed(client, lab, outcomes):
    public, _secret = outcomes
    client.force_login(lab.users["executive"])
    response = client.post(detail_url(lab, public), {"text": "My careful report", "progress": "150"})
    assert response.status_code == 200
    assert "My careful report" in response.text
    assert "Progress must be a whole number from 0 to 100." in response.text
    response = client.post(detail_url(lab, public), {"text": "  ", "progress": "20"})
    assert "Describe the progress." in response.text
    assert 'value="20"' in response.text
    assert not OutcomeUpdate.objects.exists()
    public.idea.refresh_from_db()
    assert public.idea.state == IdeaState.ACCEPTED


def test_author_follows_the_outcome_from_my_ideas_and_the_idea_page(client, lab, outcomes,
                                                                     django_assert_max_num_queries):
    _public, secret = outcomes
    author = secret.idea.author
    OutcomeUpdate.objects.create(outcome=secret, author=lab.users["internal_partner"], text="Bottles ordered",
                                 progress=40)
    client.force_login(author)
    link = f'href="{detail_url(lab, secret)}"'
    text = client.get(f"/o/{lab.org.slug}/ideas/{secret.idea.pk}/").text
    assert link in text and "Bottles ordered" in text
    with django_assert_max_num_queries(20) as small:
        text = client.get("/me/ideas/").text
    assert link in text and "Bottles ordered" in text
    for _ in range(5):
        idea = mission_idea(lab, author=author, state=IdeaState.ACCEPTED)
        outcome_of(idea, lab.department)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/me/ideas/").status_code == 200
