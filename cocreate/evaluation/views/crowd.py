"""Crowd votes: the 0-5 rating of an idea, and the held-votes review page where program
managers and org admins count or exclude votes a burst from new accounts put aside."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.ideas.enums import VoteStatus
from cocreate.ideas.selectors import idea_for_user

from .. import integrity, ratings
from ..forms_crowd import FlagResolveForm, RatingForm
from ..rules import crowd_rates
from ..selectors_integrity import STATES, held_votes, vote_flag_in, vote_flags


def rating_box_context(request, user, organization, idea, form=None) -> dict:
    """What ``_crowd_rating.html`` needs; ``shown`` is False when the idea is not rated by the crowd."""
    if idea.state == "draft" or not crowd_rates(user, idea):
        return {"shown": False}
    can_rate = bool(user is not None and user.has_perm("evaluation.rate_idea", idea))
    mine = ratings.my_rating(idea, user) if can_rate else None
    if form is None and can_rate:
        form = RatingForm(initial={"value": mine.value} if mine else None)
    return {
        "shown": True, "request": request, "organization": organization, "idea": idea, "can_rate": can_rate,
        "mine": mine, "form": form, "summary": ratings.rating_summary(idea), "held": VoteStatus.HELD,
        "excluded": VoteStatus.EXCLUDED,
    }


@require_POST
@login_required
@organization_required
def idea_rate(request, organization_slug, pk):
    """Rate an idea 0-5 (``value``), or take the rating back (``action=clear``). Works without
    JavaScript (redirect to the idea) and with htmx (the box is swapped)."""
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    require(request.user, "evaluation.rate_idea", idea)
    form = None
    if request.POST.get("action") == "clear":
        if ratings.rating_clear(idea, request.user):
            messages.success(request, _("Your rating was taken back."))
    else:
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                ratings.rating_set(idea, request.user, form.cleaned_data["value"])
            except DomainError as e:
                form_error(form, e)
                if not request.htmx:
                    messages.error(request, e.text)
            else:
                form = None
                messages.success(request, _("Thank you, your rating was saved."))
        elif not request.htmx:
            messages.error(request, _("Choose a rating from 0 to 5."))
    if request.htmx:
        return render(request, "evaluation/_crowd_rating.html",
                      rating_box_context(request, request.user, org, idea, form=form))
    return redirect(reverse("ideas:detail", args=[org.slug, idea.pk]) + "#crowd-rating")


@login_required
@organization_required
def vote_flags_page(request, organization_slug):
    org = request.organization
    require(request.user, "evaluation.review_vote_flags", org)
    state = request.GET.get("state") if request.GET.get("state") in STATES else "open"
    page = paginate(request, vote_flags(org, state=state), per_page=20)
    rows = [{"flag": f, "votes": held_votes(f), "form": FlagResolveForm(prefix=f"flag{f.pk}")}
            for f in page.object_list]
    return render(request, "evaluation/vote_flags.html", {
        "organization": org, "page_obj": page, "rows": rows, "state": state,
    })


@require_POST
@login_required
@organization_required
def vote_flag_resolve(request, organization_slug, pk):
    org = request.organization
    require(request.user, "evaluation.review_vote_flags", org)
    flag = vote_flag_in(org, pk)
    form = FlagResolveForm(request.POST, prefix=f"flag{flag.pk}")
    url = reverse("evaluation:vote_flags", args=[org.slug])
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect(url)
    try:
        integrity.vote_flag_resolve(flag, actor=request.user, resolution=form.cleaned_data["resolution"],
                                    note=form.cleaned_data["note"])
    except DomainError as e:
        messages.error(request, e.text)
    else:
        if form.cleaned_data["resolution"] == "counted":
            messages.success(request, _("These votes are now counted."))
        else:
            messages.success(request, _("These votes are now excluded."))
    return redirect(url)
