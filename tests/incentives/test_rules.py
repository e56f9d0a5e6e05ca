"""Permission matrices for incentives: every role, on its own organization and on another,
through has_perm and through the pages (forbidden answers 404)."""

import pytest

from cocreate.incentives.models import Grant
from tests.roles import MANAGERS, ROLES, assert_answer, status_as, user_of

from .helpers import grant_of, incentive_of

pytestmark = pytest.mark.django_db

VIEWERS = MANAGERS | {"partner", "partner_pending"}


def url(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/incentives/{suffix}"


@pytest.fixture
def stocked(labs):
    """One incentive with two promised grants (to the accepted partner) in each lab."""
    out = {}
    for lab in labs:
        incentive = incentive_of(lab.program, "prize", condition="winners")
        out[lab.org.pk] = (incentive, grant_of(incentive, lab.users["partner"], source="a"),
                           grant_of(incentive, lab.users["partner"], source="b"))
    return out


@pytest.mark.parametrize("role", ROLES)
def test_view_portfolio(client, labs, stocked, role):
    lab, other = labs
    user = user_of(lab, role)
    for owner, allowed in ((lab, role in VIEWERS), (other, False)):
        incentive = stocked[owner.org.pk][0]
        assert user.has_perm("incentives.view_portfolio", owner.program) is allowed
        assert user.has_perm("incentives.view_portfolio", incentive) is allowed
        status, response = status_as(client, user, url(owner))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_manage_portfolio_and_ledger(client, labs, stocked, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    for owner, allowed in ((lab, expected), (other, False)):
        incentive, grant, _ = stocked[owner.org.pk]
        assert user.has_perm("incentives.manage_portfolio", owner.program) is allowed
        assert user.has_perm("incentives.manage_portfolio", incentive) is allowed
        assert user.has_perm("incentives.view_ledger", owner.program) is allowed
        for suffix in ("new/", "ledger/", "ledger/?format=csv", f"{incentive.pk}/", f"{incentive.pk}/grant/"):
            status, response = status_as(client, user, url(owner, suffix))
            assert_answer(role, status, response, allowed)
        status, response = status_as(client, user, url(owner, "evaluate/"), "post")
        assert_answer(role, status, response, allowed, ok=302)


@pytest.mark.parametrize("role", ROLES)
def test_deliver_and_cancel(client, labs, stocked, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    for owner, allowed in ((lab, expected), (other, False)):
        _, grant, second = stocked[owner.org.pk]
        status, response = status_as(client, user, url(owner, f"ledger/{grant.pk}/deliver/"), "post")
        assert_answer(role, status, response, allowed, ok=302)
        status, response = status_as(client, user, url(owner, f"ledger/{second.pk}/cancel/"), "post",
                                     {"reason": "Left"})
        assert_answer(role, status, response, allowed, ok=302)
    assert sorted(Grant.objects.values_list("status", flat=True)) == (
        ["cancelled", "delivered", "promised", "promised"] if expected else ["promised"] * 4)


@pytest.mark.parametrize("role", [*ROLES, "holder"])
def test_view_grant(labs, stocked, role):
    lab, other = labs
    _, grant, _ = stocked[lab.org.pk]
    holder = grant.user
    user = holder if role == "holder" else user_of(lab, role)
    # The lab's "partner" role is the holder: partners see their own entries, nobody else's.
    expected = role in MANAGERS or user == holder
    assert user.has_perm("incentives.view_grant", grant) is expected
    assert user.has_perm("incentives.view_grant", stocked[other.org.pk][1]) is False
    pending = lab.users["partner_pending"]
    assert pending.has_perm("incentives.view_grant", grant) is False
    assert pending.has_perm("incentives.view_ledger", lab.program) is False
