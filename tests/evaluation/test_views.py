"""The judge's queue, the score form and the hand-over to the board."""

import pytest
from django.contrib.messages import get_messages

from cocreate.evaluation.models import Score
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from tests import factories as f

from .factories import mission_idea, score

pytestmark = pytest.mark.django_db


def queue_url(lab):
    return f"/o/{lab.org.slug}/evaluation/"


def score_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/score/"


def form_data(lab, values, **extra):
    return {f"criterion_{c.pk}": v for c, v in zip(lab.criteria, values, strict=True)} | extra


def test_queue_shows_scorable_ideas_and_progress(client, lab):
    judge = lab.users["judge"]
    done = mission_idea(lab, title="Scored idea")
    half = mission_idea(lab, title="Half scored", state=IdeaState.IN_EVALUATION)
    mission_idea(lab, title="Fresh idea")
    mission_idea(lab, title="Already decided", state=IdeaState.ACCEPTED)
    mission_idea(lab, title="Hidden idea", hidden_at=done.submitted_at, hidden_reason="spam")
    mission_idea(lab, title="Judge's own", author=judge)
    f.IdeaFactory(organization=lab.org, title="Open channel, no criteria")
    score(done, judge, [5, 6, 7, 8])
    score(half, judge, [5, 6])
    score(half, lab.users["org_admin"], [1, 1, 1, 1])  # another person's scores do not count
    client.force_login(judge)
    response = client.get(queue_url(lab))
    assert response.status_code == 200
    text = response.text
    for title in ["Scored idea", "Half scored", "Fresh idea"]:
        assert title in text
    for title in ["Already decided", "Hidden idea", "Judge&#x27;s own", "Open channel, no criteria"]:
        assert title not in text
    assert "1 of 3 done" in text
    assert '<progress max="3" value="1"' in text
    assert "2 of 4 criteria" in text


def test_queue_filters_by_program(client, lab):
    other_program = f.ProgramFactory(organization=lab.org, title="Second program")
    agreement = f.AgreementFactory(program=other_program)
    for name in "ABCD":
        f.CriterionFactory(agreement=agreement, name=name)
    mission = f.MissionFactory(program=other_program)
    f.IdeaFactory(organization=lab.org, channel="mission", program=other_program, mission=mission,
                  title="Second program idea")
    mission_idea(lab, title="First program idea")
    client.force_login(lab.users["judge"])
    response = client.get(queue_url(lab), {"program": other_program.pk})
    assert "Second program idea" in response.text and "First program idea" not in response.text
    assert "0 of 1 done" in response.text
    partial = client.get(queue_url(lab), {"program": lab.program.pk},
                         HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results")
    assert "<html" not in partial.text
    assert "First program idea" in partial.text and "Second program idea" not in partial.text


def test_queue_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    judge = lab.users["judge"]
    client.force_login(judge)
    for _ in range(3):
        score(mission_idea(lab), judge, [1, 2, 3, 4])
    with django_assert_max_num_queries(20) as small:
        assert client.get(queue_url(lab)).status_code == 200
    for _ in range(30):
        score(mission_idea(lab), judge, [1, 2])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(queue_url(lab))
    assert "3 of 33 done" in response.text


@pytest.mark.parametrize("role", ["org_admin", "program_manager", "executive", "member"])
def test_queue_is_for_judges_only(client, lab, role):
    client.force_login(lab.users[role])
    assert client.get(queue_url(lab)).status_code == 404


def test_queue_of_another_organization_is_404(client, lab):
    other = f.make_lab()
    client.force_login(lab.users["judge"])
    assert client.get(queue_url(other)).status_code == 404


def test_score_form_shows_criteria_and_the_idea(client, lab):
    lab.criteria[0].description = "How new is it? <b>bold</b>"
    lab.criteria[0].save()
    idea = mission_idea(lab, title="Sea can", body="A refillable can that smells of the sea.")
    client.force_login(lab.users["judge"])
    response = client.get(score_url(lab, idea))
    assert response.status_code == 200
    text = response.text
    assert "A refillable can that smells of the sea." in text
    for c in lab.criteria:
        assert c.name in text
    assert "weight 25%, 0 to 10" in text
    assert "How new is it? &lt;b&gt;bold&lt;/b&gt;" in text  # criteria are escaped, never raw HTML
    assert text.count('inputmode="numeric"') == 4
    assert text.count("autofocus") == 1
    first = f'name="criterion_{lab.criteria[0].pk}"'
    assert first in text and 'max="10"' in text
    assert text.index("autofocus") > text.index(first) - 200


def test_score_form_is_prefilled_with_my_own_scores(client, lab):
    idea = mission_idea(lab)
    score(idea, lab.users["judge"], [3, 4, 5, 6])
    other_judge = f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=other_judge, role="judge")
    client.force_login(other_judge)
    text = client.get(score_url(lab, idea)).text
    assert 'value="3"' not in text  # not someone else's
    client.force_login(lab.users["judge"])
    text = client.get(score_url(lab, idea)).text
    for c, v in zip(lab.criteria, [3, 4, 5, 6], strict=True):
        assert f'name="criterion_{c.pk}" value="{v}"' in text


