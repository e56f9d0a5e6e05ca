"""Crowd votes in /api/v1/: your 0-5 rating of an idea and its summary, and the held-votes
review (program managers and org admins count or exclude votes held by a burst)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from cocreate.core.api import Page, PageParams, PathId, answers, organization_scope, page, page_of, require
from cocreate.ideas.selectors import idea_for_user

from .. import integrity, ratings
from ..rules import crowd_rates
from ..selectors_integrity import held_votes, vote_flag_in, vote_flags

router = Router(tags=["evaluation"])

IDEA = "/organizations/{slug}/ideas/{idea_id}"
FLAGS = "/organizations/{slug}/evaluation/flags"


class MyRatingOut(Schema):
    value: int
    status: str = Field(description="`counted`, `held` (waiting for a check by the program team) or `excluded`.")


class RatingSummaryOut(Schema):
    count: int = Field(description="Counted ratings.")
    mean: float | None = Field(description="Mean of the counted ratings (0–5), null without any.")
    held: int = Field(description="Ratings held for a check (not in count or mean).")
    distribution: list[int] = Field(description="Counted ratings per value 0…5.")
    can_rate: bool
    mine: MyRatingOut | None = None


class RatingIn(Schema):
    value: int = Field(ge=0, le=5, description="Your rating, 0 (not at all) to 5 (very much).")


class HeldVoteOut(Schema):
    account_age_days: int = Field(description="Age of the voter's account when the vote was cast.")
    status: str
    at: datetime
    value: str = Field(description="A rating's value or a pairwise choice; empty for a support.")


class VoteFlagOut(Schema):
    id: int
    idea_id: int | None
    idea_title: str
    program: str | None
    kind: str
    reason: str
    resolution: str
    note: str
    created_at: datetime
    resolved_at: datetime | None
    votes: list[HeldVoteOut]

    @classmethod
    def of(cls, flag) -> "VoteFlagOut":
        return cls(
            id=flag.pk, idea_id=flag.idea_id, idea_title=flag.idea.title if flag.idea_id else "",
            program=flag.program.slug if flag.program_id else None, kind=flag.kind, reason=flag.reason,
            resolution=flag.resolution, note=flag.note, created_at=flag.created_at, resolved_at=flag.resolved_at,
            votes=[HeldVoteOut(account_age_days=v.account_age_days, status=v.status, at=v.at, value=v.value)
                   for v in held_votes(flag)],
        )


class FlagsParams(PageParams):
    state: Literal["open", "resolved"] = Field("open", description="Open flags (oldest first) or decided ones.")


class ResolveIn(Schema):
    resolution: Literal["counted", "excluded"]
    note: str = Field("", max_length=2000)


def _rated_idea(request, org, idea_id):
    idea = idea_for_user(request.user, org, idea_id)
    if not crowd_rates(request.user, idea) or idea.state == "draft":
        from django.http import Http404

        raise Http404
    return idea


def _summary(user, idea) -> RatingSummaryOut:
    s = ratings.rating_summary(idea)
    can_rate = user.has_perm("evaluation.rate_idea", idea)
    mine = ratings.my_rating(idea, user)
    return RatingSummaryOut(count=s.count, mean=s.mean, held=s.held, distribution=s.distribution,
                            can_rate=can_rate,
                            mine=MyRatingOut(value=mine.value, status=mine.status) if mine else None)


@router.get(IDEA + "/rating", response=answers({200: RatingSummaryOut}, 401, 404))
def rating_get(request, slug: str, idea_id: PathId):
    """The idea's crowd rating (counted ratings only; held ones are counted apart) and yours.
    Only for ideas whose program agreement takes the crowd vote from 0–5 ratings."""
    with organization_scope(request, slug) as org:
        idea = _rated_idea(request, org, idea_id)
        return _summary(request.user, idea)


@router.put(IDEA + "/rating", response=answers({200: RatingSummaryOut}, 400, 401, 404, 422))
def rating_put(request, slug: str, idea_id: PathId, data: RatingIn):
    """Rate the idea 0–5: one rating per person, sending again replaces it. The program may ask
    for an account of a minimum age or a verified email address (400 with the reason); a burst
    of ratings from new accounts is held for a check (`mine.status` = `held`)."""
    with organization_scope(request, slug) as org:
        idea = _rated_idea(request, org, idea_id)
        require(request.user, "evaluation.rate_idea", idea)
        ratings.rating_set(idea, request.user, data.value)
        return _summary(request.user, idea)


@router.delete(IDEA + "/rating", response=answers({200: RatingSummaryOut}, 401, 404))
def rating_delete(request, slug: str, idea_id: PathId):
    """Take your rating back; doing it again changes nothing."""
    with organization_scope(request, slug) as org:
        idea = _rated_idea(request, org, idea_id)
        require(request.user, "evaluation.rate_idea", idea)
        ratings.rating_clear(idea, request.user)
        return _summary(request.user, idea)


@router.get(FLAGS, response=answers({200: Page[VoteFlagOut]}, 401, 404))
def flags_list(request, slug: str, params: Query[FlagsParams]):
    """Votes held by bursts from new accounts (program managers, org admins). Voters appear by
    account age only."""
    with organization_scope(request, slug) as org:
        require(request.user, "evaluation.review_vote_flags", org)
        rows, count = page_of(vote_flags(org, state=params.state), params)
        return page([VoteFlagOut.of(f) for f in rows], count, params)


@router.post(FLAGS + "/{flag_id}/resolve", response=answers({200: VoteFlagOut}, 400, 401, 404, 422))
def flag_resolve(request, slug: str, flag_id: PathId, data: ResolveIn):
    """Count or exclude every vote of the flag; repeating the same decision changes nothing."""
    with organization_scope(request, slug) as org:
        require(request.user, "evaluation.review_vote_flags", org)
        flag = vote_flag_in(org, flag_id)
        integrity.vote_flag_resolve(flag, actor=request.user, resolution=data.resolution, note=data.note)
        return VoteFlagOut.of(vote_flags(org, state="resolved").get(pk=flag.pk))
