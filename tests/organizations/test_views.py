import pytest

from cocreate.core.models import AuditEvent
from cocreate.core.services import audit_record
from cocreate.organizations.models import Department, Membership
from cocreate.programs.enums import ProgramStatus
from tests import factories as f
from tests.roles import ROLES, user_of

pytestmark = pytest.mark.django_db


def home(lab, suffix=""):
    return f"/o/{lab.org.slug}/{suffix}"


# Which staff links each role gets on the organization's home page.
LINKS = {
    "board": "/board/", "queue": "/evaluation/", "outcomes": "/outcomes/", "audit": "/audit/",
    "members": "/members/", "new_program": "/programs/new/",
}
EXPECTED_LINKS = {
    "org_admin": {"board", "outcomes", "audit", "members", "new_program"},
    "program_manager": {"outcomes", "new_program"},
    "reviewer": set(),
    "judge": {"queue"},
    "executive": {"board", "outcomes"},
    "internal_partner": {"outcomes"},
    "partner": set(), "partner_pending": set(), "member": set(), "visitor": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_home_shows_each_role_its_links(client, lab, role):
    user = user_of(lab, role)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(home(lab))
    assert response.status_code == 200
    shown = {name for name, path in LINKS.items() if f'href="/o/{lab.org.slug}{path}"' in response.text}
    assert shown == EXPECTED_LINKS[role]
    assert f'href="/o/{lab.org.slug}/ideas/"' in response.text  # the open channel, for everyone
    assert lab.program.title in response.text


def test_home_lists_visible_programs_with_status_pilot_and_stage(client, lab):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    f.ProgramFactory(organization=lab.org, title="Small start", is_pilot=True,
                     recruiting_starts=today - datetime.timedelta(days=2),
                     recruiting_ends=today + datetime.timedelta(days=2))
    f.ProgramFactory(organization=lab.org, title="Secret draft", status=ProgramStatus.DRAFT)
    response = client.get(home(lab))
    assert "Small start" in response.text and "Pilot (small start)" in response.text
    assert "Now: Recruiting" in response.text and "Active" in response.text
    assert "Secret draft" not in response.text
    client.force_login(lab.users["reviewer"])
    assert "Secret draft" in client.get(home(lab)).text


def test_home_in_korean(client, lab):
    response = client.get(home(lab), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    assert '<html lang="ko">' in response.text


def test_unknown_organization_is_404(client, db):
    assert client.get("/o/nope/").status_code == 404


def test_home_query_count_does_not_grow_with_programs(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])
    for _ in range(3):
        f.ProgramFactory(organization=lab.org)
    with django_assert_max_num_queries(20) as small:
        client.get(home(lab))
    for _ in range(30):
        f.ProgramFactory(organization=lab.org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(home(lab))


# Audit log -------------------------------------------------------------------------------

def test_audit_log_lists_this_organization_only_and_filters(client, lab):
    other = f.make_lab()
    admin = lab.users["org_admin"]
    audit_record(actor=admin, verb="program.updated", target=lab.program)
    audit_record(actor=admin, verb="mission.created", target=lab.mission, organization=lab.org)
    audit_record(actor=None, verb="program.updated", target=other.program)
    client.force_login(admin)
    response = client.get(home(lab, "audit/"))
    assert response.status_code == 200
    assert response.text.count("<code>program.updated</code>") == 1
    assert "<code>mission.created</code>" in response.text
    text = client.get(home(lab, "audit/"), {"verb": "mission.created"}).text
    assert "<code>mission.created</code>" in text and "<code>program.updated</code>" not in text
    target = {"target_type": "programs.program", "target_id": lab.program.pk}
    text = client.get(home(lab, "audit/"), target).text
    assert "<code>program.updated</code>" in text and "<code>mission.created</code>" not in text
    assert f"program #{lab.program.pk}" in text  # the target's translated name


def test_audit_log_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["org_admin"])
    for _ in range(3):
        audit_record(actor=f.UserFactory(), verb="x.done", target=lab.program)
    with django_assert_max_num_queries(12) as small:
        client.get(home(lab, "audit/"))
    for _ in range(30):
        audit_record(actor=f.UserFactory(), verb="x.done", target=lab.program)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(home(lab, "audit/"))


def test_audit_log_has_no_way_to_change_history(client, lab):
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, "audit/"), {"verb": "x"})
    # The page only reads; a POST is just another read.
    assert response.status_code == 200 and AuditEvent.objects.filter(verb="x").count() == 0