def test_save_and_next_goes_to_the_next_unscored_idea(client, lab):
    judge = lab.users["judge"]
    first, already, following = mission_idea(lab), mission_idea(lab), mission_idea(lab)
    score(already, judge, [1, 1, 1, 1])
    client.force_login(judge)
    response = client.post(score_url(lab, first), form_data(lab, [7, 8, 9, 10], next="1"))
    assert response.status_code == 302 and response["Location"] == score_url(lab, following)
    saved = Score.objects.filter(idea=first, judge=judge).values_list("value", flat=True)
    assert sorted(saved) == [7, 8, 9, 10]
    first.refresh_from_db()
    assert first.state == IdeaState.IN_EVALUATION
    # The last one: back to the queue, which says everything is done.
    response = client.post(score_url(lab, following), form_data(lab, [1, 2, 3, 4], next="1"), follow=True)
    assert response.redirect_chain == [(queue_url(lab), 302)]
    assert "You have scored every idea in your queue." in response.text
    assert "3 of 3 done" in response.text


def test_save_and_next_keeps_the_program_filter(client, lab):
    judge = lab.users["judge"]
    first, following = mission_idea(lab), mission_idea(lab)
    client.force_login(judge)
    data = form_data(lab, [1, 2, 3, 4], next="1", program=lab.program.pk)
    response = client.post(score_url(lab, first), data)
    assert response["Location"] == f"{score_url(lab, following)}?program={lab.program.pk}"


def test_save_goes_back_to_the_queue(client, lab):
    idea, _unscored = mission_idea(lab), mission_idea(lab)
    client.force_login(lab.users["judge"])
    response = client.post(score_url(lab, idea), form_data(lab, [1, 2, 3, 4], save="1"))
    assert response.status_code == 302 and response["Location"] == queue_url(lab)


def test_invalid_scores_rerender_with_what_was_typed(client, lab):
    idea = mission_idea(lab)
    client.force_login(lab.users["judge"])
    response = client.post(score_url(lab, idea), form_data(lab, ["7", "11", "abc", ""], next="1"))
    assert response.status_code == 200
    text = response.text
    assert f'name="criterion_{lab.criteria[0].pk}" value="7"' in text
    assert f'name="criterion_{lab.criteria[1].pk}" value="11"' in text
    assert f'name="criterion_{lab.criteria[2].pk}" value="abc"' in text
    assert text.count("Enter a whole number from 0 to 10.") == 2
    assert f"Score “{lab.criteria[3].name}”." in text
    assert 'aria-invalid="true"' in text
    assert not Score.objects.exists()
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED


def test_scoring_twice_keeps_one_score_per_criterion(client, lab):
    idea = mission_idea(lab)
    judge = lab.users["judge"]
    client.force_login(judge)
    for _ in range(2):
        assert client.post(score_url(lab, idea), form_data(lab, [6, 6, 6, 6], save="1")).status_code == 302
    assert Score.objects.filter(idea=idea, judge=judge).count() == 4
    client.post(score_url(lab, idea), form_data(lab, [9, 6, 6, 6], save="1"))
    saved = Score.objects.filter(idea=idea, judge=judge).values_list("criterion_id", "value")
    assert sorted(saved) == sorted(
        [(lab.criteria[0].pk, 9)] + [(c.pk, 6) for c in lab.criteria[1:]])


@pytest.mark.parametrize("state", [IdeaState.IN_EXECUTIVE_REVIEW, IdeaState.ACCEPTED, IdeaState.REJECTED])
def test_ideas_out_of_evaluation_cannot_be_scored(client, lab, state):
    idea = mission_idea(lab, state=state)
    client.force_login(lab.users["judge"])
    assert client.get(score_url(lab, idea)).status_code == 404
    assert client.post(score_url(lab, idea), form_data(lab, [1, 1, 1, 1])).status_code == 404
    assert not Score.objects.exists()


def test_open_channel_idea_without_criteria_cannot_be_scored(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["judge"])
    assert client.get(score_url(lab, idea)).status_code == 404


# Sending to the board -------------------------------------------------------------------

def board_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/send-to-board/"


@pytest.mark.parametrize("role", ["program_manager", "executive", "org_admin"])
def test_manager_sends_an_evaluated_idea_to_the_board(client, lab, role):
    idea = mission_idea(lab, state=IdeaState.IN_EVALUATION)
    client.force_login(lab.users[role])
    back = f"/o/{lab.org.slug}/ideas/{idea.pk}/decide/"
    response = client.post(board_url(lab, idea), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    idea.refresh_from_db()
    assert idea.state == IdeaState.IN_EXECUTIVE_REVIEW


@pytest.mark.parametrize("role", ["judge", "reviewer", "internal_partner", "member", "author"])
def test_others_cannot_send_to_the_board(client, lab, role):
    idea = mission_idea(lab, state=IdeaState.IN_EVALUATION)
    client.force_login(idea.author if role == "author" else lab.users[role])
    assert client.post(board_url(lab, idea)).status_code == 404
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.IN_EVALUATION


def test_send_to_board_refuses_a_transition_that_is_not_allowed(client, lab):
    idea = mission_idea(lab, state=IdeaState.ACCEPTED)
    client.force_login(lab.users["program_manager"])
    response = client.post(board_url(lab, idea), {"next": "https://evil.example/"})
    assert response["Location"] == f"/o/{lab.org.slug}/ideas/{idea.pk}/"  # never off-site
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "An idea that is “Accepted” cannot become “In executive review”."]
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.ACCEPTED


def test_send_to_board_is_post_only(client, lab):
    idea = mission_idea(lab, state=IdeaState.IN_EVALUATION)
    client.force_login(lab.users["program_manager"])
    assert client.get(board_url(lab, idea)).status_code == 405
