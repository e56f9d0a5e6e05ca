from django.http import Http404

from .enums import Role
from .models import Department, Membership, Organization


def organizations_of(user) -> list[Organization]:
    """Organizations in which the person holds any staff role, once each."""
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(memberships__user=user).distinct().order_by("name"))


def roles_of(user, organization) -> frozenset[str]:
    """The person's roles in one organization, cached on the user object per request so that
    permission predicates evaluated many times on a page cost one query."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return frozenset()
    cache = user.__dict__.setdefault("_cocreate_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = frozenset(
            Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True)
        )
    return cache[organization.pk]


def departments_of(user, organization) -> frozenset[int]:
    """Departments in which the person is an internal partner."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = user.__dict__.setdefault("_cocreate_departments", {})
    if organization.pk not in cache:
        cache[organization.pk] = frozenset(
            Membership.objects.filter(
                user=user, organization=organization, role=Role.INTERNAL_PARTNER
            ).values_list("department_id", flat=True)
        )
    return cache[organization.pk]


def organization_by_slug(slug: str) -> Organization:
    try:
        return Organization.objects.get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404 from None


def departments(organization):
    return Department.objects.filter(organization=organization).order_by("name")


def memberships_of(organization):
    """Every role held in the organization, with the person and department, for the members page."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user", "department")
        .order_by("user__name", "user__email", "role", "id")
    )


def membership_in(organization, pk: int) -> Membership:
    membership = Membership.objects.filter(organization=organization, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404
    return membership


def audit_events(organization, *, verb: str = "", target_type: str = "", target_id: int | None = None):
    """The organization's audit log, newest first, optionally narrowed to one verb and target."""
    from cocreate.core.models import AuditEvent

    qs = AuditEvent.objects.filter(organization=organization).select_related("actor")
    if verb:
        qs = qs.filter(verb=verb)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id is not None:
        qs = qs.filter(target_id=target_id)
    return qs.order_by("-at", "-id")


def audit_facets(organization) -> tuple[list[str], list[str]]:
    """The verbs and target types that occur in the organization's log, for the filter."""
    from cocreate.core.models import AuditEvent

    qs = AuditEvent.objects.filter(organization=organization)
    verbs = sorted(set(qs.values_list("verb", flat=True).distinct()))
    types = sorted(set(qs.values_list("target_type", flat=True).distinct()))
    return verbs, types
