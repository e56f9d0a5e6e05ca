"""Fair rejection pages: the author asks for a one-to-one explanation or appeals; the
people concerned assign, schedule, explain and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.ideas.selectors import idea_for_user

from .. import fairness
from ..enums import ExplanationStatus
from ..forms import (
    AppealAssignForm,
    AppealDecisionForm,
    AppealForm,
    ExplanationAssignForm,
    ExplanationConfirmForm,
    ExplanationOutcomeForm,
    ExplanationProposeForm,
    ExplanationRequestForm,
)
from ..models import Appeal, ExplanationRequest


def _idea_url(org, idea):
    from django.urls import reverse

    return reverse("ideas:detail", args=[org.slug, idea.pk])


@login_required
@organization_required
def explanation_request(request, organization_slug, pk):
    """The author asks for a one-to-one explanation of the rejection."""
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    if idea.author_id != request.user.pk:
        raise Http404
    form = ExplanationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = fairness.explanation_request(idea, actor=request.user, message=form.cleaned_data["message"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Thank you. We will find the right person to explain the decision and "
                                        "come back to you with times to meet."))
            return redirect("realization:explanation", org.slug, req.pk)
    return render(request, "realization/explanation_request.html",
                  {"organization": org, "idea": idea, "form": form})


def _explanation(request, org, pk) -> ExplanationRequest:
    req = (ExplanationRequest.objects.filter(pk=pk, idea__organization=org)
           .select_related("idea", "idea__organization", "decision", "decision__decided_by", "requested_by",
                           "expert", "department").first())
    if req is None:
        raise Http404
    require(request.user, "realization.view_explanation", req)
    return req


@login_required
@organization_required
def explanation(request, organization_slug, pk):
    """One explanation: where it stands, and the next step for whoever looks at it."""
    org = request.organization
    req = _explanation(request, org, pk)
    user = request.user
    forms = {}
    if user.has_perm("realization.assign_explanation", req) and req.status != ExplanationStatus.SCHEDULED:
        forms["assign"] = ExplanationAssignForm(organization=org, exclude=[req.requested_by_id],
                                                initial={"expert": req.expert_id or getattr(
                                                    fairness.suggested_expert(req), "pk", None)})
    if user.pk == req.expert_id and req.status in (ExplanationStatus.ASSIGNED, ExplanationStatus.PROPOSED):
        forms["propose"] = ExplanationProposeForm(initial={"place": req.meeting_place})
    if user.pk == req.requested_by_id and req.status == ExplanationStatus.PROPOSED:
        forms["confirm"] = ExplanationConfirmForm(times=fairness.proposed_datetimes(req))
    if user.pk == req.expert_id and req.status == ExplanationStatus.SCHEDULED:
        forms["complete"] = ExplanationOutcomeForm()
    context = {"organization": org, "req": req, "forms": forms,
               "times": fairness.proposed_datetimes(req),
               "can_cancel": user.pk == req.requested_by_id and req.status in fairness.OPEN_EXPLANATION}
    return render(request, "realization/explanation.html", context)


@require_POST
@login_required
@organization_required
def explanation_step(request, organization_slug, pk, step):
    """assign (executives, managers), propose (the expert), confirm or cancel (the author),
    complete (the expert). The services check who may take each step."""
    org = request.organization
    req = _explanation(request, org, pk)
    user = request.user
    try:
        if step == "assign":
            require(user, "realization.assign_explanation", req)
            form = ExplanationAssignForm(request.POST, organization=org, exclude=[req.requested_by_id])
            if form.is_valid():
                fairness.explanation_assign(req, actor=user, expert=form.cleaned_data["expert"])
        elif step == "propose":
            form = ExplanationProposeForm(request.POST)
            if form.is_valid():
                fairness.explanation_propose(req, actor=user, times=form.times(), place=form.cleaned_data["place"])
        elif step == "confirm":
            form = ExplanationConfirmForm(request.POST, times=fairness.proposed_datetimes(req))
            if form.is_valid():
                fairness.explanation_confirm(req, actor=user, at=parse_datetime(form.cleaned_data["at"]))
        elif step == "complete":
            form = ExplanationOutcomeForm(request.POST)
            if form.is_valid():
                fairness.explanation_complete(req, actor=user, outcome=form.cleaned_data["outcome"])
        elif step == "cancel":
            form = None
            fairness.explanation_cancel(req, actor=user)
        else:
            raise Http404
    except DomainError as e:
        messages.error(request, e.text)
    else:
        if form is not None and form.errors:
            messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        else:
            messages.success(request, _("Saved; the other side was told."))
    return redirect("realization:explanation", org.slug, req.pk)


@login_required
@organization_required
def explanations(request, organization_slug):
    """The explanations a person handles (experts: theirs; executives and managers: all)."""
    org = request.organization
    require(request.user, "realization.view_explanations", org)
    page = paginate(request, fairness.explanations_for(request.user, org))
    return render(request, "realization/explanations.html", {"organization": org, "page_obj": page})


# Appeals ------------------------------------------------------------------------------------

@login_required
@organization_required
def appeal_file(request, organization_slug, pk):
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    if idea.author_id != request.user.pk:
        raise Http404
    panel = fairness.author_panel(request.user, idea).get("fair") or {}
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = fairness.appeal_file(idea, actor=request.user, grounds=form.cleaned_data["grounds"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your appeal was received. An executive who did not take the first "
                                        "decision will review it."))
            return redirect("realization:appeal", org.slug, appeal.pk)
    return render(request, "realization/appeal_file.html",
                  {"organization": org, "idea": idea, "form": form, "fair": panel})


def _appeal(request, org, pk) -> Appeal:
    appeal = (Appeal.objects.filter(pk=pk, idea__organization=org)
              .select_related("idea", "idea__organization", "decision", "decision__decided_by", "appellant",
                              "reviewer", "result_decision", "result_decision__department").first())
    if appeal is None:
        raise Http404
    require(request.user, "realization.view_appeal", appeal)
    return appeal


@login_required
@organization_required
def appeal(request, organization_slug, pk):
    org = request.organization
    appeal = _appeal(request, org, pk)
    user = request.user
    decide_form = assign_form = None
    if user.has_perm("realization.decide_appeal", appeal):
        decide_form = AppealDecisionForm(request.POST or None, organization=org)
        if request.method == "POST" and decide_form.is_valid():
            data = decide_form.cleaned_data
            result = data["result"]
            try:
                fairness.appeal_decide(appeal, actor=user, overturn=result != "uphold", explanation=data["explanation"],
                                       kind=result if result != "uphold" else "", department=data["department"],
                                       revisit_on=data["revisit_on"], revisit_condition=data["revisit_condition"])
            except DomainError as e:
                form_error(decide_form, e)
            else:
                messages.success(request, _("The appeal is decided; its author was told."))
                return redirect("realization:appeal", org.slug, appeal.pk)
    elif request.method == "POST":
        raise Http404
    if user.has_perm("realization.assign_appeal", appeal):
        assign_form = AppealAssignForm(candidates=fairness.appeal_candidates(appeal),
                                       initial={"reviewer": appeal.reviewer_id})
    context = {"organization": org, "appeal": appeal, "decide_form": decide_form, "assign_form": assign_form,
               "idea_url": _idea_url(org, appeal.idea)}
    return render(request, "realization/appeal.html", context)


@require_POST
@login_required
@organization_required
def appeal_assign(request, organization_slug, pk):
    org = request.organization
    appeal = _appeal(request, org, pk)
    require(request.user, "realization.assign_appeal", appeal)
    form = AppealAssignForm(request.POST, candidates=fairness.appeal_candidates(appeal))
    try:
        if not form.is_valid():
            # No candidate at all gets the service's explanation, not a bare "invalid choice".
            fairness.appeal_assign(appeal, actor=request.user, reviewer=None)
        fairness.appeal_assign(appeal, actor=request.user, reviewer=form.cleaned_data["reviewer"])
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("The reviewing executive was told."))
    return redirect("realization:appeal", org.slug, appeal.pk)


@login_required
@organization_required
def appeals(request, organization_slug):
    org = request.organization
    require(request.user, "realization.view_appeals", org)
    paginator_page = paginate(request, fairness.open_appeals_for(request.user, org))
    return render(request, "realization/appeals.html", {"organization": org, "page_obj": paginator_page})

