"""Role predicates. Each takes (user, obj) where obj is anything that knows its organization
(``obj.organization``) or the Organization itself."""

import rules

from .enums import Role
from .selectors import departments_of, roles_of


def organization_of(obj):
    if obj is None:
        return None
    from .models import Organization

    if isinstance(obj, Organization):
        return obj
    return getattr(obj, "organization", None)


def has_role(*roles: str):
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user, obj=None) -> bool:
        return bool(roles_of(user, organization_of(obj)) & wanted)

    return predicate


is_platform_admin = rules.is_superuser
is_org_admin = has_role(Role.ORG_ADMIN) | is_platform_admin
is_program_manager = has_role(Role.PROGRAM_MANAGER, Role.ORG_ADMIN) | is_platform_admin
is_reviewer = has_role(Role.REVIEWER)
is_judge = has_role(Role.JUDGE)
is_executive = has_role(Role.EXECUTIVE)
is_internal_partner = has_role(Role.INTERNAL_PARTNER)
is_staff_member = has_role(*Role.values) | is_platform_admin


@rules.predicate
def is_partner_of_department(user, obj) -> bool:
    """The person is an internal partner of the department the object names."""
    department_id = getattr(obj, "department_id", None)
    org = organization_of(obj)
    return department_id is not None and org is not None and department_id in departments_of(user, org)


rules.add_perm("organizations.view_organization", rules.always_allow)
rules.add_perm("organizations.change_organization", is_org_admin)
rules.add_perm("organizations.manage_members", is_org_admin)
rules.add_perm("organizations.view_audit", is_org_admin)
