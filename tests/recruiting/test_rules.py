"""Permission matrices for recruiting: every role, on its own organization and on another."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests import factories as f
from tests.recruiting.factories import ApplicationFactory
from tests.roles import MANAGERS, ROLES, STAFF, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def base(lab, recruitment=None):
    recruitment = recruitment or lab.recruitment
    return f"/o/{lab.org.slug}/programs/{recruitment.program.slug}/recruitments/{recruitment.pk}/"


@pytest.mark.parametrize("role", ROLES)
def test_apply_to_an_open_recruitment(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    # An open call of a public program takes applications from anyone signed in, anywhere.
    expected = role != "visitor"
    for owner in (lab, other):
        assert user.has_perm("recruiting.apply_recruitment", owner.recruitment) is expected
        status, response = status_as(client, user, base(owner) + "apply/")
        assert_answer(role, status, response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_apply_to_a_closed_recruitment(client, labs, role):
    lab, other = labs
    for owner in (lab, other):
        owner.recruitment.closes_at = timezone.now() - datetime.timedelta(minutes=1)
        owner.recruitment.opens_at = owner.recruitment.closes_at - datetime.timedelta(days=7)
        owner.recruitment.save()
    user = user_of(lab, role)
    for owner in (lab, other):
        assert user.has_perm("recruiting.apply_recruitment", owner.recruitment) is False
        status, response = status_as(client, user, base(owner) + "apply/")
        assert_answer(role, status, response, False)


@pytest.mark.parametrize("role", ROLES)
def test_apply_to_a_private_program(client, labs, role):
    lab, other = labs
    for owner in (lab, other):
        owner.program.is_public = False
        owner.program.save()
    user = user_of(lab, role)
    expected = role in STAFF | {"partner", "partner_pending"}
    assert user.has_perm("recruiting.apply_recruitment", lab.recruitment) is expected
    assert user.has_perm("recruiting.apply_recruitment", other.recruitment) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, base(owner) + "apply/")
        assert_answer(role, status, response, allowed)


def who(lab, role, application):
    return application.applicant if role == "applicant" else user_of(lab, role)


@pytest.mark.parametrize("role", ROLES + ["applicant"])
def test_view_application(client, labs, role):
    lab, other = labs
    applications = {o.org.pk: ApplicationFactory(recruitment=o.recruitment) for o in (lab, other)}
    mine = applications[lab.org.pk]
    user = who(lab, role, mine)
    expected = role in MANAGERS | {"applicant"}
    assert user.has_perm("recruiting.view_application", mine) is expected
    assert user.has_perm("recruiting.view_application", applications[other.org.pk]) is False
    for owner, allowed in ((lab, expected), (other, False)):
        application = applications[owner.org.pk]
        status, response = status_as(client, user, base(owner) + f"applications/{application.pk}/")
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES + ["applicant"])
def test_decide_application(client, labs, role):
    lab, other = labs
    applications = {o.org.pk: ApplicationFactory(recruitment=o.recruitment) for o in (lab, other)}
    mine = applications[lab.org.pk]
    user = who(lab, role, mine)
    expected = role in MANAGERS
    assert user.has_perm("recruiting.decide_application", mine) is expected
    assert user.has_perm("recruiting.decide_application", applications[other.org.pk]) is False
    for owner, allowed in ((lab, expected), (other, False)):
        application = applications[owner.org.pk]
        for action in ("decline", "select"):
            path = base(owner) + f"applications/{application.pk}/{action}/"
            status, response = status_as(client, user, path, "post")
            assert_answer(role, status, response, allowed, ok=302)
        application.refresh_from_db()
        assert application.status == ("selected" if allowed else "submitted")


@pytest.mark.parametrize("role", ROLES)
def test_list_applications(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("recruiting.list_applications", lab.recruitment) is expected
    assert user.has_perm("recruiting.list_applications", other.recruitment) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, base(owner) + "applications/")
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_draft_recruitment_is_seen_by_managers_only(client, labs, role):
    lab, _ = labs
    draft = f.RecruitmentFactory(program=lab.program, status="draft")
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("recruiting.view_recruitment", draft) is expected
    status, _ = status_as(client, user, base(lab, draft))
    assert status == (200 if expected else 404)


def test_anonymous_user_never_sees_personal_data(lab):
    application = ApplicationFactory(recruitment=lab.recruitment)
    assert AnonymousUser().has_perm("recruiting.view_application", application) is False
