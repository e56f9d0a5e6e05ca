"""Optimal, diverse selection through /api/v1/: the same services and permissions as the pages."""

import pytest

from cocreate.recruiting.enums import EntryStatus
from cocreate.recruiting.models import Quota, Selection, SelectionEntry
from tests.api.helpers import Api, recruitment_url
from tests.recruiting.test_cohorts_views import people
from tests.roles import MANAGERS, ROLES, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return Api(client)


def test_manager_puts_and_gets_quotas(api, lab):
    api.as_user(lab.users["program_manager"])
    payload = {"quotas": [{"attribute": "gender", "value": "female", "minimum": 7},
                          {"attribute": "opinion_leader", "value": "yes", "minimum": 4, "maximum": 10}]}
    response = api.put(recruitment_url(lab, "/quotas"), payload)
    assert response.status_code == 200
    assert [(q["attribute"], q["value"], q["minimum"], q["maximum"], q["question_id"]) for q in response.json()] == [
        ("gender", "female", 7, None, None), ("opinion_leader", "yes", 4, 10, None)]
    assert len(api.get(recruitment_url(lab, "/quotas")).json()) == 2
    bad = api.put(recruitment_url(lab, "/quotas"), {"quotas": [
        {"attribute": "region", "value": "Seoul", "minimum": 3, "maximum": 1},
        {"attribute": "region", "value": " ", "minimum": 0}]})
    assert bad.status_code == 400
    assert [e["detail"] for e in bad.json()["errors"]] == [
        "Region = Seoul: the maximum (1) must be at least the minimum (3).",
        "Region: say which value the quota counts."]
    assert Quota.objects.count() == 2


def test_run_get_accept_and_respond(api, lab):
    made, round = people(lab, 5)
    manager = lab.users["program_manager"]
    api.as_user(manager)
    api.put(recruitment_url(lab, "/quotas"), {"quotas": [{"attribute": "region", "value": "Busan", "minimum": 2}]})
    response = api.post(recruitment_url(lab, "/selections"), {"size": 3, "round_id": round.pk, "seed": 4})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["size"], body["seed"], body["round_id"]) == ("proposed", 3, 4, round.pk)
    assert (body["total"], body["unconstrained_total"], body["price_of_diversity"]) == (288.0, 291.0, 3.0)
    assert [(e["application_id"], e["role"], e["rank"]) for e in body["entries"]] == [
        (made[0].pk, "chosen", 1), (made[1].pk, "chosen", 2), (made[3].pk, "chosen", 3),
        (made[2].pk, "waitlist", 1), (made[4].pk, "waitlist", 2)]
    assert body["quotas"] == [{"attribute": "region", "value": "Busan", "question": None, "minimum": 2,
                               "maximum": None, "count": 2, "eligible": 2, "state": "at_min"}]
    path = recruitment_url(lab, f"/selections/{body['id']}")
    assert api.get(path).json()["id"] == body["id"]
    accepted = api.post(path + "/accept", {"confirm_days": 3})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert api.post(path + "/accept", {"confirm_days": 3}).status_code == 400
    entry = SelectionEntry.objects.get(application=made[0])
    api.as_user(made[0].applicant)
    mine = api.get("/me/invitations").json()
    assert [(i["id"], i["status"]) for i in mine] == [(entry.pk, "invited")]
    answered = api.post(f"/me/invitations/{entry.pk}/respond", {"accept": False})
    assert answered.status_code == 200 and answered.json()["status"] == "declined"
    # Made[0] was from Seoul; Busan keeps its two, so the best waiting person, made[2], is invited.
    assert SelectionEntry.objects.get(application=made[2]).status == EntryStatus.INVITED
    api.as_user(made[1].applicant)
    assert api.post(f"/me/invitations/{entry.pk}/respond", {"accept": True}).status_code == 404


def test_infeasible_run_answers_400_with_the_reasons(api, lab):
    made, round = people(lab, 3)
    api.as_user(lab.users["program_manager"])
    api.put(recruitment_url(lab, "/quotas"), {"quotas": [{"attribute": "region", "value": "Busan", "minimum": 2},
                                                        {"attribute": "region", "value": "Seoul", "minimum": 2}]})
    response = api.post(recruitment_url(lab, "/selections"), {"size": 3, "round_id": round.pk})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "quotas_infeasible"
    assert [e["detail"] for e in body["errors"]] == [
        "No cohort of 3 can meet these quotas:",
        "Region = Busan: at least 2 are asked for, but only 1 applicants qualify.",
        "The minimums for Region add up to 4, more than the cohort of 3.",
        "Smallest change that works: lower the minimum of Region = Busan from 2 to 1.",
    ]
    assert not Selection.objects.exists()
    assert api.post(recruitment_url(lab, "/selections"), {"size": 0}).status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_selection_endpoints_are_for_managers(api, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    for owner in labs:
        people(owner, 2)
    for owner, allowed in ((lab, role in MANAGERS), (other, False)):
        api.as_user(user if user.is_authenticated else None)
        expected_denied = 401 if role == "visitor" else 404
        response = api.get(recruitment_url(owner, "/quotas"))
        assert response.status_code == (200 if allowed else expected_denied)
        response = api.post(recruitment_url(owner, "/selections"), {"size": 1, "seed": 1})
        assert response.status_code == (201 if allowed else expected_denied)
