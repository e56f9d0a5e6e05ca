"""Open idea channel, idea pages and "my ideas". Views check permission, validate, call
one service and render a page or, for htmx requests, a named partial."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.evaluation.selectors import breakdown_for, breakdowns_for
from cocreate.evaluation.selectors_judging import judges_comments_for
from cocreate.realization.selectors import decisions_of, latest_decisions

from . import selectors, services
from .enums import IdeaState
from .forms import CommentForm, HideForm, IdeaForm, PurchaseIntentForm, SearchForm

HAS_OUTCOME = frozenset({IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED})


def _idea_allowed(request, pk: int, perm: str):
    """The organization and one of its ideas the person may act on with ``perm``; 404 for a
    missing idea, one of another organization, and a forbidden action alike."""
    idea = selectors.idea_for_user(request.user, request.organization, pk)
    require(request.user, perm, idea)
    return request.organization, idea


@organization_required
def idea_list(request, organization_slug):
    org = request.organization
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    qs = selectors.open_channel_ideas(request.user, org)
    if query:
        qs = selectors.search(qs, query)
    page = paginate(request, qs)
    context = {
        "organization": org, "page_obj": page, "ideas": page.object_list, "form": form, "query": query,
        "supported": selectors.supported_ids(request.user, page.object_list),
        "can_add": request.user.has_perm("ideas.add_idea", org),
    }
    partial = request.htmx and request.htmx.target == "idea-results"
    template = "ideas/_idea_results.html" if partial else "ideas/list.html"
    return render(request, template, context)


@login_required
@organization_required
def idea_create(request, organization_slug):
    org = request.organization
    require(request.user, "ideas.add_idea", org)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(
                author=request.user, organization=org, submit="submit" in request.POST, **form.cleaned_data
            )
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your idea was submitted.") if idea.state != "draft"
                             else _("Your draft was saved. Only you can see it."))
            return redirect("ideas:detail", org.slug, idea.pk)
    return render(request, "ideas/form.html", {"organization": org, "form": form})


@organization_required
def idea_detail(request, organization_slug, pk):
    org = request.organization
    idea = selectors.idea_for_user(request.user, org, pk)
    user = request.user
    can_see_scores = user.has_perm("evaluation.view_scores", idea)
    context = {
        "organization": org,
        "idea": idea,
        "comments": selectors.comments_of(user, idea),
        "comment_form": CommentForm(),
        "hide_form": HideForm(),
        "supported": idea.pk in selectors.supported_ids(user, [idea]),
        "breakdown": breakdown_for(idea) if can_see_scores else None,
        "decisions": decisions_of(idea) if can_see_scores or idea.author_id == user.pk else [],
        "outcome": getattr(idea, "outcome", None) if idea.state in HAS_OUTCOME else None,
        "perms": {
            name: user.has_perm(f"{app}.{name}", idea)
            for app, name in [("ideas", "change_idea"), ("ideas", "submit_idea"), ("ideas", "comment_idea"),
                              ("ideas", "support_idea"), ("ideas", "hide_idea"), ("evaluation", "score_idea"),
                              ("evaluation", "send_to_board"),
                              ("realization", "decide_idea"), ("realization", "revive_idea")]
        },
    }
    context |= _mission_parts(request, idea)
    context |= _fair_decision(user, idea, context["decisions"])  # R4: decision in force, explanation, appeal
    # R4 revival: the original shows where it went (only the new ideas this person may open).
    context["revivals"] = list(selectors.ideas_visible_to(user, org).filter(revived_from=idea)
                               .select_related("program", "mission").order_by("pk"))
    context["judges_comments"] = judges_comments_for(user, idea)  # R4 judging: comments, no names
    from cocreate.realization.forwarding import idea_panel  # H6: first look, hand-off to departments

    context |= idea_panel(user, idea)
    return render(request, "ideas/detail.html", context)


def _fair_decision(user, idea, decisions) -> dict:
    """The decision in force with its reasons (realization/_idea_decision.html); the earlier
    ones stay listed below it as history."""
    from cocreate.realization.fairness import author_panel

    panel = author_panel(user, idea)
    if panel:
        panel["decisions"] = [d for d in decisions if d.pk != panel["fair"]["decision"].pk]
    return panel


def _mission_parts(request, idea) -> dict:
    """What a mission submission adds to its page: the type's details, files, credits and
    purchase intent."""
    if idea.mission is None:
        return {}
    user = request.user
    mission = idea.mission
    parts = {
        "mission_review": mission.type.render_review(mission, idea) if idea.details else "",
        "attachments": list(idea.attachments.all()),
        "credited": selectors.credited_users(idea),
        "can_state_intent": user.has_perm("ideas.state_purchase_intent", idea),
        "intent_summary": (selectors.purchase_intent_summary(idea)
                           if user.has_perm("ideas.view_purchase_intents", idea) else None),
        "my_intent": selectors.purchase_intent_of(user, idea),
        "intent_form": PurchaseIntentForm(),
    }
    return parts


@require_POST
@login_required
@organization_required
def idea_purchase_intent(request, organization_slug, pk):
    """How likely one would buy it, 1–5; a repeat changes one's answer."""
    org, idea = _idea_allowed(request, pk, "ideas.state_purchase_intent")
    form = PurchaseIntentForm(request.POST)
    if form.is_valid():
        try:
            services.purchase_intent_set(idea, user=request.user, value=int(form.cleaned_data["value"]))
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("Thank you: your answer was saved."))
    else:
        messages.error(request, _("Choose a number from 1 (surely not) to 5 (surely)."))
    if request.htmx:
        context = {"organization": org, "idea": idea, "can_state_intent": True,
                   "intent_summary": (selectors.purchase_intent_summary(idea)
                                      if request.user.has_perm("ideas.view_purchase_intents", idea) else None),
                   "my_intent": selectors.purchase_intent_of(request.user, idea), "intent_form": form}
        return render(request, "ideas/_purchase_intent.html", context)
    return redirect("ideas:detail", org.slug, idea.pk)


