"""The standing pool: the managers' list, a member with their track record, invitations,
the open-channel candidates, and the member's own page under /me/pool/."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.programs.models import Program

from . import selectors, services
from .enums import PoolSource
from .forms import (
    AddCandidateForm,
    CandidateFilterForm,
    InviteForm,
    NoteForm,
    PoolAddForm,
    PoolFilterForm,
    RespondForm,
    SelfStatusForm,
    StatusForm,
)
from .rules import is_invitee


@login_required
@organization_required
def pool_list(request, organization_slug):
    org = request.organization
    require(request.user, "pool.view_pool", org)
    programs = list(Program.objects.filter(organization=org).order_by("title", "pk"))
    form = PoolFilterForm(request.GET or None, programs=programs)
    page = paginate(request, selectors.pool_members(org, **form.filters()))
    members = selectors.attach_scores(org, list(page.object_list))
    selectors.record_pool_view(request.user, org, members)
    context = {"organization": org, "form": form, "page_obj": page, "members": members,
               "add_form": PoolAddForm(), "filtered": bool(request.GET.keys() - {"page"})}
    # The filter form asks htmx for the results alone.
    template = "pool/_results.html" if request.htmx else "pool/list.html"
    return render(request, template, context)


@require_POST
@login_required
@organization_required
def pool_add(request, organization_slug):
    """A manager adds a person with an account by email."""
    org = request.organization
    require(request.user, "pool.manage_pool", org)
    form = PoolAddForm(request.POST)
    user = None
    if form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
    if user is None:
        messages.error(request, _("No account has that email address."))
        return redirect("pool:list", org.slug)
    member = services.pool_add(org, user, actor=request.user, source=PoolSource.MANAGER)
    messages.success(request, _("%(name)s is in the pool.") % {"name": user.display_name})
    return redirect("pool:detail", org.slug, member.pk)


@login_required
@organization_required
def pool_member(request, organization_slug, pk):
    org = request.organization
    member = selectors.pool_member_for_user(request.user, org, pk)
    return render(request, "pool/detail.html", {
        "organization": org, "member": member, "profile": member.user,
        "track": selectors.track_record_by_program(member),
        "invitations": selectors.invitations_of(member),
        "status_form": StatusForm(initial={"status": member.status}),
        "note_form": NoteForm(initial={"note": member.note}),
        "can_manage": request.user.has_perm("pool.manage_pool", member),
        "can_invite": request.user.has_perm("pool.invite_member", member),
    })


@require_POST
@login_required
@organization_required
def pool_member_status(request, organization_slug, pk):
    org = request.organization
    member = selectors.pool_member_in(org, pk)
    require(request.user, "pool.manage_pool", member)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.pool_set_status(member, actor=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("The status was saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("pool:detail", org.slug, member.pk)


@require_POST
@login_required
@organization_required
def pool_member_note(request, organization_slug, pk):
    org = request.organization
    member = selectors.pool_member_in(org, pk)
    require(request.user, "pool.manage_pool", member)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.pool_set_note(member, actor=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("The note was saved."))
    else:
        messages.error(request, _("The note is too long."))
    return redirect("pool:detail", org.slug, member.pk)


@login_required
@organization_required
def pool_invite(request, organization_slug, pk):
    """Invite a member to a program: no open call, the member answers under /me/pool/."""
    org = request.organization
    member = selectors.pool_member_in(org, pk)
    require(request.user, "pool.manage_pool", member)
    programs = list(selectors.programs_for_invitation(org))
    form = InviteForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_invite(member, form.chosen_program(), actor=request.user,
                                 message=form.cleaned_data["message"], deadline=form.cleaned_data["deadline"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("%(name)s was invited and told by mail.") % {"name": member.user.display_name})
            return redirect("pool:detail", org.slug, member.pk)
    return render(request, "pool/invite.html", {
        "organization": org, "member": member, "form": form, "programs": programs,
        "can_invite": request.user.has_perm("pool.invite_member", member),
    })


@require_POST
@login_required
@organization_required
def invitation_withdraw(request, organization_slug, pk):
    org = request.organization
    invitation = selectors.invitation_in(org, pk)
    require(request.user, "pool.withdraw_invitation", invitation)
    try:
        services.pool_invitation_withdraw(invitation, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("pool:detail", org.slug, invitation.member_id)


@login_required
@organization_required
def candidates(request, organization_slug):
    """Open-channel contributors with accepted ideas or strong support, not yet in the pool."""
    org = request.organization
    require(request.user, "pool.manage_pool", org)
    form = CandidateFilterForm(request.GET or None)
    min_supports = (form.cleaned_data.get("min_supports") if form.is_valid() else None) \
        or selectors.candidate_min_supports()
    page = paginate(request, selectors.pool_candidates(org, min_supports=min_supports))
    return render(request, "pool/candidates.html", {
        "organization": org, "form": form, "page_obj": page, "candidates": page.object_list,
        "min_supports": min_supports,
    })


@require_POST
@login_required
@organization_required
def candidate_add(request, organization_slug):
    org = request.organization
    require(request.user, "pool.manage_pool", org)
    form = AddCandidateForm(request.POST)
    if not form.is_valid():
        raise Http404
    # Any author of an open-channel idea may be added, whatever threshold the page showed.
    user = selectors.candidate_in(org, form.cleaned_data["user"], min_supports=1)
    services.pool_add(org, user, actor=request.user, source=PoolSource.OPEN_CHANNEL)
    messages.success(request, _("%(name)s is in the pool now and was told.") % {"name": user.display_name})
    return redirect("pool:candidates", org.slug)


# The member's own page ----------------------------------------------------------------------

@login_required
def my_pool(request):
    """The person's pool memberships and invitations in every organization."""
    with scopes_disabled():
        memberships = list(selectors.memberships_of_user(request.user))
        invitations = list(selectors.invitations_of_user(request.user))
    for m in memberships:
        m.can_rest = request.user.has_perm("pool.rest_membership", m)
    for i in invitations:
        i.can_respond = request.user.has_perm("pool.respond_invitation", i)
    return render(request, "pool/mine.html", {
        "memberships": memberships, "invitations": invitations,
    })


