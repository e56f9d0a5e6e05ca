"""What happens to a member's ideas when they delete their account (Organization.
on_member_deletion, read by accounts.privacy.account_delete) is chosen by the organization's
admins on its settings page, through organizations.services, and audited."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.organizations.enums import MemberDeletionPolicy
from cocreate.organizations.services import organization_set_member_deletion
from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db

KEEP, DELETE = MemberDeletionPolicy.KEEP_ANONYMOUS.value, MemberDeletionPolicy.DELETE_IDEAS.value


def settings_url(lab) -> str:
    return f"/o/{lab.org.slug}/settings/"


def policy_events():
    return list(
        AuditEvent.objects.filter(verb="organization.member_deletion")
        .order_by("id")
        .values_list("actor__email", "organization__slug", "target_id", "data")
    )


def test_an_org_admin_chooses_to_delete_a_leavers_ideas(client, lab):
    admin = lab.users["org_admin"]
    client.force_login(admin)
    page = client.get(settings_url(lab)).text
    assert "When a member deletes their account" in page
    assert f'name="on_member_deletion" value="{KEEP}" id="id_on_member_deletion_0" checked' in page
    assert f'name="on_member_deletion" value="{DELETE}" id="id_on_member_deletion_1">' in page

    response = client.post(settings_url(lab), {"applicant_retention_days": "180", "on_member_deletion": DELETE})
    assert (response.status_code, response["Location"]) == (302, settings_url(lab))
    lab.org.refresh_from_db()
    assert (lab.org.on_member_deletion, lab.org.applicant_retention_days) == (DELETE, 180)
    assert policy_events() == [(admin.email, lab.org.slug, lab.org.pk, {"from": KEEP, "to": DELETE})]
    assert not AuditEvent.objects.filter(verb="organization.retention").exists()  # the days did not change
    page = client.get(settings_url(lab)).text
    assert f'name="on_member_deletion" value="{DELETE}" id="id_on_member_deletion_1" checked' in page


def test_the_setting_is_offered_in_korean(client, lab):
    admin = lab.users["org_admin"]
    admin.language = "ko"  # pages speak the person's language
    admin.save(update_fields=["language"])
    client.force_login(admin)
    page = client.get(settings_url(lab)).text
    assert "<legend>회원이 계정을 삭제하면:</legend>" in page
    assert 'id="id_on_member_deletion_0" checked>\n 아이디어는 ‘탈퇴한 회원’ 이름으로 남김</label>' in page
    assert 'id="id_on_member_deletion_1">\n 아이디어와 거기 달린 모든 내용을 삭제</label>' in page


def test_saving_the_same_policy_again_changes_and_audits_nothing(client, lab):
    client.force_login(lab.users["org_admin"])
    data = {"applicant_retention_days": "180", "on_member_deletion": KEEP}
    assert client.post(settings_url(lab), data).status_code == 302
    assert policy_events() == []


def test_a_post_without_the_policy_keeps_it(client, lab):
    """Older pages and scripts post the retention period alone."""
    lab.org.on_member_deletion = DELETE
    lab.org.save(update_fields=["on_member_deletion"])
    client.force_login(lab.users["org_admin"])
    assert client.post(settings_url(lab), {"applicant_retention_days": "90"}).status_code == 302
    lab.org.refresh_from_db()
    assert (lab.org.on_member_deletion, lab.org.applicant_retention_days) == (DELETE, 90)
    assert policy_events() == []


def test_an_unknown_policy_is_refused_and_nothing_changes(client, lab):
    client.force_login(lab.users["org_admin"])
    response = client.post(settings_url(lab), {"applicant_retention_days": "90", "on_member_deletion": "shred"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "on_member_deletion": ["Select a valid choice. shred is not one of the available choices."]
    }
    assert 'name="applicant_retention_days" value="90"' in response.text
    lab.org.refresh_from_db()
    assert (lab.org.on_member_deletion, lab.org.applicant_retention_days) == (KEEP, 180)
    with pytest.raises(DomainError) as refused:
        organization_set_member_deletion(lab.org, actor=lab.users["org_admin"], on_member_deletion="shred")
    assert refused.value.code == "member_deletion_policy"
    assert policy_events() == []


@pytest.mark.parametrize("role", [r for r in ROLES if r != "org_admin"])
def test_no_other_role_sees_or_changes_the_policy(client, lab, role):
    user = user_of(lab, role)
    status, response = status_as(client, user, settings_url(lab))
    assert_answer(role, status, response, False)
    status, response = status_as(
        client,
        user,
        settings_url(lab),
        method="post",
        data={"applicant_retention_days": "180", "on_member_deletion": DELETE},
    )
    assert_answer(role, status, response, False)
    lab.org.refresh_from_db()
    assert lab.org.on_member_deletion == KEEP
    assert policy_events() == []


def test_another_organizations_admin_gets_404(client, labs):
    lab, other = labs
    client.force_login(other.users["org_admin"])
    assert client.get(settings_url(lab)).status_code == 404
    response = client.post(settings_url(lab), {"applicant_retention_days": "180", "on_member_deletion": DELETE})
    assert response.status_code == 404
    lab.org.refresh_from_db()
    assert lab.org.on_member_deletion == KEEP
    assert policy_events() == []
