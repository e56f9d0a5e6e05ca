"""Incentives under /api/v1/: the same permissions and results as the pages."""

from decimal import Decimal

import pytest

from cocreate.ideas.enums import IdeaState
from cocreate.incentives.models import Grant, Incentive
from tests import factories as f
from tests.api.helpers import Api
from tests.roles import MANAGERS, ROLES, user_of

from .helpers import grant_of, incentive_of

pytestmark = pytest.mark.django_db

VIEWERS = MANAGERS | {"partner", "partner_pending"}


@pytest.fixture
def api(client):
    return Api(client)


def base(lab, suffix=""):
    return f"/organizations/{lab.org.slug}/programs/{lab.program.slug}{suffix}"


def expected_status(role, allowed, ok=200):
    if allowed:
        return ok
    return 401 if role == "visitor" else 404


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(api, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    for owner, can_view, can_manage in ((lab, role in VIEWERS, role in MANAGERS), (other, False, False)):
        incentive = incentive_of(owner.program, "title", condition="manual")
        grant = grant_of(incentive, owner.users["partner"])
        second = grant_of(incentive, owner.users["partner"], source="2")
        assert api.get(base(owner, "/incentives")).status_code == expected_status(role, can_view)
        assert api.get(base(owner, "/incentive-grants")).status_code == expected_status(role, can_manage)
        assert api.post(base(owner, "/incentives"), {"kind": "title", "title": "Hero"}).status_code == \
            expected_status(role, can_manage, 201)
        assert api.patch(base(owner, f"/incentives/{incentive.pk}"), {"title": "Legend"}).status_code == \
            expected_status(role, can_manage)
        assert api.post(base(owner, f"/incentives/{incentive.pk}/grants"),
                        {"user_id": owner.users["partner_pending"].pk, "reason": "Kind"}).status_code == \
            expected_status(role, can_manage, 201)
        assert api.post(base(owner, "/incentives/evaluate")).status_code == expected_status(role, can_manage)
        assert api.post(base(owner, f"/incentive-grants/{grant.pk}/deliver")).status_code == \
            expected_status(role, can_manage)
        assert api.post(base(owner, f"/incentive-grants/{second.pk}/cancel"), {"reason": "No"}).status_code == \
            expected_status(role, can_manage)
    assert Incentive.objects.filter(title="Hero").count() == (1 if role in MANAGERS else 0)
    assert Grant.objects.filter(status="delivered").count() == (1 if role in MANAGERS else 0)


def test_portfolio_create_update_and_balance(api, lab):
    api.as_user(lab.users["program_manager"])
    r = api.post(base(lab, "/incentives"), {"kind": "cash", "title": "$1,000", "amount": "1000", "currency": "usd",
                                            "quantity": 6, "condition": "winners"})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["nature"], body["currency"], body["amount"], body["condition"]) == ("extrinsic", "USD", "1000.00",
                                                                                      "winners")
    r = api.post(base(lab, "/incentives"), {"kind": "prize", "title": "No amount"})
    assert (r.status_code, r.json()["code"]) == (400, "amount_required")
    r = api.post(base(lab, "/incentives"), {"kind": "product", "title": "x", "condition": "mission_complete",
                                            "mission_id": f.MissionFactory().pk})
    assert r.status_code == 404  # another program's mission
    r = api.patch(base(lab, f"/incentives/{body['id']}"), {"nature": "intrinsic", "order": 4})
    assert (r.json()["nature"], r.json()["order"]) == ("intrinsic", 4)
    api.patch(base(lab, f"/incentives/{body['id']}"), {"nature": "extrinsic"})
    portfolio = api.get(base(lab, "/incentives")).json()
    assert portfolio["balance"] == {"extrinsic": 1, "intrinsic": 0, "extrinsic_share": 1.0,
                                    "extrinsic_value": {"USD": "6000.00"}, "extrinsic_dominates": True}
    assert [i["title"] for i in portfolio["items"]] == ["$1,000"]


def test_grant_deliver_cancel_evaluate_and_mine(api, lab):
    pm, partner = lab.users["program_manager"], lab.users["partner"]
    cash = incentive_of(lab.program, "cash", quantity=1)
    api.as_user(pm)
    payload = {"user_id": partner.pk, "reason": "Win", "source": "s"}
    first = api.post(base(lab, f"/incentives/{cash.pk}/grants"), payload)
    again = api.post(base(lab, f"/incentives/{cash.pk}/grants"), payload)
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    refused = api.post(base(lab, f"/incentives/{cash.pk}/grants"),
                       {"user_id": lab.users["partner_pending"].pk, "reason": "Win"})
    assert (refused.status_code, refused.json()["code"]) == (400, "quantity")
    # Not a partner of the program: not found.
    assert api.post(base(lab, f"/incentives/{cash.pk}/grants"),
                    {"user_id": lab.users["member"].pk, "reason": "x"}).status_code == 404
    gid = first.json()["id"]
    r = api.post(base(lab, f"/incentive-grants/{gid}/deliver"))
    assert (r.json()["status"], r.json()["delivered_by"]["id"]) == ("delivered", pm.pk)
    r = api.post(base(lab, f"/incentive-grants/{gid}/cancel"), {"reason": "x"})
    assert (r.status_code, r.json()["code"]) == (400, "not_promised")
    f.IdeaFactory(organization=lab.org, program=lab.program, state=IdeaState.ACCEPTED)
    incentive_of(lab.program, "title", condition="winners")
    assert api.post(base(lab, "/incentives/evaluate")).json() == {"granted": 1, "already": 0, "refused": 0}
    ledger = api.get(base(lab, "/incentive-grants"), {"status": "promised"}).json()
    assert ledger["count"] == 1
    api.as_user(partner)
    mine = api.get("/me/incentives").json()
    assert [(g["id"], g["status"], g["program"], g["kind"]) for g in mine["items"]] == [
        (gid, "delivered", lab.program.slug, "cash")]
    api.as_user(None)
    assert api.get("/me/incentives").status_code == 401


def test_ledger_query_count_does_not_grow(api, lab, django_assert_max_num_queries):
    api.as_user(lab.users["program_manager"])
    i = incentive_of(lab.program, "title", amount=Decimal(1), currency="USD")
    for _ in range(3):
        grant_of(i, f.UserFactory(), status="delivered")
    with django_assert_max_num_queries(40) as small:
        assert api.get(base(lab, "/incentive-grants")).json()["count"] == 3
    for _ in range(27):
        grant_of(i, f.UserFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(base(lab, "/incentive-grants"), {"limit": 100}).json()["count"] == 30
