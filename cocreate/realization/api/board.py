"""R4 realization: the executive board (every idea, unfiltered) and its decisions."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocreate.core.api import (
    Page,
    PageParams,
    UserRef,
    answers,
    organization_scope,
    page,
    page_of,
    require,
    require_actor,
)
from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.evaluation.selectors import breakdowns_for
from cocreate.ideas.api import idea_detail_out
from cocreate.ideas.schemas import IdeaDetailOut
from cocreate.ideas.selectors import idea_for_user
from cocreate.organizations.models import Department
from cocreate.organizations.rules import is_executive
from cocreate.programs.models import Program

from ..schemas import BoardFilter, BoardItemOut, DecisionIn, DecisionOut, ReviveIn
from ..selectors import board_ideas, latest_decisions
from ..services import idea_decide, idea_revive

router = Router(tags=["realization"])

IDEA = "/organizations/{slug}/ideas/{idea_id}"


@router.get("/organizations/{slug}/board", response=answers({200: Page[BoardItemOut]}, 401, 404))
def board(request, slug: str, params: Query[PageParams], filters: Query[BoardFilter]):
    """Every idea that left its author's drafts, from the open channel and all missions,
    hidden ones included and marked (executives and organization admins). Filter by
    ``state``, ``channel``, ``program`` (slug) or search with ``q``."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_board", org)
        program_id = None
        if filters.program:
            program_id = Program.objects.filter(organization=org, slug=filters.program).values_list(
                "pk", flat=True).first()
            if program_id is None:
                return page([], 0, params)
        qs = board_ideas(org, state=filters.state or "", channel=filters.channel or "", program_id=program_id,
                         query=filters.q)
        rows, count = page_of(qs, params)
        decisions = latest_decisions(rows)
        breakdowns = breakdowns_for(rows)
        return page([
            BoardItemOut(
                id=i.pk, title=i.title, state=i.state, state_label=i.get_state_display(), channel=i.channel,
                program=i.program.slug if i.program_id else None,
                mission_title=i.mission.title if i.mission_id else None, author=UserRef.of(i.author),
                submitted_at=i.submitted_at, support_count=i.support_count, comment_count=i.comment_count,
                hidden=i.is_hidden, total_score=breakdowns[i.pk].total if i.pk in breakdowns else None,
                decision=DecisionOut.of(decisions[i.pk]) if i.pk in decisions else None,
            )
            for i in rows
        ], count, params)


@router.post(IDEA + "/decision", response=answers({201: DecisionOut}, 400, 401, 404, 409, 422))
def decide(request, slug: str, idea_id: int, data: DecisionIn):
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
        decision = idea_decide(idea, actor=request.user, kind=data.kind.value, reason=data.reason,
                               department=department, seen_state=data.seen_state.value if data.seen_state else None)
        return Status(201, DecisionOut.of(decision))


@router.post(IDEA + "/revive", response=answers({200: IdeaDetailOut}, 401, 404, 409))
def revive(request, slug: str, idea_id: int, data: ReviveIn):
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
