"""Ideas from both doors (the open channel and missions), their comments and supports, and
"my ideas" with decisions, reasons and score breakdowns."""

import rules
from django_scopes import scopes_disabled
from ninja import Query, Router, Status

from cocreate.core.api import (
    PUBLIC,
    Page,
    PageParams,
    PathId,
    answers,
    organization_scope,
    page,
    page_of,
    require,
    require_actor,
)
from cocreate.core.errors import DomainError
from cocreate.evaluation.schemas import BreakdownOut
from cocreate.evaluation.selectors import breakdowns_for
from cocreate.realization.schemas import DecisionOut
from cocreate.realization.selectors import decisions_of, latest_decisions
from cocreate.retention.schemas import OutcomeBriefOut

from . import selectors, services
from .enums import IdeaState
from .rules import is_author
from .schemas import (
    CommentIn,
    CommentOut,
    HideIn,
    IdeaDetailOut,
    IdeaIn,
    IdeaOut,
    IdeaPatch,
    IdeaPermissions,
    IdeaSearch,
    MyIdeaOut,
    SupportOut,
)

router = Router(tags=["ideas"])

IDEAS = "/organizations/{slug}/ideas"
IDEA = IDEAS + "/{idea_id}"
_WITH_OUTCOME = {IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED}


def outcome_brief(idea) -> OutcomeBriefOut | None:
    outcome = getattr(idea, "outcome", None) if idea.state in _WITH_OUTCOME else None
    if outcome is None:
        return None
    return OutcomeBriefOut(id=outcome.pk, department=outcome.department.name, progress=outcome.progress,
                           updated_at=outcome.updated_at)


def idea_detail_out(user, idea) -> IdeaDetailOut:
    """An idea with what the person may do with it, its decisions (for the author and
    staff) and the outcome of an accepted idea."""
    def can(perm):
        return user.has_perm(perm, idea)

    permissions = IdeaPermissions(
        change=can("ideas.change_idea"), submit=can("ideas.submit_idea"), comment=can("ideas.comment_idea"),
        support=can("ideas.support_idea"), hide=can("ideas.hide_idea"), score=can("evaluation.score_idea"),
        view_scores=can("evaluation.view_scores"), decide=can("realization.decide_idea"),
        revive=can("realization.revive_idea"),
    )
    show_decisions = permissions.view_scores or is_author(user, idea)
    return IdeaDetailOut(
        **IdeaOut.of(idea, supported=idea.pk in selectors.supported_ids(user, [idea])).model_dump(),
        permissions=permissions,
        decisions=[DecisionOut.of(d) for d in decisions_of(idea)] if show_decisions else [],
        outcome=outcome_brief(idea),
    )


@router.get("/me/ideas", response=answers({200: Page[MyIdeaOut]}, 401))
def my_ideas(request, params: Query[PageParams]):
    """Every idea you proposed, in any organization: its state, the decision in force with
    its reason, the score breakdown once decided, and the progress of an accepted idea."""
    user = request.user
    # The author filter is the tenant boundary here, as on the "my ideas" page.
    with scopes_disabled():
        rows, count = page_of(selectors.ideas_of_author(user).select_related("author", "outcome__department"),
                              params)
        decisions = latest_decisions(rows)
        breakdowns = breakdowns_for([i for i in rows if user.has_perm("evaluation.view_scores", i)])
        supported = selectors.supported_ids(user, rows)
        items = [
            MyIdeaOut(
                **IdeaOut.of(i, supported=i.pk in supported).model_dump(),
                decision=DecisionOut.of(decisions[i.pk]) if i.pk in decisions else None,
                breakdown=BreakdownOut.of(breakdowns[i.pk]) if i.pk in breakdowns else None,
                outcome=outcome_brief(i),
            )
            for i in rows
        ]
        return page(items, count, params)


@router.get(IDEAS, response=answers({200: Page[IdeaOut]}, 404), **PUBLIC)
def idea_list(request, slug: str, params: Query[PageParams], search: Query[IdeaSearch]):
    """The organization's open idea channel, newest first; ``q`` searches titles and
    descriptions (Korean and English). Public."""
    with organization_scope(request, slug) as org:
        qs = selectors.open_channel_ideas(request.user, org)
        if search.q:
            qs = selectors.search(qs, search.q)
        rows, count = page_of(qs, params)
        supported = selectors.supported_ids(request.user, rows)
        return page([IdeaOut.of(i, supported=i.pk in supported) for i in rows], count, params)


@router.post(IDEAS, response=answers({201: IdeaDetailOut}, 400, 401, 404, 422))
def idea_create(request, slug: str, data: IdeaIn):
    """Post an idea to the open channel. With ``submit: true`` it is sent at once; otherwise
    it stays a draft only you can see. (Ideas for a mission go to the mission's address.)"""
    with organization_scope(request, slug) as org:
        # Any signed-in person gets the service's own refusal when the channel is closed.
        require_actor(request.user, "ideas.add_idea", org, actor_rule=rules.is_authenticated)
        idea = services.idea_create(author=request.user, organization=org, title=data.title, body=data.body,
                                    submit=data.submit)
        idea = selectors.idea_for_user(request.user, org, idea.pk)
        return Status(201, idea_detail_out(request.user, idea))


