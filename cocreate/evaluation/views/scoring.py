"""The judge's queue and the score form, and the hand-over of evaluated ideas to the
executive board. Views check permission, validate, call one service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.selectors import idea_for_user
from cocreate.ideas.services import idea_transition
from cocreate.programs.selectors import current_agreement

from .. import selectors, services
from ..forms import QueueFilterForm, ScoreForm
from ..selectors_judging import my_comments


def _queue_url(org, program_id):
    url = reverse("evaluation:queue", args=[org.slug])
    return f"{url}?program={program_id}" if program_id else url


@login_required
@organization_required
def queue(request, organization_slug):
    org = request.organization
    require(request.user, "evaluation.view_queue", org)
    form = QueueFilterForm(request.GET or None, organization=org)
    program_id = form.program_id()
    page = paginate(request, selectors.judge_queue(request.user, org, program_id=program_id))
    done, total = selectors.queue_progress(request.user, org, program_id=program_id)
    context = {
        "organization": org, "form": form, "page_obj": page, "ideas": page.object_list,
        "program_id": program_id, "done": done, "total": total,
    }
    if request.htmx and request.htmx.target == "queue-results":
        return render(request, "evaluation/_queue_results.html", context)
    return render(request, "evaluation/queue.html", context)


@login_required
@organization_required
def score(request, organization_slug, pk):
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    require(request.user, "evaluation.score_idea", idea)
    # The participants' vote is computed from the crowd, not scored by judges.
    criteria = [c for c in current_agreement(idea.program).criteria.all() if not c.is_crowd_vote]
    # The queue's program filter travels with the judge from idea to idea.
    filter_form = QueueFilterForm(request.POST if request.method == "POST" else request.GET,
                                  organization=org)
    program_id = filter_form.program_id()
    previous = selectors.my_scores(request.user, idea)
    initial = {ScoreForm.field_name(c): previous[c.pk] for c in criteria if c.pk in previous}
    comments = my_comments(request.user, idea)
    initial |= {ScoreForm.comment_name(c): comments[c.pk] for c in criteria if c.pk in comments}
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_submit(idea, judge=request.user, values=form.values(), comments=form.comments())
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your scores for “%(idea)s” were saved.") % {"idea": idea.title})
            if "next" in request.POST:
                following = selectors.next_unscored(request.user, org, exclude_pk=idea.pk,
                                                    program_id=program_id)
                if following is not None:
                    url = reverse("evaluation:score", args=[org.slug, following.pk])
                    return redirect(f"{url}?program={program_id}" if program_id else url)
                messages.info(request, _("You have scored every idea in your queue."))
            return redirect(_queue_url(org, program_id))
    done, total = selectors.queue_progress(request.user, org, program_id=program_id)
    context = {
        "organization": org, "idea": idea, "form": form, "program_id": program_id,
        "agreement": current_agreement(idea.program), "rescoring": bool(previous),
        "done": done, "total": total,
    }
    return render(request, "evaluation/score.html", context)


@require_POST
@login_required
@organization_required
def send_to_board(request, organization_slug, pk):
    """Close an idea's evaluation and put it before the executive board."""
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    require(request.user, "evaluation.send_to_board", idea)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("ideas:detail", args=[org.slug, idea.pk])
    try:
        idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("“%(idea)s” is now before the executive board.") % {"idea": idea.title})
    return redirect(target)
