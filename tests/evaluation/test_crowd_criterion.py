"""The participants' vote criterion comes from the crowd, never from judges: it is not on the
scorecard, the service refuses a judge's value for it, and a judge is done without it."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.evaluation.selectors import queue_progress
from cocreate.evaluation.services import scores_submit

from .factories import mission_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd_lab(lab):
    vote = lab.criteria[3]
    vote.is_crowd_vote = True
    vote.save(update_fields=["is_crowd_vote"])
    return lab


def test_scorecard_leaves_out_the_participants_vote(client, crowd_lab):
    lab = crowd_lab
    idea = mission_idea(lab)
    client.force_login(lab.users["judge"])
    page = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/score/").content.decode()
    assert f'name="criterion_{lab.criteria[0].pk}"' in page
    assert f'name="criterion_{lab.criteria[3].pk}"' not in page


def test_a_judge_cannot_score_the_participants_vote(crowd_lab):
    lab = crowd_lab
    idea = mission_idea(lab)
    with pytest.raises(DomainError) as err:
        scores_submit(idea, judge=lab.users["judge"], values={lab.criteria[3].pk: 7})
    assert err.value.code == "unknown_criterion"


def test_a_judge_is_done_after_the_judged_criteria(crowd_lab):
    lab = crowd_lab
    judge = lab.users["judge"]
    idea = mission_idea(lab)
    assert queue_progress(judge, lab.org) == (0, 1)
    scores_submit(idea, judge=judge, values={c.pk: 6 for c in lab.criteria[:3]})
    assert queue_progress(judge, lab.org) == (1, 1)


def test_the_crowd_vote_follows_each_idea_whatever_the_page_order(crowd_lab):
    """A page lists ideas newest first; each idea still gets its own supports."""
    from cocreate.evaluation.selectors import breakdowns_for
    from cocreate.ideas.models import Idea, Support
    from tests import factories as f

    from .factories import score

    lab = crowd_lab
    older, newer = mission_idea(lab), mission_idea(lab)
    for idea in (older, newer):
        score(idea, lab.users["judge"], [5, 5, 5])
    for _ in range(3):
        Support.objects.create(idea=older, user=f.UserFactory())
    Support.objects.create(idea=newer, user=f.UserFactory())
    page = list(Idea.objects.filter(pk__in=[older.pk, newer.pk]).order_by("-pk"))
    out = breakdowns_for(page)
    assert out[older.pk].criteria[3].contribution == pytest.approx(25.0)
    assert out[newer.pk].criteria[3].contribution == pytest.approx(25.0 / 3, abs=1e-3)
    assert out[newer.pk].complete and out[older.pk].complete
