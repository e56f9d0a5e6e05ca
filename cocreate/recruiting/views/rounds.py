"""R1 screening-round pages: the rubric, reviewer assignment, the reviewer's keyboard-fast queue
and the manager's ranked results with leniency correction and reviewer agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, require
from cocreate.core.middleware import organization_required

from .. import selectors, services
from ..enums import RoundOutcome, RoundStatus
from ..forms import (
    AssignReviewerForm,
    CorrectionForm,
    DistributeForm,
    MoveForm,
    ReviewForm,
    RoundForm,
    RoundStatusForm,
    RubricFormSet,
    criteria_from,
)
from .calls import _recruitment, age_this_year, profile_rows  # noqa: F401

# Screening rounds -------------------------------------------------------------------------

def _round(request, program_slug, pk, round_pk):
    program, recruitment = _recruitment(request, program_slug, pk)
    return program, recruitment, selectors.round_for_user(request.user, recruitment, round_pk)


def _round_context(request, program, recruitment, round):
    return {"organization": request.organization, "program": program, "recruitment": recruitment, "round": round}


@login_required
@organization_required
def round_create(request, organization_slug, program_slug, pk):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.manage_rounds", recruitment)
    questions = list(recruitment.questions.all())
    form = RoundForm(request.POST or None)
    formset = RubricFormSet(request.POST or None, prefix="criteria", form_kwargs={"questions": questions})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            round = services.round_create(recruitment, actor=request.user, criteria=criteria_from(formset),
                                          **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The round was created. Now assign its reviewers."))
            return redirect("recruiting:round_results", org.slug, program.slug, recruitment.pk, round.pk)
    return render(request, "recruiting/round_form.html", {
        "organization": org, "program": program, "recruitment": recruitment, "form": form, "formset": formset,
    })


@login_required
@organization_required
def round_results(request, organization_slug, program_slug, pk, round_pk):
    """The round's standings: managers see everything and decide; after the round closes its
    reviewers see the combined scores too (names hidden if the round is blind)."""
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    user = request.user
    require(user, "recruiting.view_round_scores", round)
    can_manage = user.has_perm("recruiting.manage_rounds", round)
    correction_form = CorrectionForm(request.GET)
    correction = (correction_form.cleaned_data["correction"] or None) if correction_form.is_valid() else None
    standings = selectors.round_standings(round, correction=correction)
    criteria = list(round.criteria.all())
    agreement = selectors.round_agreement(round)
    show_names = can_manage or not round.is_blind
    rows = [{"standing": s, "values": [s.per_criterion.get(c.pk) for c in criteria],
             "decidable": can_manage and s.application.status == "submitted"
             and s.outcome != RoundOutcome.DECLINED}
            for s in standings]
    if show_names:
        selectors.record_list_view(user, recruitment, [s.application for s in standings])
    context = _round_context(request, program, recruitment, round) | {
        "criteria": criteria, "rows": rows, "show_names": show_names, "can_manage": can_manage,
        "correction_form": correction_form, "agreement": [agreement.get(c.pk) for c in criteria],
        "outcomes": RoundOutcome, "statuses": RoundStatus,
    }
    if can_manage:
        context |= {
            "assignments": selectors.assignments_with_applications(round),
            "assign_form": AssignReviewerForm(candidates=selectors.reviewer_candidates(request.organization),
                                              applications=[s.application for s in standings]),
            "distribute_form": DistributeForm(),
        }
    return render(request, "recruiting/round_results.html", context)


@require_POST
@login_required
@organization_required
def round_status(request, organization_slug, program_slug, pk, round_pk):
    org = request.organization
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    require(request.user, "recruiting.manage_rounds", round)
    form = RoundStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.round_transition(round, actor=request.user, to=form.cleaned_data["status"])
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("The round is now: %(status)s.") % {"status": round.get_status_display()})
    return redirect("recruiting:round_results", org.slug, program.slug, recruitment.pk, round.pk)


@require_POST
@login_required
@organization_required
def reviewer_assign(request, organization_slug, program_slug, pk, round_pk):
    org = request.organization
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    require(request.user, "recruiting.manage_rounds", round)
    form = AssignReviewerForm(request.POST, candidates=selectors.reviewer_candidates(org),
                              applications=selectors.round_applications(round).select_related("applicant"))
    if form.is_valid():
        reviewer = form.candidates[form.cleaned_data["reviewer"]]
        chosen = form.cleaned_data["applications"]
        try:
            services.reviewer_assign(round, reviewer=reviewer, actor=request.user, applications=chosen)
        except DomainError as e:
            messages.error(request, e.text)
        else:
            if chosen:
                messages.success(request, ngettext(
                    "%(person)s reviews %(count)s application of this round.",
                    "%(person)s reviews %(count)s applications of this round.", len(chosen),
                ) % {"person": reviewer.display_name, "count": len(chosen)})
            else:
                messages.success(request, _("%(person)s reviews this round.") % {"person": reviewer.display_name})
    else:
        messages.error(request, _("Choose a reviewer from the list."))
    return redirect("recruiting:round_results", org.slug, program.slug, recruitment.pk, round.pk)


@require_POST
@login_required
@organization_required
def reviewers_distribute(request, organization_slug, program_slug, pk, round_pk):
    """Share the round's applications among its reviewers, N reviewers each, balanced."""
    org = request.organization
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    require(request.user, "recruiting.manage_rounds", round)
    form = DistributeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of reviewers per application."))
    else:
        try:
            services.reviewers_distribute(round, per_application=form.cleaned_data["per_application"],
                                          actor=request.user)
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, ngettext(
                "Every application now has %(count)s reviewer.",
                "Every application now has %(count)s reviewers.", form.cleaned_data["per_application"],
            ) % {"count": form.cleaned_data["per_application"]})
    return redirect("recruiting:round_results", org.slug, program.slug, recruitment.pk, round.pk)


