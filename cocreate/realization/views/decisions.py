"""Deciding on an idea (released at once or staged for the round), the staged decisions and
their release, the organization's rejection reasons, and reviving an idea into a new program."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, require
from cocreate.core.middleware import organization_required
from cocreate.evaluation.selectors import breakdown_for
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.selectors import idea_for_user
from cocreate.programs.models import Program

from .. import selectors, services
from ..forms import DecisionForm, RejectionReasonForm, ReviveForm, ReviveIntoForm
from ..models import Decision, RejectionReason
from ..revival import idea_revive_into, lineage


@login_required
@organization_required
def decide(request, organization_slug, pk):
    """Decide on an idea (accept, park, reject; now or staged for the round); parked and
    rejected ideas can also be revived from here."""
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    can_decide = request.user.has_perm("realization.decide_idea", idea)
    can_revive = request.user.has_perm("realization.revive_idea", idea)
    if not (can_decide or can_revive) or (request.method == "POST" and not can_decide):
        raise Http404
    form = DecisionForm(request.POST or None, organization=org, idea=idea,
                        initial={"seen_state": idea.state}) if can_decide else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_decide(
                idea, actor=request.user, kind=data["kind"], reason=data["reason"], department=data["department"],
                reasons=data.get("reasons") or [], criteria=data.get("criteria") or [],
                revisit_on=data["revisit_on"], revisit_condition=data["revisit_condition"],
                revisit_owner=data["revisit_owner"], stage=data["stage"], seen_state=data["seen_state"] or None)
        except DomainError as e:
            form_error(form, e)
        else:
            if data["stage"]:
                messages.success(request, _("Decision on “%(idea)s” staged. It will reach its author when the "
                                            "round's decisions are released.") % {"idea": idea.title})
            else:
                messages.success(request, _("Decision recorded on “%(idea)s”. Its author was told.")
                                 % {"idea": idea.title})
            return redirect("realization:board", org.slug)
    staged = Decision.objects.filter(idea=idea, released_at__isnull=True).select_related("decided_by").first()
    context = {
        "organization": org, "idea": idea, "form": form, "revive_form": ReviveForm() if can_revive else None,
        "can_revive_into": request.user.has_perm("realization.revive_into", idea),
        "breakdown": breakdown_for(idea), "decisions": selectors.decisions_of(idea), "staged": staged,
        "lineage": lineage(idea),
        "can_send_to_board": idea.state == IdeaState.IN_EVALUATION
        and request.user.has_perm("evaluation.send_to_board", idea),
    }
    return render(request, "realization/decide.html", context)


@require_POST
@login_required
@organization_required
def revive(request, organization_slug, pk):
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    require(request.user, "realization.revive_idea", idea)
    form = ReviveForm(request.POST)
    if form.is_valid():
        try:
            services.idea_revive(idea, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("“%(idea)s” is back before the executive board.")
                             % {"idea": idea.title})
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("realization:decide", org.slug, idea.pk)


def _program_filter(request, org):
    raw = request.GET.get("program") or request.POST.get("program") or ""
    program = Program.objects.filter(organization=org, pk=raw).first() if raw.isdigit() else None
    return program


@login_required
@organization_required
def staged(request, organization_slug):
    """The decisions waiting for the end of the round, per program if chosen."""
    org = request.organization
    require(request.user, "realization.release_decisions", org)
    program = _program_filter(request, org)
    decisions = list(services.staged_decisions(org, program_id=program.pk if program else None))
    context = {"organization": org, "decisions": decisions, "program": program,
               "programs": Program.objects.filter(organization=org).order_by("title")}
    return render(request, "realization/staged.html", context)


@require_POST
@login_required
@organization_required
def release(request, organization_slug):
    org = request.organization
    require(request.user, "realization.release_decisions", org)
    program = _program_filter(request, org)
    released, stale = services.decisions_release(org, actor=request.user, program_id=program.pk if program else None)
    if released:
        messages.success(request, _("%(n)s decisions released; their authors were told.") % {"n": released})
    else:
        messages.info(request, _("There was no staged decision to release."))
    for d in stale:
        messages.warning(request, _("“%(idea)s” changed since its decision was staged; look at it again.")
                         % {"idea": d.idea.title})
    url = reverse("realization:staged", args=[org.slug])
    return redirect(f"{url}?program={program.pk}" if program else url)


@require_POST
@login_required
@organization_required
def withdraw(request, organization_slug, pk):
    org = request.organization
    require(request.user, "realization.release_decisions", org)
    decision = get_object_or_404(Decision.objects.select_related("idea"), pk=pk, idea__organization=org,
                                 released_at__isnull=True)
    services.decision_withdraw(decision, actor=request.user)
    messages.success(request, _("The staged decision on “%(idea)s” was withdrawn.") % {"idea": decision.idea.title})
    return redirect("realization:staged", org.slug)


# Rejection reasons ----------------------------------------------------------------------

@login_required
@organization_required
def reasons(request, organization_slug):
    """The organization's rejection reasons: add, edit, deactivate and reorder."""
    org = request.organization
    require(request.user, "realization.manage_reasons", org)
    form = RejectionReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reason_create(org, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Reason added."))
            return redirect("realization:reasons", org.slug)
    context = {"organization": org, "form": form,
               "reasons": list(RejectionReason.objects.filter(organization=org).order_by("order", "id"))}
    return render(request, "realization/reasons.html", context)


def _reason(request, org, pk):
    require(request.user, "realization.manage_reasons", org)
    return get_object_or_404(RejectionReason, pk=pk, organization=org)


@login_required
@organization_required
def reason_edit(request, organization_slug, pk):
    org = request.organization
    reason = _reason(request, org, pk)
    form = RejectionReasonForm(request.POST or None, instance=reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.reason_update(reason, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Reason saved."))
            return redirect("realization:reasons", org.slug)
    return render(request, "realization/reasons.html", {"organization": org, "form": form, "editing": reason})


@require_POST
@login_required
@organization_required
def reason_action(request, organization_slug, pk):
    """Deactivate, reactivate, or move a reason up or down."""
    org = request.organization
    reason = _reason(request, org, pk)
    action = request.POST.get("action")
    if action in ("activate", "deactivate"):
        services.reason_set_active(reason, actor=request.user, active=action == "activate")
    elif action in ("up", "down"):
        services.reason_move(reason, actor=request.user, step=-1 if action == "up" else 1)
    return redirect("realization:reasons", org.slug)


@require_POST
@login_required
@organization_required
def reasons_suggested(request, organization_slug):
    org = request.organization
    require(request.user, "realization.manage_reasons", org)
    added = services.reasons_add_suggested(org, actor=request.user)
    messages.success(request, _("%(n)s suggested reasons added.") % {"n": added})
    return redirect("realization:reasons", org.slug)


# Revival into a new program -------------------------------------------------------------

@login_required
@organization_required
def revive_into(request, organization_slug, pk):
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    require(request.user, "realization.revive_into", idea)
    form = ReviveIntoForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = idea_revive_into(idea, actor=request.user, program=data["program"], mission=data["mission"],
                                   note=data["note"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("“%(idea)s” was revived into %(program)s; its authors were told.")
                             % {"idea": idea.title, "program": data["program"].title})
            return redirect("ideas:detail", org.slug, new.pk)
    return render(request, "realization/revive.html", {"organization": org, "idea": idea, "form": form})
