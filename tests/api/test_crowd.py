"""/api/v1 crowd votes: PUT/DELETE/GET my 0-5 rating with the summary, the held-votes list and
the reviewer's decision, and the program's vote thresholds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.evaluation.models import CrowdRating, VoteFlag
from cocreate.ideas import services
from cocreate.ideas.models import Idea
from cocreate.programs.enums import CrowdSource
from tests import factories as f
from tests.evaluation.factories import mission_idea, new_partner

from .helpers import ROLES, org_url, user_of

pytestmark = pytest.mark.django_db

MANAGERS = {"org_admin", "program_manager"}


@pytest.fixture
def burst(settings):
    settings.VOTE_BURST_MIN_VOTES = 5


def use_ratings(lab):
    lab.agreement.crowd_source = CrowdSource.RATINGS
    lab.agreement.save()


def rating_url(lab, idea):
    return f"{org_url(lab)}/ideas/{idea.pk}/rating"


def flags_url(lab):
    return f"{org_url(lab)}/evaluation/flags"


def flagged(lab, newcomers=5):
    idea = f.IdeaFactory(organization=lab.org, title="Sea-salt refill")
    for _ in range(newcomers):
        services.support_add(idea, user=f.UserFactory(date_joined=timezone.now() - timedelta(hours=1)))
    return idea, VoteFlag.objects.get(idea=idea)


def test_rate_change_read_and_take_back(api, lab):
    use_ratings(lab)
    idea, rater = mission_idea(lab), new_partner(lab)
    api.as_user(rater)
    body = api.put(rating_url(lab, idea), {"value": 4}).json()
    assert body["mine"] == {"value": 4, "status": "counted"}
    assert (body["count"], body["mean"], body["distribution"], body["can_rate"]) == (1, 4.0, [0, 0, 0, 0, 1, 0], True)
    body = api.put(rating_url(lab, idea), {"value": 2}).json()
    assert body["mine"]["value"] == 2 and body["count"] == 1
    assert api.get(rating_url(lab, idea)).json()["mean"] == 2.0
    body = api.delete(rating_url(lab, idea)).json()
    assert body["mine"] is None and body["count"] == 0
    assert api.delete(rating_url(lab, idea)).status_code == 200


def test_invalid_values_and_gate(api, lab):
    use_ratings(lab)
    idea, rater = mission_idea(lab), new_partner(lab)
    api.as_user(rater)
    assert api.put(rating_url(lab, idea), {"value": 6}).status_code == 422
    assert api.put(rating_url(lab, idea), {"value": -1}).status_code == 422
    lab.program.vote_min_account_age_days = 30
    lab.program.save()
    response = api.put(rating_url(lab, idea), {"value": 3}, headers={"Accept-Language": "en"})
    assert response.status_code == 400 and response.json()["code"] == "account_too_new"
    assert not CrowdRating.objects.exists()


def test_no_rating_endpoint_where_the_crowd_vote_comes_from_supports(api, lab):
    idea = mission_idea(lab)
    api.as_user(lab.users["partner"])
    assert api.get(rating_url(lab, idea)).status_code == 404
    assert api.put(rating_url(lab, idea), {"value": 3}).status_code == 404


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_rating_role_matrix_and_other_organization(api, labs, role):
    lab, other = labs
    use_ratings(lab)
    use_ratings(other)
    idea = mission_idea(lab)
    user = idea.author if role == "author" else user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    allowed = role not in ("author", "visitor", "member", "partner_pending")
    status = api.put(rating_url(lab, idea), {"value": 3}).status_code
    if role == "visitor":
        assert status in (401, 404)
    else:
        assert status == (200 if allowed else 404)
    if user.is_authenticated:
        assert api.put(f"{org_url(lab)}/ideas/{mission_idea(other).pk}/rating", {"value": 3}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_flags_role_matrix_and_other_organization(api, labs, role, burst):
    lab, other = labs
    idea, flag = flagged(lab)
    _other_idea, other_flag = flagged(other)
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    response = api.get(flags_url(lab))
    if role == "visitor":
        assert response.status_code in (401, 404)
    else:
        assert response.status_code == (200 if role in MANAGERS else 404)
    resolve = api.post(f"{flags_url(lab)}/{flag.pk}/resolve", {"resolution": "counted", "note": "ok"})
    if role in MANAGERS:
        items = response.json()["items"]
        assert [i["id"] for i in items] == [flag.pk]
        assert items[0]["kind"] == "support" and len(items[0]["votes"]) == 5
        assert set(items[0]["votes"][0]) == {"account_age_days", "status", "at", "value"}  # no emails
        assert resolve.status_code == 200 and resolve.json()["resolution"] == "counted"
        assert Idea.objects.get(pk=idea.pk).support_count == 5
        assert api.post(f"{flags_url(lab)}/{other_flag.pk}/resolve",
                        {"resolution": "excluded"}).status_code == 404
        assert api.get(flags_url(lab), {"state": "resolved"}).json()["count"] == 1
    else:
        assert resolve.status_code in (401, 404)
        flag.refresh_from_db()
        assert flag.resolution == "open"


def test_resolve_validates_the_decision(api, lab, burst):
    _idea, flag = flagged(lab)
    api.as_user(lab.users["org_admin"])
    assert api.post(f"{flags_url(lab)}/{flag.pk}/resolve", {"resolution": "open"}).status_code == 422
    assert api.post(f"{flags_url(lab)}/{flag.pk}/resolve", {"resolution": "excluded"}).status_code == 200
    assert api.post(f"{flags_url(lab)}/{flag.pk}/resolve", {"resolution": "excluded"}).status_code == 200


def test_flags_list_queries_do_not_grow(api, lab, burst):
    api.as_user(lab.users["program_manager"])
    counts = []
    for _ in range(2):
        for _ in range(3):
            flagged(lab, newcomers=6)
        with CaptureQueriesContext(connection) as queries:
            assert api.get(flags_url(lab)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_support_refused_by_the_program_answers_400(api, lab):
    lab.program.vote_requires_verified_email = True
    lab.program.save()
    idea = mission_idea(lab)
    api.as_user(new_partner(lab))
    response = api.post(f"{org_url(lab)}/ideas/{idea.pk}/support")
    assert response.status_code == 400 and response.json()["code"] == "email_not_verified"


def test_program_vote_thresholds_through_the_api(api, lab):
    api.as_user(lab.users["program_manager"])
    url = f"{org_url(lab)}/programs/{lab.program.slug}"
    response = api.patch(url, {"vote_min_account_age_days": 7, "vote_requires_verified_email": True})
    assert response.status_code == 200, response.content
    assert response.json()["vote_min_account_age_days"] == 7 and response.json()["vote_requires_verified_email"]
    lab.program.refresh_from_db()
    assert (lab.program.vote_min_account_age_days, lab.program.vote_requires_verified_email) == (7, True)
    assert api.patch(url, {"vote_min_account_age_days": -1}).status_code == 422
