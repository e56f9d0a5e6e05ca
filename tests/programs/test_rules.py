"""Permission matrices for programs: every role, on its own organization and on another."""

import pytest

from cocreate.programs.services import agreement_draft, agreement_publish
from tests import factories as f
from tests.roles import MANAGERS, ROLES, STAFF, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def page(lab, program, suffix=""):
    return f"/o/{lab.org.slug}/programs/{program.slug}/{suffix}"


@pytest.mark.parametrize("role", ROLES)
def test_view_public_program(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    for owner in (lab, other):
        # A public, running program is open to everyone, in any organization.
        assert user.has_perm("programs.view_program", owner.program) is True
        assert status_as(client, user, page(owner, owner.program))[0] == 200


@pytest.mark.parametrize("role", ROLES)
def test_view_private_program(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    for owner in (lab, other):
        owner.program.is_public = False
        owner.program.save()
    expected = role in STAFF | {"partner", "partner_pending"}
    assert user.has_perm("programs.view_program", lab.program) is expected
    assert status_as(client, user, page(lab, lab.program))[0] == (200 if expected else 404)
    assert user.has_perm("programs.view_program", other.program) is False
    assert status_as(client, user, page(other, other.program))[0] == 404


@pytest.mark.parametrize("role", ROLES)
def test_view_draft_program(client, labs, role):
    lab, _ = labs
    draft = f.ProgramFactory(organization=lab.org, status="draft")
    user = user_of(lab, role)
    expected = role in STAFF
    assert user.has_perm("programs.view_program", draft) is expected
    assert status_as(client, user, page(lab, draft))[0] == (200 if expected else 404)


@pytest.mark.parametrize("role", ROLES)
def test_change_program(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("programs.change_program", lab.program) is expected
    assert user.has_perm("programs.change_program", other.program) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, page(owner, owner.program, "edit/"))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_accept_agreement(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in {"partner", "partner_pending"}
    assert user.has_perm("programs.accept_agreement", lab.agreement) is expected
    assert user.has_perm("programs.accept_agreement", other.agreement) is False
    status, _ = status_as(client, user, page(lab, lab.program, "agreement/"), "post", {"version": 1})
    assert status == (302 if expected else 404)
    status, _ = status_as(client, user, page(other, other.program, "agreement/"), "post", {"version": 1})
    assert status == 404
    # Everyone who can see the program reads the published terms.
    assert status_as(client, user, page(lab, lab.program, "agreement/"))[0] == 200


@pytest.mark.parametrize("role", ROLES)
def test_change_agreement(client, labs, role):
    lab, other = labs
    drafts = {owner.org.pk: agreement_draft(owner.program, actor=None) for owner in (lab, other)}
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("programs.change_agreement", drafts[lab.org.pk]) is expected
    assert user.has_perm("programs.change_agreement", drafts[other.org.pk]) is False
    # A published version is never edited, not even by a manager.
    assert user.has_perm("programs.change_agreement", lab.agreement) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, page(owner, owner.program, "agreement/edit/"))
        assert_answer(role, status, response, allowed)
        status, response = status_as(client, user, page(owner, owner.program, "agreement/publish/"), "post")
        assert_answer(role, status, response, allowed, ok=302)


@pytest.mark.parametrize("role", ROLES)
def test_view_partners(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in STAFF
    assert user.has_perm("programs.view_partners", lab.program) is expected
    assert user.has_perm("programs.view_partners", other.program) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, page(owner, owner.program, "partners/"))
        assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_view_acceptances(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("programs.view_acceptances", lab.program) is expected
    assert user.has_perm("programs.view_acceptances", other.program) is False
    for owner, allowed in ((lab, expected), (other, False)):
        for suffix in ("agreement/acceptances/", "agreement/acceptances/?format=csv"):
            status, response = status_as(client, user, page(owner, owner.program, suffix))
            assert_answer(role, status, response, allowed)
        api = f"/api/v1/organizations/{owner.org.slug}/programs/{owner.program.slug}/agreement/acceptances"
        status, _ = status_as(client, user, api)
        assert status == (200 if allowed else 401 if role == "visitor" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_view_superseded_agreement_and_its_pdf(client, labs, role):
    """The version in force is public with the program; an earlier one stays readable by the
    partners who may have accepted it and by staff."""
    lab, other = labs
    for owner in (lab, other):
        manager = owner.users["program_manager"]
        agreement_publish(agreement_draft(owner.program, actor=manager), actor=manager)
        owner.agreement.refresh_from_db()
    user = user_of(lab, role)
    expected = role in STAFF | {"partner", "partner_pending"}
    assert user.has_perm("programs.view_agreement", lab.agreement) is expected
    assert user.has_perm("programs.view_agreement", other.agreement) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, _ = status_as(client, user, page(owner, owner.program, "agreement/v1.pdf"))
        assert status == (200 if allowed else 404)
        # Version 2, in force, is public with the program.
        assert status_as(client, user, page(owner, owner.program, "agreement/v2.pdf"))[0] == 200
        api = f"/api/v1/organizations/{owner.org.slug}/programs/{owner.program.slug}/agreement/versions/1"
        assert status_as(client, user, api)[0] == (200 if allowed else 404)
