import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Department, Membership
from cocreate.organizations.services import department_create, membership_add, membership_remove
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_membership_add_gives_the_role_and_is_audited(lab):
    admin = lab.users["org_admin"]
    person = f.UserFactory(email="ana@example.com")
    membership = membership_add(lab.org, actor=admin, email="ANA@example.com", role=Role.JUDGE)
    assert (membership.user, membership.role, membership.department) == (person, Role.JUDGE, None)
    event = AuditEvent.objects.get(verb="membership.added")
    assert (event.actor, event.organization, event.target_id) == (admin, lab.org, membership.pk)
    assert event.data == {"user": person.pk, "role": "judge", "department": None}
    assert person.has_perm("evaluation.view_queue", lab.org) is True


def test_adding_the_same_role_twice_returns_the_same_membership(lab):
    person = f.UserFactory()
    first = membership_add(lab.org, actor=lab.users["org_admin"], email=person.email, role=Role.EXECUTIVE)
    second = membership_add(lab.org, actor=lab.users["org_admin"], email=person.email, role=Role.EXECUTIVE)
    assert first == second
    assert Membership.objects.filter(user=person).count() == 1


def test_unknown_email_is_refused_with_a_translated_message(lab):
    with pytest.raises(DomainError) as exc:
        membership_add(lab.org, actor=lab.users["org_admin"], email="nobody@example.com", role=Role.JUDGE)
    assert exc.value.code == "unknown_email"
    assert exc.value.text == ("No account uses the address nobody@example.com. Ask the person to sign up "
                              "first, then add them.")
    assert not AuditEvent.objects.filter(verb="membership.added").exists()


def test_internal_partner_needs_a_department_of_the_same_organization(lab):
    other = f.make_lab()
    person = f.UserFactory()
    with pytest.raises(DomainError) as exc:
        membership_add(lab.org, actor=lab.users["org_admin"], email=person.email, role=Role.INTERNAL_PARTNER)
    assert exc.value.code == "department_required"
    with pytest.raises(DomainError) as exc:
        membership_add(lab.org, actor=lab.users["org_admin"], email=person.email, role=Role.INTERNAL_PARTNER,
                       department=other.department)
    assert exc.value.code == "wrong_department"
    membership = membership_add(lab.org, actor=lab.users["org_admin"], email=person.email,
                                role=Role.INTERNAL_PARTNER, department=lab.department)
    assert membership.department == lab.department


def test_a_department_given_for_another_role_is_ignored(lab):
    person = f.UserFactory()
    membership = membership_add(lab.org, actor=lab.users["org_admin"], email=person.email, role=Role.JUDGE,
                                department=lab.department)
    assert membership.department is None


def test_membership_remove_is_audited(lab):
    judge = lab.users["judge"]
    membership = Membership.objects.get(user=judge, organization=lab.org)
    pk = membership.pk
    membership_remove(membership, actor=lab.users["org_admin"])
    assert not Membership.objects.filter(user=judge).exists()
    event = AuditEvent.objects.get(verb="membership.removed")
    assert (event.target_id, event.data["role"], event.data["user"]) == (pk, "judge", judge.pk)
    assert judge.has_perm("evaluation.view_queue", lab.org) is False


def test_the_last_admin_cannot_be_removed(lab):
    admin_membership = Membership.objects.get(user=lab.users["org_admin"], organization=lab.org)
    with pytest.raises(DomainError) as exc:
        membership_remove(admin_membership, actor=lab.users["org_admin"])
    assert exc.value.code == "last_admin"
    second = f.UserFactory()
    membership_add(lab.org, actor=lab.users["org_admin"], email=second.email, role=Role.ORG_ADMIN)
    membership_remove(admin_membership, actor=second)
    assert not Membership.objects.filter(pk=admin_membership.pk).exists()


def test_department_create_is_audited_and_names_are_unique(lab):
    admin = lab.users["org_admin"]
    department = department_create(lab.org, actor=admin, name="  Marketing ", description="Ads")
    assert (department.name, department.description) == ("Marketing", "Ads")
    assert AuditEvent.objects.filter(verb="department.created", target_id=department.pk).count() == 1
    with pytest.raises(DomainError) as exc:
        department_create(lab.org, actor=lab.users["org_admin"], name="marketing")
    assert exc.value.text == "There is already a department called “marketing”."
    with pytest.raises(DomainError):
        department_create(lab.org, actor=lab.users["org_admin"], name="   ")
    # The same name in another organization is fine.
    other = f.OrganizationFactory()
    assert department_create(other, actor=None, name="Marketing").organization == other
    assert Department.objects.filter(name="Marketing").count() == 2
