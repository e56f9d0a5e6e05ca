"""Permission matrices: every role, on its own organization and on another one."""

import pytest

from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db

ADMINS = {"org_admin"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm, path", [
    ("organizations.view_audit", "audit/"),
    ("organizations.manage_members", "members/"),
])
def test_org_admin_only_pages(client, labs, role, perm, path):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in ADMINS
    assert user.has_perm(perm, lab.org) is expected
    assert user.has_perm(perm, other.org) is False
    status, response = status_as(client, user, f"/o/{lab.org.slug}/{path}")
    assert_answer(role, status, response, expected)
    status, response = status_as(client, user, f"/o/{other.org.slug}/{path}")
    assert_answer(role, status, response, False)