@router.get(IDEA, response=answers({200: IdeaDetailOut}, 404), **PUBLIC)
def idea_detail(request, slug: str, idea_id: PathId):
    with organization_scope(request, slug) as org:
        return idea_detail_out(request.user, selectors.idea_for_user(request.user, org, idea_id))


@router.patch(IDEA, response=answers({200: IdeaDetailOut}, 400, 401, 404, 422))
def idea_change(request, slug: str, idea_id: PathId, data: IdeaPatch):
    """Rewrite your draft. A submitted idea is frozen for everyone, its author included."""
    with organization_scope(request, slug) as org:
        idea = selectors.idea_for_user(request.user, org, idea_id)
        require_actor(request.user, "ideas.change_idea", idea, actor_rule=is_author)
        services.idea_update(idea, actor=request.user, title=data.title, body=data.body)
        return idea_detail_out(request.user, idea)


@router.post(IDEA + "/submit", response=answers({200: IdeaDetailOut}, 400, 401, 404, 409))
def idea_submit(request, slug: str, idea_id: PathId):
    """Send your draft. 409 when it was already sent; 400 when its mission has closed."""
    with organization_scope(request, slug) as org:
        idea = selectors.idea_for_user(request.user, org, idea_id)
        require_actor(request.user, "ideas.submit_idea", idea, actor_rule=is_author)
        if idea.mission_id:
            # As on the page: the mission's type checks the details, its late policy decides
            # and the team is credited (cocreate.missions.submissions).
            from cocreate.missions.submissions import submission_save

            result = submission_save(idea.mission, author=request.user, title=idea.title, body=idea.body,
                                     details=idea.details, deliverable=idea.deliverable, team=idea.team,
                                     submit=True, idea=idea)
            if result.refused:
                raise DomainError(result.refused_reason, code=result.refused_code or "late")
            idea = selectors.idea_for_user(request.user, org, idea_id)
        else:
            services.idea_submit(idea, actor=request.user)
        return idea_detail_out(request.user, idea)


def _support_out(request, org, idea_id, change) -> tuple[bool, SupportOut]:
    idea = selectors.idea_for_user(request.user, org, idea_id)
    require(request.user, "ideas.support_idea", idea)
    changed = change(idea, user=request.user)
    idea.refresh_from_db(fields=["support_count"])
    supported = idea.pk in selectors.supported_ids(request.user, [idea])
    return changed, SupportOut(supported=supported, support_count=idea.support_count)


@router.post(IDEA + "/support", response=answers({201: SupportOut, 200: SupportOut}, 400, 401, 404))
def support_add(request, slug: str, idea_id: PathId):
    """Support an idea: 201 the first time, 200 with the count unchanged after that."""
    with organization_scope(request, slug) as org:
        added, out = _support_out(request, org, idea_id, services.support_add)
        return Status(201 if added else 200, out)


@router.delete(IDEA + "/support", response=answers({200: SupportOut}, 401, 404))
def support_withdraw(request, slug: str, idea_id: PathId):
    """Withdraw your support; withdrawing again changes nothing."""
    with organization_scope(request, slug) as org:
        return _support_out(request, org, idea_id, services.support_withdraw)[1]


@router.get(IDEA + "/comments", response=answers({200: Page[CommentOut]}, 404), **PUBLIC)
def comment_list(request, slug: str, idea_id: PathId, params: Query[PageParams]):
    """Comments, oldest first. Staff also see hidden ones, marked."""
    with organization_scope(request, slug) as org:
        idea = selectors.idea_for_user(request.user, org, idea_id)
        rows, count = page_of(selectors.comments_of(request.user, idea).order_by("created_at", "id"), params)
        return page([CommentOut.of(c) for c in rows], count, params)


@router.post(IDEA + "/comments", response=answers({201: CommentOut}, 400, 401, 404, 422))
def comment_create(request, slug: str, idea_id: PathId, data: CommentIn):
    with organization_scope(request, slug) as org:
        idea = selectors.idea_for_user(request.user, org, idea_id)
        require(request.user, "ideas.comment_idea", idea)
        return Status(201, CommentOut.of(services.comment_create(idea, author=request.user, body=data.body)))


@router.post(IDEA + "/hide", response=answers({200: IdeaDetailOut}, 400, 401, 404, 422))
def idea_hide(request, slug: str, idea_id: PathId, data: HideIn):
    """Hide abusive content (organization admins, program managers, executives) with a
    reason that is recorded and told to the author. The text itself is never changed."""
    with organization_scope(request, slug) as org:
        idea = selectors.idea_for_user(request.user, org, idea_id)
        require(request.user, "ideas.hide_idea", idea)
        services.idea_hide(idea, actor=request.user, reason=data.reason)
        return idea_detail_out(request.user, idea)
