"""Permission matrices for screening rounds: every role, on its own organization and on another."""

import pytest

from cocreate.recruiting.enums import RoundStatus
from cocreate.recruiting.models import Application
from tests.recruiting.factories import make_round
from tests.roles import MANAGERS, ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def base(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/{suffix}"


def round_url(lab, round, suffix=""):
    return base(lab, f"rounds/{round.pk}/{suffix}")


def rounds(labs, **kwargs):
    """One round in each lab, its own reviewer assigned, one application each."""
    return {lab.org.pk: make_round(lab, applications=1, **kwargs) for lab in labs}


@pytest.mark.parametrize("role", ROLES)
def test_manage_rounds(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("recruiting.manage_rounds", lab.recruitment) is expected
    assert user.has_perm("recruiting.manage_rounds", other.recruitment) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, base(owner, "rounds/new/"))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("round_status", [RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.DRAFT])
def test_review_round(client, labs, role, round_status):
    lab, other = labs
    by_org = rounds(labs, status=round_status)
    user = user_of(lab, role)
    # Only the assigned reviewer, and only while the round is open.
    expected = role == "reviewer" and round_status == RoundStatus.OPEN
    assert user.has_perm("recruiting.review_round", by_org[lab.org.pk]) is expected
    assert user.has_perm("recruiting.review_round", by_org[other.org.pk]) is False
    for owner, allowed in ((lab, expected), (other, False)):
        round = by_org[owner.org.pk]
        application = Application.objects.get(recruitment=owner.recruitment)
        status, response = status_as(client, user, round_url(owner, round, f"review/{application.pk}/"))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_review_queue(client, labs, role):
    lab, other = labs
    by_org = rounds(labs)
    user = user_of(lab, role)
    expected = role == "reviewer"
    assert user.has_perm("recruiting.view_review_queue", by_org[lab.org.pk]) is expected
    assert user.has_perm("recruiting.view_review_queue", by_org[other.org.pk]) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, round_url(owner, by_org[owner.org.pk], "review/"))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("round_status", [RoundStatus.OPEN, RoundStatus.CLOSED])
def test_view_round_scores(client, labs, role, round_status):
    lab, other = labs
    by_org = rounds(labs, status=round_status)
    user = user_of(lab, role)
    # Managers always; the round's reviewers once it closes.
    expected = role in MANAGERS or (role == "reviewer" and round_status == RoundStatus.CLOSED)
    assert user.has_perm("recruiting.view_round_scores", by_org[lab.org.pk]) is expected
    assert user.has_perm("recruiting.view_round_scores", by_org[other.org.pk]) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, round_url(owner, by_org[owner.org.pk]))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_move_and_assign_are_for_managers(client, labs, role):
    lab, other = labs
    by_org = rounds(labs)
    user = user_of(lab, role)
    for owner in (lab, other):
        round = by_org[owner.org.pk]
        application = Application.objects.get(recruitment=owner.recruitment)
        allowed = role in MANAGERS and owner is lab
        status, response = status_as(client, user, round_url(owner, round, f"applications/{application.pk}/move/"),
                                     method="post", data={"outcome": "waitlisted"})
        assert_answer(role, status, response, allowed, ok=302)
        status, response = status_as(client, user, round_url(owner, round, "status/"), method="post",
                                     data={"status": "closed"})
        assert_answer(role, status, response, allowed, ok=302)
