"""Screening rounds through /api/v1/: the same services and permissions as the pages."""

import pytest

from cocreate.core.models import AuditEvent
from cocreate.recruiting.enums import RoundStatus
from cocreate.recruiting.models import Application, Review, Round, RoundResult
from tests.api.helpers import Api, recruitment_url
from tests.recruiting.factories import ApplicationFactory, make_round
from tests.roles import MANAGERS, ROLES, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return Api(client)


def round_url(lab, round, suffix=""):
    return recruitment_url(lab, f"/rounds/{round.pk}{suffix}")


def login(api, user):
    return api.as_user(user if user.is_authenticated else None)


def test_manager_creates_and_lists_rounds(api, lab):
    api.as_user(lab.users["program_manager"])
    payload = {"name": "Interviews", "is_blind": True, "criteria": [
        {"name": "Extroversion", "weight": 50, "kind": "willingness"},
        {"name": "Reach", "weight": 50, "source": "followers_log", "scale_min": 0, "scale_max": 10}]}
    response = api.post(recruitment_url(lab, "/rounds"), payload)
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["is_blind"], body["status"], body["order"]) == ("Interviews", True, "draft", 1)
    assert [(c["name"], c["weight"], c["source"]) for c in body["criteria"]] == [
        ("Extroversion", 50, "manual"), ("Reach", 50, "followers_log")]
    assert [r["id"] for r in api.get(recruitment_url(lab, "/rounds")).json()] == [body["id"]]
    bad = api.post(recruitment_url(lab, "/rounds"), payload | {"criteria": payload["criteria"][:1]})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "The weights of the criteria must add up to 100 (now 50)."
    assert Round.objects.count() == 1


def test_reviewer_puts_scores_idempotently_and_a_closed_round_says_why(api, lab):
    round = make_round(lab, applications=1)
    application = Application.objects.get()
    passion = round.criteria.get(name="Passion")
    api.as_user(lab.users["reviewer"])
    path = round_url(lab, round, f"/applications/{application.pk}/review")
    payload = {"scores": [{"criterion_id": passion.pk, "value": 4}]}
    for _ in range(2):
        response = api.put(path, payload)
        assert response.status_code == 200 and response.json()[0]["value"] == 4
    assert Review.objects.count() == 1
    assert api.put(path, {"scores": [{"criterion_id": passion.pk, "value": 9}]}).status_code == 400
    round.status = RoundStatus.CLOSED
    round.save()
    closed = api.put(path, payload)
    assert closed.status_code == 400 and closed.json()["detail"] == "This round is not open for reviews."


def test_standings_and_moves(api, lab):
    round = make_round(lab, is_blind=True, applications=0)
    application = ApplicationFactory(recruitment=lab.recruitment)
    passion = round.criteria.get(name="Passion")
    Review.objects.create(round=round, application=application, reviewer=lab.users["reviewer"],
                          criterion=passion, value=5)
    api.as_user(lab.users["program_manager"])
    body = api.get(round_url(lab, round, "/standings")).json()
    assert body[0]["applicant"] == application.profile["name"] and body[0]["score"] == pytest.approx(75.0)
    assert AuditEvent.objects.filter(verb="personal_data.listed").count() == 1
    moved = api.post(round_url(lab, round, f"/applications/{application.pk}/move"), {"outcome": "waitlisted"})
    assert moved.status_code == 200 and moved.json()["outcome"] == "waitlisted"
    assert RoundResult.objects.get().outcome == "waitlisted"
    round.status = RoundStatus.CLOSED
    round.save()
    api.as_user(lab.users["reviewer"])
    body = api.get(round_url(lab, round, "/standings"), {"correction": "standardise"}).json()
    assert body[0]["applicant"] is None and body[0]["outcome"] == "waitlisted"  # blind stays blind


@pytest.mark.parametrize("role", ROLES)
def test_round_api_permissions(api, labs, role):
    lab, other = labs
    rounds = {o.org.pk: make_round(o, applications=1) for o in labs}
    user = user_of(lab, role)
    login(api, user)
    for owner in (lab, other):
        round = rounds[owner.org.pk]
        application = Application.objects.get(recruitment=owner.recruitment)
        own = owner is lab
        denied = 401 if role == "visitor" else 404
        manager = role in MANAGERS and own
        assert api.get(recruitment_url(owner, "/rounds")).status_code == (200 if manager else denied)
        assert api.get(round_url(owner, round, "/standings")).status_code == (200 if manager else denied)
        passion = round.criteria.get(name="Passion")
        reviewed = api.put(round_url(owner, round, f"/applications/{application.pk}/review"),
                           {"scores": [{"criterion_id": passion.pk, "value": 3}]})
        assert reviewed.status_code == (200 if role == "reviewer" and own else denied)
        moved = api.post(round_url(owner, round, f"/applications/{application.pk}/move"), {"outcome": "advanced"})
        assert moved.status_code == (200 if manager else denied)