@require_POST
@login_required
@organization_required
def reviewer_unassign(request, organization_slug, program_slug, pk, round_pk, assignment_pk):
    org = request.organization
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    require(request.user, "recruiting.manage_rounds", round)
    assignment = selectors.assignment_in(round, assignment_pk)
    services.reviewer_unassign(round, reviewer=assignment.reviewer, actor=request.user)
    messages.success(request, _("%(person)s no longer reviews this round; their scores so far are kept.")
                     % {"person": assignment.reviewer.display_name})
    return redirect("recruiting:round_results", org.slug, program.slug, recruitment.pk, round.pk)


@require_POST
@login_required
@organization_required
def application_move(request, organization_slug, program_slug, pk, round_pk, application_pk):
    org = request.organization
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    require(request.user, "recruiting.manage_rounds", round)
    application = selectors.round_result_in(round, application_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose advance, waitlist or decline."))
    else:
        try:
            services.application_move(application, round, outcome=form.cleaned_data["outcome"], actor=request.user)
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("%(person)s: %(outcome)s. They were told so.") % {
                "person": application.applicant_name,
                "outcome": RoundOutcome(form.cleaned_data["outcome"]).label})
    return redirect("recruiting:round_results", org.slug, program.slug, recruitment.pk, round.pk)


@login_required
@organization_required
def review_queue(request, organization_slug, program_slug, pk, round_pk):
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    require(request.user, "recruiting.view_review_queue", round)
    queue = selectors.review_queue(round, request.user)
    if not round.is_blind:
        selectors.record_list_view(request.user, recruitment, [r.application for r in queue.rows])
    return render(request, "recruiting/review_queue.html", _round_context(request, program, recruitment, round) | {
        "queue": queue, "next": next((r.application for r in queue.rows if not r.done), None),
        "can_review": request.user.has_perm("recruiting.review_round", round),
        "can_view_scores": request.user.has_perm("recruiting.view_round_scores", round),
    })


@login_required
@organization_required
def review(request, organization_slug, program_slug, pk, round_pk, application_pk):
    """The focused review screen: the answers, the profile as the round allows, and one number
    per criterion. "Save and next" moves on to the next application still to score."""
    org = request.organization
    program, recruitment, round = _round(request, program_slug, pk, round_pk)
    user = request.user
    require(user, "recruiting.review_round", round)
    application = selectors.application_to_review(user, round, application_pk)
    criteria = selectors.manual_criteria(round)
    own = {r.criterion_id: r.value for r in selectors.reviews_visible_to(user, round).filter(
        application=application, reviewer=user)}
    initial = {ReviewForm.field_name(c): own[c.pk] for c in criteria if c.pk in own}
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(round, application, reviewer=user, values=form.values())
        except DomainError as e:
            form_error(form, e)
        else:
            following = selectors.next_to_review(round, user, application)
            if following is None:
                messages.success(request, _("Saved. You have scored every application of this round. Thank you!"))
                return redirect("recruiting:review_queue", org.slug, program.slug, recruitment.pk, round.pk)
            messages.success(request, _("Saved."))
            return redirect("recruiting:review", org.slug, program.slug, recruitment.pk, round.pk, following.pk)
    queue = selectors.review_queue(round, user)
    position = next((i for i, r in enumerate(queue.rows, 1) if r.application.pk == application.pk), 0)
    hide = selectors.BLIND_KEYS if round.is_blind else frozenset()
    return render(request, "recruiting/review.html", _round_context(request, program, recruitment, round) | {
        "application": application, "form": form, "queue": queue, "position": position,
        "profile": profile_rows(application.profile, hide=hide),
        "age": None if round.is_blind else age_this_year(application.profile.get("birth_year")),
        "answers": list(application.answers.all()),
    })
