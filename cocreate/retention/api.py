"""R5 retention: what became of an accepted idea, followed by its author."""

from ninja import Query, Router, Status

from cocreate.core.api import (
    PUBLIC,
    Page,
    PageParams,
    PathId,
    UserRef,
    answers,
    organization_scope,
    page,
    page_of,
    require,
)

from .schemas import IdeaRef, OutcomeOut, OutcomeUpdateIn, OutcomeUpdateOut
from .selectors import outcome_for_user, updates_of
from .services import outcome_update

router = Router(tags=["retention"])

OUTCOME = "/organizations/{slug}/outcomes/{outcome_id}"


def _outcome_out(user, outcome) -> OutcomeOut:
    idea = outcome.idea
    return OutcomeOut(
        id=outcome.pk, department=outcome.department.name, department_id=outcome.department_id,
        progress=outcome.progress, updated_at=outcome.updated_at, created_at=outcome.created_at,
        idea=IdeaRef(id=idea.pk, title=idea.title, state=idea.state, author=UserRef.of(idea.author)),
        can_update=user.has_perm("retention.update_outcome", outcome),
    )


def _update_out(update) -> OutcomeUpdateOut:
    return OutcomeUpdateOut(id=update.pk, author=UserRef.of(update.author), text=update.text,
                            progress=update.progress, created_at=update.created_at)


@router.get(OUTCOME, response=answers({200: OutcomeOut}, 404), **PUBLIC)
def outcome_detail(request, slug: str, outcome_id: PathId):
    """The outcome of an accepted idea: the department acting on it and its progress. Whoever
    may open the idea may follow it."""
    with organization_scope(request, slug) as org:
        return _outcome_out(request.user, outcome_for_user(request.user, org, outcome_id))


@router.get(OUTCOME + "/updates", response=answers({200: Page[OutcomeUpdateOut]}, 404), **PUBLIC)
def outcome_updates(request, slug: str, outcome_id: PathId, params: Query[PageParams]):
    """Progress updates, newest first."""
    with organization_scope(request, slug) as org:
        outcome = outcome_for_user(request.user, org, outcome_id)
        rows, count = page_of(updates_of(outcome).order_by("-created_at", "-id"), params)
        return page([_update_out(u) for u in rows], count, params)


@router.post(OUTCOME + "/updates", response=answers({201: OutcomeUpdateOut}, 400, 401, 404, 422))
def outcome_update_create(request, slug: str, outcome_id: PathId, data: OutcomeUpdateIn):
    """Post progress (internal partners of the department, program managers, executives).
    The first update starts implementation; 100 % completes it. The author is told."""
    with organization_scope(request, slug) as org:
        outcome = outcome_for_user(request.user, org, outcome_id)
        require(request.user, "retention.update_outcome", outcome)
        update = outcome_update(outcome, actor=request.user, text=data.text, progress=data.progress)
        return Status(201, _update_out(update))
