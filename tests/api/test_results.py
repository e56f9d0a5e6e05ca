"""GET /organizations/{slug}/programs/{program_slug}/results: ranking, breakdown with formula,
judges' agreement per criterion and second-look flags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cocreate.ideas.models import Support
from tests import factories as f
from tests.evaluation.factories import mission_idea, score

from .helpers import ROLES, org_url, user_of

pytestmark = pytest.mark.django_db

ALLOWED = {"org_admin", "program_manager", "judge", "executive"}


def url(lab, program=None):
    return f"{org_url(lab)}/programs/{(program or lab.program).slug}/results"


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_and_other_organization(api, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    status = api.get(url(lab)).status_code
    if role == "visitor":
        assert status in (401, 404)
    else:
        assert status == (200 if role in ALLOWED else 404)
    if user.is_authenticated:
        assert api.get(f"{org_url(lab)}/programs/{other.program.slug}/results").status_code == 404


def test_coca_cola_results_with_breakdown_and_formula(api, lab):
    vote = lab.criteria[3]
    vote.is_crowd_vote = True
    vote.save()
    top, low = mission_idea(lab, title="Refill pack"), mission_idea(lab, title="Glitter can")
    for judge in (lab.users["judge"], lab.users["executive"]):
        score(top, judge, [8, 10, 4])
    score(low, lab.users["judge"], [0, 0, 0])
    score(low, lab.users["executive"], [10, 0, 0])
    for _ in range(4):
        Support.objects.create(idea=top, user=f.UserFactory())
    Support.objects.create(idea=low, user=f.UserFactory())
    with translation.override("en"):
        body = api.as_user(lab.users["program_manager"]).get(url(lab), headers={"Accept-Language": "en"}).json()
    assert [(i["rank"], i["title"], i["breakdown"]["total"]) for i in body["items"]] == [
        (1, "Refill pack", 80.0), (2, "Glitter can", 18.75)]  # 20+25+10+25 ; 12.5 + 25 × 1/4
    assert body["crowd_source"] == "supports" and body["leniency"] == "none"
    assert body["second_look"] == [low.pk]
    first = body["items"][0]["breakdown"]
    assert first["criteria"][3]["source"] == "supports" and first["criteria"][3]["crowd_value"] == 4.0
    assert first["formula"][-1] == "Total: 80.0 of 100."
    names = [c["name"] for c in body["criteria"]]
    assert names == ["Creativity", "Usefulness", "Brand impact", "Participant vote"]
    assert body["criteria"][3]["alpha"] is None and body["criteria"][0]["alpha_level"] in {
        "reliable", "tentative", "low", "undefined"}


def test_a_constant_number_of_queries(api, lab):
    api.as_user(lab.users["executive"])
    counts = []
    for n in (2, 10):
        while len(lab.program.ideas.all()) < n:
            score(mission_idea(lab), lab.users["judge"], [1, 2, 3, 4])
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url(lab)).json()["count"] == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
