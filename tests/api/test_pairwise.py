"""Pairwise voting in the API: GET next pair, POST an answer (idempotent), GET the ranking."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.evaluation.models import PairwiseVote
from tests import factories as f
from tests.evaluation.factories import mission_idea, new_partner
from tests.roles import STAFF

from .helpers import ROLES, org_url, user_of

pytestmark = pytest.mark.django_db

VOTERS = STAFF | {"partner"}
RANKING = STAFF | {"partner"}


def url(lab, program=None, part="next"):
    return f"{org_url(lab)}/programs/{(program or lab.program).slug}/pairwise/{part}"


def established(user):
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=400))
    user.refresh_from_db()
    return user


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_and_other_organization(api, labs, role):
    lab, other = labs
    ideas = [mission_idea(lab), mission_idea(lab)]
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    for part, allowed in (("next", VOTERS), ("ranking", RANKING)):
        status = api.get(url(lab, part=part)).status_code
        if role == "visitor":
            assert status in (401, 404)
        else:
            assert status == (200 if role in allowed else 404), part
    status = api.post(url(lab, part="votes"), {"idea_x": ideas[0].pk, "idea_y": ideas[1].pk,
                                              "winner": ideas[0].pk}).status_code
    if role == "visitor":
        assert status in (401, 404)
    else:
        assert status == (200 if role in VOTERS else 404)
    if user.is_authenticated:
        for part in ("next", "ranking"):
            assert api.get(url(lab, other.program, part=part)).status_code == 404


def test_next_vote_and_ranking(api, lab):
    voter = established(new_partner(lab))
    a, b = mission_idea(lab, title="A"), mission_idea(lab, title="B")
    api.as_user(voter)
    body = api.get(url(lab)).json()
    assert body["compared"] == 0 and {i["id"] for i in body["pair"]} == {a.pk, b.pk}
    first = api.post(url(lab, part="votes"), {"idea_x": b.pk, "idea_y": a.pk, "winner": b.pk})
    assert first.status_code == 200
    assert first.json() == {"idea_a": a.pk, "idea_b": b.pk, "winner": b.pk, "status": "counted", "created": True}
    again = api.post(url(lab, part="votes"), {"idea_x": a.pk, "idea_y": b.pk, "winner": None}).json()
    assert again["created"] is False and again["winner"] == b.pk
    assert PairwiseVote.objects.filter(voter=voter).count() == 1
    assert api.get(url(lab)).json() == {"pair": None, "compared": 1}
    ranking = api.as_user(lab.users["program_manager"]).get(url(lab, part="ranking")).json()
    assert [(i["idea_id"], i["rank"]) for i in ranking["items"]] == [(b.pk, 1), (a.pk, 2)]
    assert ranking["items"][0]["chance"] == pytest.approx(1 - ranking["items"][1]["chance"])


def test_cant_decide_and_refusals(api, lab):
    voter = established(new_partner(lab))
    a, b = mission_idea(lab), mission_idea(lab)
    mine = mission_idea(lab, author=voter)
    api.as_user(voter)
    undecided = api.post(url(lab, part="votes"), {"idea_x": a.pk, "idea_y": b.pk}).json()
    assert undecided["winner"] is None and undecided["created"] is True
    assert api.post(url(lab, part="votes"), {"idea_x": a.pk, "idea_y": mine.pk, "winner": a.pk}).status_code == 400
    assert api.post(url(lab, part="votes"), {"idea_x": a.pk, "idea_y": a.pk, "winner": a.pk}).status_code == 400
    c = mission_idea(lab)
    response = api.post(url(lab, part="votes"), {"idea_x": a.pk, "idea_y": c.pk, "winner": b.pk})
    assert response.status_code == 400 and response.json()["code"] == "pairwise_winner_not_in_pair"


def test_ranking_query_count_does_not_grow(api, lab):
    api.as_user(lab.users["program_manager"])
    ideas = [mission_idea(lab) for _ in range(3)]
    voter = f.UserFactory()

    def answer(x, y):
        a, b = sorted((x, y), key=lambda i: i.pk)
        PairwiseVote.objects.create(program=lab.program, voter=voter, idea_a=a, idea_b=b, winner=x)

    answer(ideas[0], ideas[1])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url(lab, part="ranking")).status_code == 200
        return len(queries)

    small = count()
    for _ in range(10):
        answer(mission_idea(lab), ideas[2])
    assert count() <= small
