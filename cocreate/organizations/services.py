"""Writes on an organization's people and departments. Each change is audited."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .enums import MemberDeletionPolicy, Role
from .models import Department, Membership, Organization


def _forget_cached_roles(user) -> None:
    # roles_of()/departments_of() cache on the user object for the request; a changed
    # membership must be seen by the next permission check on the same object.
    user.__dict__.pop("_cocreate_roles", None)
    user.__dict__.pop("_cocreate_departments", None)


def membership_add(
    organization: Organization, *, actor, email: str, role: str, department: Department | None = None
) -> Membership:
    """Give the person with this email address a role in the organization. An internal
    partner always belongs to a department of the same organization. Adding a role the
    person already holds returns the existing membership."""
    if role not in Role.values:
        raise DomainError(_("Choose one of the organization's roles."), code="role")
    email = (email or "").strip()
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    if user is None:
        raise DomainError(
            _("No account uses the address %(email)s. Ask the person to sign up first, then add them."),
            params={"email": email}, code="unknown_email",
        )
    if role == Role.INTERNAL_PARTNER:
        if department is None:
            raise DomainError(_("An internal partner belongs to a department: choose one."),
                              code="department_required")
    else:
        # A department only qualifies internal partners; ignore it for the other roles.
        department = None
    if department is not None and department.organization_id != organization.pk:
        raise DomainError(_("This department belongs to another organization."), code="wrong_department")
    existing = Membership.objects.filter(organization=organization, user=user, role=role,
                                         department=department).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organization=organization, user=user, role=role,
                                                   department=department)
            audit_record(actor=actor, verb="membership.added", target=membership, organization=organization,
                         data={"user": user.pk, "role": role, "department": getattr(department, "pk", None)})
    except IntegrityError:
        return Membership.objects.get(organization=organization, user=user, role=role, department=department)
    _forget_cached_roles(user)
    return membership


def membership_remove(membership: Membership, *, actor) -> None:
    """Take one role away. The last organization admin cannot be removed, or nobody could
    manage the organization's people any more."""
    organization = membership.organization
    if membership.role == Role.ORG_ADMIN and not Membership.objects.filter(
        organization=organization, role=Role.ORG_ADMIN
    ).exclude(pk=membership.pk).exists():
        raise DomainError(_("The organization needs at least one admin. Add another admin first."),
                          code="last_admin")
    with transaction.atomic():
        audit_record(actor=actor, verb="membership.removed", target=membership, organization=organization,
                     data={"user": membership.user_id, "role": membership.role,
                           "department": membership.department_id})
        membership.delete()
    _forget_cached_roles(membership.user)


def department_create(organization: Organization, *, actor, name: str, description: str = "") -> Department:
    """A department that can receive forwarded ideas; names are unique per organization."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the department a name."), code="name_required")
    if Department.objects.filter(organization=organization, name__iexact=name).exists():
        raise DomainError(_("There is already a department called “%(name)s”."), params={"name": name},
                          code="duplicate")
    try:
        with transaction.atomic():
            department = Department.objects.create(organization=organization, name=name,
                                                   description=(description or "").strip())
            audit_record(actor=actor, verb="department.created", target=department, organization=organization)
    except IntegrityError:
        raise DomainError(_("There is already a department called “%(name)s”."), params={"name": name},
                          code="duplicate") from None
    return department


# Privacy settings of the organization; the longest period is ten years, more than any
# selection needs, so a typo cannot keep people's data forever.
MAX_RETENTION_DAYS = 3650


def organization_set_retention(organization: Organization, *, actor, applicant_retention_days: int) -> Organization:
    """How long declined and withdrawn applicants' personal data is kept before it is
    anonymised (recruiting.services.applications_anonymise_expired)."""
    days = int(applicant_retention_days)
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise DomainError(_("Keep applicants' data from 1 to %(max)s days."), params={"max": MAX_RETENTION_DAYS},
                          code="retention_days")
    return _setting_change(organization, actor=actor, field="applicant_retention_days", value=days,
                           verb="organization.retention")


def _setting_change(organization: Organization, *, actor, field: str, value, verb: str) -> Organization:
    """Save one checked setting and audit it as ``{"from", "to"}``; the same value again
    changes and audits nothing."""
    previous = getattr(organization, field)
    if previous == value:
        return organization
    with transaction.atomic():
        setattr(organization, field, value)
        organization.save(update_fields=[field])
        audit_record(actor=actor, verb=verb, target=organization, organization=organization,
                     data={"from": previous, "to": value})
    return organization


def organization_set_member_deletion(organization: Organization, *, actor, on_member_deletion: str) -> Organization:
    """What becomes of a member's ideas in this organization when they delete their account
    (accounts.privacy.account_delete): kept under "a former member", or deleted."""
    if on_member_deletion not in MemberDeletionPolicy.values:
        raise DomainError(_("Choose what happens to the ideas of a member who deletes their account."),
                          code="member_deletion_policy")
    return _setting_change(organization, actor=actor, field="on_member_deletion", value=on_member_deletion,
                           verb="organization.member_deletion")


def organization_set_privacy(organization: Organization, *, actor, applicant_retention_days: int,
                             on_member_deletion: str | None = None) -> Organization:
    """The settings page's privacy settings together: all saved or, when one is refused,
    none. ``on_member_deletion`` None keeps the current policy."""
    with transaction.atomic():
        organization_set_retention(organization, actor=actor, applicant_retention_days=applicant_retention_days)
        if on_member_deletion is not None:
            organization_set_member_deletion(organization, actor=actor, on_member_deletion=on_member_deletion)
    return organization