@require_POST
@login_required
def my_pool_status(request, pk):
    with scopes_disabled():
        member = selectors.membership_of_user(request.user, pk)
    require(request.user, "pool.rest_membership", member)
    form = SelfStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("pool:mine")
    with scope(organization=member.organization):
        services.pool_set_status(member, actor=request.user, status=form.cleaned_data["status"])
    messages.success(request, _("Saved. Resting members are not invited to new programs."))
    return redirect("pool:mine")


@require_POST
@login_required
def my_invitation_respond(request, pk):
    with scopes_disabled():
        invitation = selectors.invitation_of_user(request.user, pk)
    # The invitee meets an answered or expired invitation with the service's reason, not a 404.
    if not is_invitee(request.user, invitation):
        raise Http404
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Accept or decline the invitation."))
        return redirect("pool:mine")
    accept = form.cleaned_data["answer"] == RespondForm.ACCEPT
    try:
        # Accepting joins the program's cohort, which lives in the organization's scope.
        with scope(organization=invitation.member.organization):
            services.pool_invitation_respond(invitation, actor=request.user, accept=accept)
    except DomainError as e:
        messages.error(request, e.text)
        return redirect("pool:mine")
    if accept:
        messages.success(request, _("Welcome to “%(program)s”. Please read and accept its agreement.")
                         % {"program": invitation.program.title})
        return redirect("programs:agreement", invitation.program.organization.slug, invitation.program.slug)
    messages.success(request, _("You declined the invitation. Thank you for letting us know."))
    return redirect("pool:mine")
