"""An organization's home, its audit log and its people. Views check permission, validate,
call one service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.programs.selectors import programs_visible_to

from . import selectors, services
from .forms import AuditFilterForm, DepartmentForm, MembershipAddForm, PrivacySettingsForm, target_type_label
from .rules import is_executive, is_internal_partner, is_program_manager

# Who follows the outcomes of accepted ideas: the departments that implement them and the
# people who decided or run the programs.
can_follow_outcomes = is_internal_partner | is_program_manager | is_executive


@organization_required
def organization_detail(request, organization_slug):
    org = request.organization
    user = request.user
    page = paginate(request, programs_visible_to(user, org).order_by("-created_at", "id"), per_page=20)
    can = {
        "add_idea": user.has_perm("ideas.add_idea", org),
        "view_board": user.has_perm("realization.view_board", org),
        "view_queue": user.has_perm("evaluation.view_queue", org),
        "review_vote_flags": user.has_perm("evaluation.review_vote_flags", org),
        "view_outcomes": can_follow_outcomes(user, org),
        "view_audit": user.has_perm("organizations.view_audit", org),
        "manage_members": user.has_perm("organizations.manage_members", org),
        "add_program": user.has_perm("programs.add_program", org),
        "view_pool": user.has_perm("pool.view_pool", org),
        "change_organization": user.has_perm("organizations.change_organization", org),
        # R4 decisions and fair rejection (realization.rules)
        "release_decisions": user.has_perm("realization.release_decisions", org),
        "view_appeals": user.has_perm("realization.view_appeals", org),
        "view_explanations": user.has_perm("realization.view_explanations", org),
        "manage_reasons": user.has_perm("realization.manage_reasons", org),
    }
    can["staff"] = any(v for k, v in can.items() if k != "add_idea")
    return render(request, "organizations/detail.html", {
        "organization": org, "page_obj": page, "programs": page.object_list, "can": can,
    })


@login_required
@organization_required
def audit_log(request, organization_slug):
    org = request.organization
    require(request.user, "organizations.view_audit", org)
    verbs, types = selectors.audit_facets(org)
    form = AuditFilterForm(request.GET or None, verbs=verbs, target_types=types)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.audit_events(
        org, verb=filters.get("verb") or "", target_type=filters.get("target_type") or "",
        target_id=filters.get("target_id"),
    ), per_page=50)
    rows = [{"event": e, "target_label": target_type_label(e.target_type)} for e in page.object_list]
    return render(request, "organizations/audit.html", {
        "organization": org, "form": form, "page_obj": page, "rows": rows,
    })


def _members_context(org, *, request, member_form=None, department_form=None):
    page = paginate(request, selectors.memberships_of(org), per_page=50)
    return {
        "organization": org, "page_obj": page, "memberships": page.object_list,
        "departments": selectors.departments(org),
        "member_form": member_form or MembershipAddForm(organization=org),
        "department_form": department_form or DepartmentForm(),
    }


@login_required
@organization_required
def members(request, organization_slug):
    """Lists the roles held in the organization; a POST adds one."""
    org = request.organization
    require(request.user, "organizations.manage_members", org)
    form = MembershipAddForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(org, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("%(person)s is now %(role)s.") % {
                "person": membership.user.display_name, "role": membership.get_role_display()})
            return redirect("organizations:members", org.slug)
    return render(request, "organizations/members.html",
                  _members_context(org, request=request,
                                   member_form=form if request.method == "POST" else None))


@require_POST
@login_required
@organization_required
def member_remove(request, organization_slug, pk):
    org = request.organization
    require(request.user, "organizations.manage_members", org)
    membership = selectors.membership_in(org, pk)
    try:
        services.membership_remove(membership, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("%(person)s no longer holds the role %(role)s.") % {
            "person": membership.user.display_name, "role": membership.get_role_display()})
    return redirect("organizations:members", org.slug)


@require_POST
@login_required
@organization_required
def department_add(request, organization_slug):
    org = request.organization
    require(request.user, "organizations.manage_members", org)
    form = DepartmentForm(request.POST)
    if form.is_valid():
        try:
            department = services.department_create(org, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Department “%(name)s” added.") % {"name": department.name})
            return redirect("organizations:members", org.slug)
    return render(request, "organizations/members.html",
                  _members_context(org, department_form=form, request=request))


@login_required
@organization_required
def organization_settings(request, organization_slug):
    """The organization's settings (its admins): how long applicants' data is kept and what
    becomes of a leaving member's ideas."""
    org = request.organization
    require(request.user, "organizations.change_organization", org)
    form = PrivacySettingsForm(request.POST or None, initial=PrivacySettingsForm.initial_for(org))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_set_privacy(org, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("organizations:settings", org.slug)
    return render(request, "organizations/settings.html", {"organization": org, "form": form})
