"""R4 realization: the executive board (every idea, unfiltered) and its decisions."""

from typing import Literal

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocreate.core.api import (
    PageParams,
    PathId,
    UserRef,
    answers,
    organization_scope,
    require,
    require_actor,
)
from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.ideas.api import idea_detail_out
from cocreate.ideas.models import Idea
from cocreate.ideas.schemas import IdeaDetailOut
from cocreate.ideas.selectors import idea_for_user
from cocreate.organizations.models import Department
from cocreate.organizations.rules import is_executive
from cocreate.programs.models import Program

from ..board import board_rows, mark_seen, overdue_report
from ..schemas import (
    BoardFilter,
    BoardItemOut,
    BoardPage,
    DecisionIn,
    DecisionOut,
    MarkSeenIn,
    MarkSeenOut,
    OverdueReportOut,
    ReviveIn,
)
from ..selectors import board_ideas, board_page, bounded_count, cursor_of, effective_sort
from ..services import idea_decide, idea_revive

router = Router(tags=["realization"])

IDEA = "/organizations/{slug}/ideas/{idea_id}"


def board_filters(org, filters) -> dict | None:
    """The selector's keyword arguments for the API's board filters; None when a named
    program does not exist (an empty answer)."""
    program_id = None
    if filters.program:
        program_id = Program.objects.filter(organization=org, slug=filters.program).values_list(
            "pk", flat=True).first()
        if program_id is None:
            return None
    return {"state": filters.state or "", "channel": filters.channel or "", "program_id": program_id,
            "query": filters.q, "mission_id": filters.mission, "concept_id": filters.concept,
            "department_id": filters.department, "date_from": filters.submitted_from,
            "date_to": filters.submitted_to, "unseen": filters.unseen, "overdue": filters.overdue,
            "sort": effective_sort(filters.sort, filters.unseen or filters.overdue)}


def board_item(row) -> BoardItemOut:
    i, b, d = row["idea"], row["breakdown"], row["decision"]
    return BoardItemOut(
        id=i.pk, title=i.title, state=i.state, state_label=i.get_state_display(), channel=i.channel,
        program=i.program.slug if i.program_id else None,
        mission_title=i.mission.title if i.mission_id else None, author=UserRef.of(i.author),
        submitted_at=i.submitted_at, support_count=i.support_count, comment_count=i.comment_count,
        hidden=i.is_hidden, total_score=b.total if b else None,
        decision=DecisionOut.of(d) if d else None,
        concept=i.concept.name if i.concept_id else None, first_seen_at=i.first_seen_at,
        waited_days=round(row["waited"].total_seconds() / 86400, 2) if row["waited"] is not None else None,
        new=row["new"], overdue=row["overdue"],
    )


@router.get("/organizations/{slug}/board", response=answers({200: BoardPage}, 401, 404))
def board(request, slug: str, params: Query[PageParams], filters: Query[BoardFilter]):
    """Every idea that left its author's drafts, from the open channel and all missions,
    hidden ones included and marked (executives and organization admins). Filter by
    ``state``, ``channel``, ``program`` (slug), mission, concept, department, submission
    dates, ``unseen``, ``overdue``, or search with ``q``; order by ``sort``. Page with
    ``cursor`` (keyset: constant time at any depth) or ``offset``. ``count`` stops at 10,000."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_board", org)
        kwargs = board_filters(org, filters)
        if kwargs is None:
            return {"count": 0, "count_more": False, "limit": params.limit, "offset": params.offset,
                    "next_cursor": "", "items": []}
        qs = board_ideas(org, **kwargs)
        if filters.cursor:
            rows, next_cursor = board_page(qs, cursor=filters.cursor, sort=kwargs["sort"], size=params.limit)
        else:
            rows = list(qs[params.offset: params.offset + params.limit + 1])
            more = len(rows) > params.limit
            rows = rows[: params.limit]
            next_cursor = cursor_of(rows[-1], kwargs["sort"]) if more and rows else ""
        count, count_more = bounded_count(qs, page=(rows, next_cursor) if filters.q else None)
        return {"count": count, "count_more": count_more, "limit": params.limit, "offset": params.offset,
                "next_cursor": next_cursor, "items": [board_item(r) for r in board_rows(request.user, rows)]}


@router.post("/organizations/{slug}/board/seen", response=answers({200: MarkSeenOut}, 401, 404))
def board_mark_seen(request, slug: str, data: MarkSeenIn):
    """Mark ideas as looked at (executives): the first look is kept, a repeat changes nothing."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.mark_seen", org)
        return {"marked": mark_seen(org, data.ids, actor=request.user)}


@router.get("/organizations/{slug}/board/overdue", response=answers({200: OverdueReportOut}, 401, 404))
def board_overdue(request, slug: str):
    """Unseen ideas past the organization's review time limit, counted per program."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_board", org)
        r = overdue_report(org)
        return {"total": r["total"], "limit_days": r["limit_days"], "oldest": r["oldest"],
                "by_program": [{"program": p["program__title"], "count": p["n"], "oldest": p["oldest"]}
                               for p in r["by_program"]]}


@router.get("/organizations/{slug}/board/export", response=answers({200: None}, 401, 404))
def board_export(request, slug: str, filters: Query[BoardFilter], format: Literal["csv", "xlsx"] = "csv"):
    """The board with the same filters as CSV (streamed) or XLSX; spreadsheet formulas in
    user text are neutralised."""
    from ..views.board import csv_response, xlsx_response

    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_board", org)
        kwargs = board_filters(org, filters)
        qs = board_ideas(org, **kwargs) if kwargs is not None else Idea.objects.none()
        return (xlsx_response if format == "xlsx" else csv_response)(request, org, qs)


@router.post(IDEA + "/decision", response=answers({201: DecisionOut}, 400, 401, 404, 409, 422))
def decide(request, slug: str, idea_id: PathId, data: DecisionIn):
    """Accept (forwarding to ``department_id``), park, or reject (``reason`` required, the
    author reads it) an idea (executives). An idea that cannot take this decision in its
    present state answers 409."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        # An executive meeting an idea in a state that takes no decision hears why (409).
        require_actor(request.user, "realization.decide_idea", idea, actor_rule=is_executive)
        department = None
        if data.department_id is not None:
            department = Department.objects.filter(organization=org, pk=data.department_id).first()
            if department is None:
                raise DomainError(_("Choose one of the organization's departments."),
                                  code="department_unknown")
        from .decisions import decision_parts

        decision = idea_decide(idea, actor=request.user, kind=data.kind.value, reason=data.reason,
                               department=department, seen_state=data.seen_state.value if data.seen_state else None,
                               stage=data.stage, **decision_parts(org, idea, data))
        return Status(201, DecisionOut.of(decision))


@router.post(IDEA + "/revive", response=answers({200: IdeaDetailOut}, 401, 404, 409))
def revive(request, slug: str, idea_id: PathId, data: ReviveIn):
    """Bring a parked or rejected idea back before the board (executives); its history
    stays."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        if not request.user.has_perm("realization.revive_idea", idea):
            if not is_executive(request.user, idea):
                raise Http404
            raise TransitionNotAllowed(_("Only parked or rejected ideas can be revived."))
        idea_revive(idea, actor=request.user, reason=data.reason)
        return idea_detail_out(request.user, idea)
