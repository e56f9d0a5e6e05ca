"""Pairwise voting in /api/v1/: the next pair to compare, an answer, the program's ranking."""

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from cocreate.core.api import Id, Page, PageParams, answers, organization_scope, page, require
from cocreate.core.errors import DomainError
from cocreate.programs.selectors import program_for_user

from ..pairwise_votes import pairwise_candidates, pairwise_next_pair, pairwise_progress, pairwise_ranking, pairwise_vote

router = Router(tags=["evaluation"])

PW = "/organizations/{slug}/programs/{program_slug}/pairwise"


class PairIdeaOut(Schema):
    id: int
    title: str
    body: str


class NextPairOut(Schema):
    pair: list[PairIdeaOut] | None = Field(description="The two ideas to compare, or null when none is left.")
    compared: int = Field(description="How many pairs you answered in this program.")


class PairwiseVoteIn(Schema):
    idea_x: Id
    idea_y: Id
    winner: Id | None = Field(None, description="The better idea's id; null: “I can't decide”.")


class PairwiseVoteOut(Schema):
    idea_a: int
    idea_b: int
    winner: int | None
    status: str = Field(description="`counted`, or `held` for a person to review (a burst of new accounts).")
    created: bool = Field(description="False when you had already answered this pair: nothing changed.")


class PairwiseRankOut(Schema):
    idea_id: int
    title: str
    rank: int | None = Field(description="1 is best; null: not compared yet.")
    strength: float | None = Field(description="Bradley-Terry log-strength (mean 0).")
    chance: float | None = Field(description="Chance (0..1) to win against an idea picked at random.")
    comparisons: int


@router.get(PW + "/next", response=answers({200: NextPairOut}, 401, 404))
def next_pair(request, slug: str, program_slug: str):
    """The pair you should compare next: ideas compared least first, then the closest in
    strength; never a pair you already answered, never your own idea. The same pair is given
    again until you answer it."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "evaluation.pairwise_vote", program)
        pair = pairwise_next_pair(program, request.user)
        return NextPairOut(
            pair=[PairIdeaOut(id=i.pk, title=i.title, body=i.body) for i in pair] if pair else None,
            compared=pairwise_progress(program, request.user))


@router.post(PW + "/votes", response=answers({200: PairwiseVoteOut}, 400, 401, 404, 422))
def vote(request, slug: str, program_slug: str, data: PairwiseVoteIn):
    """Answer “which of these two is better?” (``winner`` null: “I can't decide”). One answer
    per person and pair: sending the same pair again changes nothing and returns the first
    answer with ``created`` false."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "evaluation.pairwise_vote", program)
        ideas = pairwise_candidates(program, request.user).filter(pk__in=[data.idea_x, data.idea_y]).in_bulk()
        if data.idea_x not in ideas or data.idea_y not in ideas:
            raise DomainError(_("These ideas are not open for pairwise voting."), code="pairwise_not_open")
        winner = None
        if data.winner is not None:
            winner = ideas.get(data.winner)
            if winner is None:
                raise DomainError(_("The chosen idea is not one of the pair."), code="pairwise_winner_not_in_pair")
        v, created = pairwise_vote(program, request.user, ideas[data.idea_x], ideas[data.idea_y], winner)
        return PairwiseVoteOut(idea_a=v.idea_a_id, idea_b=v.idea_b_id, winner=v.winner_id, status=v.status,
                               created=created)


@router.get(PW + "/ranking", response=answers({200: Page[PairwiseRankOut]}, 401, 404))
def ranking(request, slug: str, program_slug: str, params: Query[PageParams]):
    """Ideas by their chance to win against an idea picked at random (Bradley-Terry on the
    counted answers), then the ideas no one compared yet. The organization's staff, and the
    voters when the program is public."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "evaluation.view_pairwise_ranking", program)
        rows = pairwise_ranking(program, request.user)
        return page([
            PairwiseRankOut(idea_id=r.idea.pk, title=r.idea.title, rank=r.rank, strength=r.strength, chance=r.chance,
                            comparisons=r.comparisons)
            for r in rows[params.offset: params.offset + params.limit]
        ], len(rows), params)