# Members ---------------------------------------------------------------------------------

def test_admin_adds_a_member_by_email(client, lab):
    person = f.UserFactory(email="new@example.com", name="New Judge")
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, "members/"), {"email": "new@example.com", "role": "judge"})
    assert response.status_code == 302 and response["Location"] == home(lab, "members/")
    assert Membership.objects.filter(user=person, organization=lab.org, role="judge").count() == 1
    assert "New Judge is now Judge." in client.get(home(lab, "members/")).text


def test_unknown_email_is_explained_and_what_was_typed_is_kept(client, lab):
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, "members/"), {"email": "ghost@example.com", "role": "executive"})
    assert response.status_code == 200
    assert "No account uses the address ghost@example.com." in response.text
    assert 'value="ghost@example.com"' in response.text
    assert '<option value="executive" selected>' in response.text


def test_internal_partner_without_department_is_refused(client, lab):
    person = f.UserFactory()
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, "members/"), {"email": person.email, "role": "internal_partner"})
    assert "An internal partner belongs to a department: choose one." in response.text
    assert not Membership.objects.filter(user=person).exists()
    client.post(home(lab, "members/"), {"email": person.email, "role": "internal_partner",
                                        "department": lab.department.pk})
    assert Membership.objects.get(user=person).department == lab.department


def test_another_organizations_department_is_not_a_choice(client, lab):
    other = f.make_lab()
    person = f.UserFactory()
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, "members/"), {"email": person.email, "role": "internal_partner",
                                                   "department": other.department.pk})
    assert response.status_code == 200 and "errorlist" in response.text
    assert not Membership.objects.filter(user=person).exists()


def test_admin_removes_a_role(client, lab):
    membership = Membership.objects.get(user=lab.users["judge"], organization=lab.org)
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, f"members/{membership.pk}/remove/"))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_the_last_admin_shows_why_not(client, lab):
    membership = Membership.objects.get(user=lab.users["org_admin"], organization=lab.org)
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, f"members/{membership.pk}/remove/"), follow=True)
    assert "The organization needs at least one admin. Add another admin first." in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_another_organization_cannot_be_removed_through_this_one(client, lab):
    other = f.make_lab()
    foreign = Membership.objects.get(user=other.users["judge"])
    client.force_login(lab.users["org_admin"])
    assert client.post(home(lab, f"members/{foreign.pk}/remove/")).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_non_admin_cannot_add_or_remove(client, lab):
    person = f.UserFactory()
    membership = Membership.objects.get(user=lab.users["judge"], organization=lab.org)
    client.force_login(lab.users["program_manager"])
    assert client.post(home(lab, "members/"), {"email": person.email, "role": "judge"}).status_code == 404
    assert client.post(home(lab, f"members/{membership.pk}/remove/")).status_code == 404
    assert client.post(home(lab, "departments/"), {"name": "X"}).status_code == 404
    assert not Membership.objects.filter(user=person).exists()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_adds_a_department_and_a_duplicate_is_explained(client, lab):
    client.force_login(lab.users["org_admin"])
    response = client.post(home(lab, "departments/"), {"name": "Packaging", "description": "Cans"})
    assert response.status_code == 302
    assert Department.objects.filter(organization=lab.org, name="Packaging").count() == 1
    response = client.post(home(lab, "departments/"), {"name": "packaging"})
    assert response.status_code == 200
    assert "There is already a department called “packaging”." in response.text
    assert 'value="packaging"' in response.text


def test_members_page_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["org_admin"])
    for _ in range(3):
        f.MembershipFactory(organization=lab.org, role="judge")
    with django_assert_max_num_queries(14) as small:
        client.get(home(lab, "members/"))
    for _ in range(30):
        f.MembershipFactory(organization=lab.org, role="judge")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(home(lab, "members/"))
