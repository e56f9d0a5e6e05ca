"""The executive board (every idea, unfiltered), its CSV export, and the decision page."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.evaluation.selectors import breakdown_for, breakdowns_for
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.selectors import idea_for_user

from .. import selectors, services
from ..forms import BoardFilterForm, DecisionForm, ReviveForm

CSV_CHUNK = 500


def _board_rows(user, ideas) -> list[dict]:
    """Board rows for one page of ideas: scores and decisions fetched in one batch each."""
    breakdowns = breakdowns_for(ideas)
    decisions = selectors.latest_decisions(ideas)
    return [
        {"idea": i, "breakdown": breakdowns.get(i.pk), "decision": decisions.get(i.pk),
         "can_decide": user.has_perm("realization.decide_idea", i)
         or user.has_perm("realization.revive_idea", i)}
        for i in ideas
    ]


@login_required
@organization_required
def board(request, organization_slug):
    org = request.organization
    require(request.user, "realization.view_board", org)
    form = BoardFilterForm(request.GET, organization=org)
    filters = form.filters()
    page = paginate(request, selectors.board_ideas(org, **filters))
    ideas = list(page.object_list)
    counts = selectors.state_counts(org)
    context = {
        "organization": org, "form": form, "filters": filters, "page_obj": page,
        "rows": _board_rows(request.user, ideas),
        "state_counts": [(value, label, counts.get(value, 0))
                         for value, label in IdeaState.choices if value != IdeaState.DRAFT],
        "total_count": sum(counts.values()),
        "querystring": request.GET.urlencode(),
    }
    if request.htmx and request.htmx.target == "board-results":
        return render(request, "realization/_board_results.html", context)
    return render(request, "realization/board.html", context)


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection): user-written cells
    that start with = + - @ get a leading apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@login_required
@organization_required
def board_csv(request, organization_slug):
    """The board as CSV with the same filters, streamed in chunks so a large board neither
    holds memory nor times out. Starts with a UTF-8 BOM so that Excel reads Korean."""
    org = request.organization
    require(request.user, "realization.view_board", org)
    filters = BoardFilterForm(request.GET, organization=org).filters()
    qs = selectors.board_ideas(org, **filters)
    language = translation.get_language()
    base = request.build_absolute_uri("/")[:-1]

    def lines() -> Iterator[str]:
        # The response is iterated after the view (and the scope middleware) returned.
        with scope(organization=org), translation.override(language):
            writer = csv.writer(_Echo())
            yield "\ufeff"
            yield writer.writerow([
                _("ID"), _("Title"), _("State"), _("Hidden"), _("Channel"), _("Program"), _("Mission"),
                _("Author"), _("Submitted"), _("Total score"), _("Judges"), _("Supports"), _("Comments"),
                _("Decision"), _("Reason"), _("Department"), _("Decided"), _("Address"),
            ])
            paginator = Paginator(qs, CSV_CHUNK)
            for number in paginator.page_range:
                ideas = list(paginator.page(number).object_list)
                breakdowns = breakdowns_for(ideas)
                decisions = selectors.latest_decisions(ideas)
                for i in ideas:
                    b, d = breakdowns.get(i.pk), decisions.get(i.pk)
                    yield writer.writerow([_cell(v) for v in [
                        i.pk, i.title, i.get_state_display(), _("yes") if i.hidden_at else "",
                        i.get_channel_display(), i.program.title if i.program else "",
                        i.mission.title if i.mission else "", i.author.display_name,
                        _when(i.submitted_at),
                        "" if b is None or b.total is None else f"{b.total:.2f}",
                        b.judges if b else "", i.support_count, i.comment_count,
                        d.get_kind_display() if d else "", d.reason if d else "",
                        d.department.name if d and d.department else "",
                        _when(d.decided_at) if d else "",
                        base + reverse("ideas:detail", args=[org.slug, i.pk]),
                    ]])

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="board-{org.slug}-{stamp}.csv"'
    return response


@login_required
@organization_required
def decide(request, organization_slug, pk):
    """Decide on an idea (accept, park, reject); parked and rejected ideas can also be
    revived from here."""
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    can_decide = request.user.has_perm("realization.decide_idea", idea)
    can_revive = request.user.has_perm("realization.revive_idea", idea)
    if not (can_decide or can_revive) or (request.method == "POST" and not can_decide):
        raise Http404
    form = DecisionForm(request.POST or None, organization=org,
                        initial={"seen_state": idea.state}) if can_decide else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_decide(idea, actor=request.user, kind=data["kind"], reason=data["reason"],
                                 department=data["department"], seen_state=data["seen_state"] or None)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Decision recorded on “%(idea)s”. Its author was told.")
                             % {"idea": idea.title})
            return redirect("realization:board", org.slug)
    context = {
        "organization": org, "idea": idea, "form": form, "revive_form": ReviveForm() if can_revive else None,
        "breakdown": breakdown_for(idea), "decisions": selectors.decisions_of(idea),
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
