"""Pairwise voting pages: "which of these two is better?" one pair at a time (works without
JavaScript: each answer is a POST, then the next pair), and the program's ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError
from cocreate.core.http import paginate, require
from cocreate.core.middleware import organization_required
from cocreate.programs.selectors import program_for_user

from ..pairwise_votes import pairwise_candidates, pairwise_next_pair, pairwise_progress, pairwise_ranking, pairwise_vote


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@organization_required
def pairwise_vote_page(request, organization_slug, program_slug):
    org = request.organization
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "evaluation.pairwise_vote", program)
    if request.method == "POST":
        left, right = _int(request.POST.get("left")), _int(request.POST.get("right"))
        choice = request.POST.get("choice")
        ideas = pairwise_candidates(program, request.user).filter(pk__in=[left or 0, right or 0]).in_bulk()
        if left not in ideas or right not in ideas or choice not in ("left", "right", "none"):
            messages.error(request, _("This pair is no longer open for voting. Here is another one."))
        else:
            winner = {"left": ideas[left], "right": ideas[right], "none": None}[choice]
            try:
                vote, created = pairwise_vote(program, request.user, ideas[left], ideas[right], winner)
            except DomainError as e:
                messages.error(request, e.text)
            else:
                if created and vote.status != "counted":
                    messages.info(request, _("Thank you. Your answer was recorded and is held for a "
                                             "review before it counts."))
        return redirect(reverse("evaluation:pairwise", args=[org.slug, program.slug]))
    pair = pairwise_next_pair(program, request.user)
    return render(request, "evaluation/pairwise_vote.html", {
        "organization": org, "program": program, "pair": pair,
        "done": pairwise_progress(program, request.user),
        "can_see_ranking": request.user.has_perm("evaluation.view_pairwise_ranking", program),
    })


@login_required
@organization_required
def pairwise_ranking_page(request, organization_slug, program_slug):
    org = request.organization
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "evaluation.view_pairwise_ranking", program)
    rows = pairwise_ranking(program, request.user)
    page = paginate(request, rows, per_page=50)
    return render(request, "evaluation/pairwise_ranking.html", {
        "organization": org, "program": program, "page_obj": page, "rows": page.object_list,
        "compared": rows.compared,
        "can_vote": request.user.has_perm("evaluation.pairwise_vote", program),
    })