@organization_required
def idea_attachment(request, organization_slug, pk, attachment_pk):
    """One attached file, for those who may see the idea; 404 alike for missing and
    forbidden. Images may show in the browser; anything else is downloaded, and the browser
    is told not to guess the type."""
    from django.http import FileResponse, Http404

    from .attachments import is_inline
    from .models import Attachment

    idea = selectors.idea_for_user(request.user, request.organization, pk)
    attachment = Attachment.objects.filter(idea=idea, pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=not is_inline(attachment),
                            filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@organization_required
def idea_edit(request, organization_slug, pk):
    org, idea = _idea_allowed(request, pk, "ideas.change_idea")
    if idea.mission_id:  # a mission's draft is edited on its type's form
        return redirect("missions:submission_edit", org.slug, idea.program.slug, idea.mission_id, idea.pk)
    form = IdeaForm(request.POST or None, instance=idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(idea, actor=request.user, **form.cleaned_data)
            if "submit" in request.POST:
                services.idea_submit(idea, actor=request.user)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your idea was submitted.") if "submit" in request.POST
                             else _("Your draft was saved. Only you can see it."))
            return redirect("ideas:detail", org.slug, idea.pk)
    return render(request, "ideas/form.html", {"organization": org, "form": form, "idea": idea})


@require_POST
@login_required
@organization_required
def idea_submit(request, organization_slug, pk):
    org, idea = _idea_allowed(request, pk, "ideas.submit_idea")
    if idea.mission_id:
        return _submit_mission_draft(request, org, idea)
    try:
        services.idea_submit(idea, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Your idea was submitted."))
    return redirect("ideas:detail", org.slug, idea.pk)


def _submit_mission_draft(request, org, idea):
    """A mission's draft goes in through the mission's submission service: its type checks
    the details, its late policy decides, and the team is credited."""
    from cocreate.missions.submissions import submission_save

    try:
        result = submission_save(idea.mission, author=request.user, title=idea.title, body=idea.body,
                                 details=idea.details, deliverable=idea.deliverable, team=idea.team, submit=True,
                                 idea=idea)
    except DomainError as e:
        messages.error(request, e.text)
        return redirect("missions:submission_edit", org.slug, idea.program.slug, idea.mission_id, idea.pk)
    if result.refused:
        messages.error(request, result.refused_reason)
    else:
        messages.success(request, _("Your idea was submitted."))
    return redirect("ideas:detail", org.slug, idea.pk)


@require_POST
@login_required
@organization_required
def idea_comment(request, organization_slug, pk):
    org, idea = _idea_allowed(request, pk, "ideas.comment_idea")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_create(idea, author=request.user, body=form.cleaned_data["body"])
        except DomainError as e:
            form_error(form, e)
        else:
            form = CommentForm()
    context = {"organization": org, "idea": idea, "comments": selectors.comments_of(request.user, idea),
               "comment_form": form, "perms": {"comment_idea": True}}
    if request.htmx:
        # 200 even with errors: htmx swaps only successful responses, and the partial shows them.
        return render(request, "ideas/_comments.html", context)
    if form.errors:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("ideas:detail", org.slug, idea.pk)


@require_POST
@login_required
@organization_required
def idea_support(request, organization_slug, pk):
    """Toggle support: POST with ``action=add`` or ``action=withdraw``; both are idempotent."""
    org, idea = _idea_allowed(request, pk, "ideas.support_idea")
    support_error = ""
    if request.POST.get("action") == "withdraw":
        services.support_withdraw(idea, user=request.user)
    else:
        try:
            services.support_add(idea, user=request.user)
        except DomainError as e:  # the program's vote thresholds (evaluation.integrity)
            support_error = e.text
            if not request.htmx:
                messages.error(request, e.text)
    idea.refresh_from_db(fields=["support_count"])
    context = {"organization": org, "idea": idea,
               "supported": idea.pk in selectors.supported_ids(request.user, [idea]),
               "can_support": True}
    context["support_error"] = support_error
    if request.htmx:
        return render(request, "ideas/_support.html", context)
    return redirect("ideas:detail", org.slug, idea.pk)


@require_POST
@login_required
@organization_required
def idea_hide(request, organization_slug, pk):
    org, idea = _idea_allowed(request, pk, "ideas.hide_idea")
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.idea_hide(idea, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("The idea is hidden. Its author was told why."))
    else:
        messages.error(request, _("Say why the idea is hidden."))
    return redirect("ideas:detail", org.slug, idea.pk)


@login_required
def my_ideas(request):
    """Everything the person proposed anywhere, with the decision, its reasons, the score
    breakdown once decided, and the progress of accepted ideas."""
    # The author filter is the tenant boundary on this page: the person's own ideas, their
    # decisions, scores and outcomes are read across organizations.
    with scopes_disabled():
        page = paginate(
            request,
            selectors.ideas_of_author(request.user).select_related("outcome__department")
            .prefetch_related("outcome__updates", "forwardings__department"),  # H6: hand-offs
        )
        ideas = list(page.object_list)
        decisions = latest_decisions(ideas)
        decided = [i for i in ideas if request.user.has_perm("evaluation.view_scores", i)]
        breakdowns = breakdowns_for(decided)
        rows = [{"idea": i, "decision": decisions.get(i.pk), "breakdown": breakdowns.get(i.pk),
                 "outcome": getattr(i, "outcome", None)} for i in ideas]
        return render(request, "ideas/mine.html", {"page_obj": page, "rows": rows})
