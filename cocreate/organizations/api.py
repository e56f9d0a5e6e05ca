"""Organizations (the tenants) and their departments."""

from django.http import Http404
from ninja import Query, Router

from cocreate.core.api import PUBLIC, Page, PageParams, answers, organization_scope, page, page_of, require

from .models import Organization
from .rules import is_staff_member
from .schemas import DepartmentOut, OrganizationDetailOut, OrganizationOut
from .selectors import departments, roles_of

router = Router(tags=["organizations"])


@router.get("/organizations", response=answers({200: Page[OrganizationOut]}), **PUBLIC)
def organization_list(request, params: Query[PageParams]):
    """Every organization running co-creation on this platform; public."""
    rows, count = page_of(Organization.objects.order_by("name", "id"), params)
    return page([OrganizationOut.from_orm(o) for o in rows], count, params)


@router.get("/organizations/{slug}", response=answers({200: OrganizationDetailOut}, 404), **PUBLIC)
def organization_detail(request, slug: str):
    with organization_scope(request, slug) as org:
        require(request.user, "organizations.view_organization", org)
        return OrganizationDetailOut(**OrganizationOut.from_orm(org).model_dump(),
                                     my_roles=sorted(roles_of(request.user, org)))


@router.get("/organizations/{slug}/departments", response=answers({200: Page[DepartmentOut]}, 401, 404))
def department_list(request, slug: str, params: Query[PageParams]):
    """The departments ideas can be forwarded to (their ids are what a decision names). For
    the organization's staff; 404 for anyone else."""
    with organization_scope(request, slug) as org:
        if not is_staff_member(request.user, org):
            raise Http404
        rows, count = page_of(departments(org), params)
        return page([DepartmentOut.from_orm(d) for d in rows], count, params)
