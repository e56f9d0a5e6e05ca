"""R4 evaluation: the judge's queue, scores on the published criteria, the breakdown."""

from ninja import Query, Router

from cocreate.core.api import Page, PageParams, PathId, UserRef, answers, organization_scope, page, page_of, require
from cocreate.ideas.api import idea_detail_out
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.schemas import IdeaDetailOut
from cocreate.ideas.selectors import idea_for_user
from cocreate.ideas.services import idea_transition
from cocreate.programs.selectors import current_agreement

from ..schemas import BreakdownOut, MyScoreOut, MyScoresOut, QueueItemOut, ScoresIn
from ..selectors import breakdown_for, judge_queue, my_scores
from ..selectors_judging import my_comments
from ..services import scores_submit

router = Router(tags=["evaluation"])

IDEA = "/organizations/{slug}/ideas/{idea_id}"


@router.get("/organizations/{slug}/evaluation/queue", response=answers({200: Page[QueueItemOut]}, 401, 404))
def queue(request, slug: str, params: Query[PageParams]):
    """Ideas waiting for your scores (judges), by due date then oldest first; your own ideas and
    those of people you declared a conflict with are never in it, and in a program that assigns
    judges only the ideas assigned to you are."""
    with organization_scope(request, slug) as org:
        require(request.user, "evaluation.view_queue", org)
        rows, count = page_of(judge_queue(request.user, org), params)
        return page([
            QueueItemOut(id=i.pk, title=i.title, state=i.state,
                         program=i.program.slug if i.program_id else None,
                         mission_title=i.mission.title if i.mission_id else None, author=UserRef.of(i.author),
                         submitted_at=i.submitted_at, criteria_count=getattr(i, "criteria_count", None),
                         my_score_count=i.my_score_count, due_at=i.due_at, overdue=i.overdue)
            for i in rows
        ], count, params)


def _my_scores(judge, idea) -> MyScoresOut:
    values = my_scores(judge, idea)
    comments = my_comments(judge, idea)
    agreement = current_agreement(idea.program)
    return MyScoresOut(scores=[
        MyScoreOut(criterion_id=c.pk, name=c.name, weight=c.weight, scale_max=c.scale_max,
                   value=values.get(c.pk), comment=comments.get(c.pk, ""))
        for c in agreement.criteria.all() if not c.is_crowd_vote
    ])


@router.get(IDEA + "/scores", response=answers({200: MyScoresOut}, 401, 404))
def scores_detail(request, slug: str, idea_id: PathId):
    """Your scores on the idea, one per criterion judges score (null where you gave none); the
    participants' vote is computed from the crowd and is not listed."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        require(request.user, "evaluation.score_idea", idea)
        return _my_scores(request.user, idea)


@router.put(IDEA + "/scores", response=answers({200: MyScoresOut}, 400, 401, 404, 422))
def scores_put(request, slug: str, idea_id: PathId, data: ScoresIn):
    """Score the idea (judges, never on their own ideas, while it is submitted or in
    evaluation). Sending scores again replaces yours: one score per judge and criterion."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        require(request.user, "evaluation.score_idea", idea)
        comments = {s.criterion_id: s.comment for s in data.scores if s.comment is not None}
        scores_submit(idea, judge=request.user, values={s.criterion_id: s.value for s in data.scores},
                      comments=comments if comments else None)
        return _my_scores(request.user, idea)


@router.get(IDEA + "/breakdown", response=answers({200: BreakdownOut}, 404))
def breakdown(request, slug: str, idea_id: PathId):
    """The weighted score and its per-criterion breakdown: for staff, and for the author
    once the idea is decided. Empty for ideas without published criteria."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        require(request.user, "evaluation.view_scores", idea)
        return BreakdownOut.of(breakdown_for(idea))


@router.post(IDEA + "/send-to-board", response=answers({200: IdeaDetailOut}, 401, 404, 409))
def send_to_board(request, slug: str, idea_id: PathId):
    """Close an idea's evaluation and put it before the executive board (program managers
    and executives). 409 when the idea is not in a state that can go there."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        require(request.user, "evaluation.send_to_board", idea)
        idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=request.user)
        return idea_detail_out(request.user, idea)
