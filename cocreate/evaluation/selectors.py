
from django.db.models import Count, F, OuterRef, Q, Subquery

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import Criterion

from .blending import blends_for
from .models import Score
from .scoring import Breakdown
from .selectors_judging import assignment_due, judging_visible, overdue_expr


def breakdowns_for(ideas) -> dict[int, Breakdown]:
    """Score breakdowns of many ideas in a constant number of queries, whatever their number
    (see evaluation.blending): the agreement in force decides the leniency correction and where
    the participants' vote comes from. Ideas with no published criteria are left out."""
    ideas = [i for i in ideas if i.program_id]
    out = {}
    for pid, result in blends_for(ideas).items():
        for idea in ideas:
            if idea.program_id == pid:
                out[idea.pk] = result.breakdown(idea.pk)
    return out


def breakdown_for(idea) -> Breakdown | None:
    return breakdowns_for([idea]).get(idea.pk)


def my_scores(judge, idea) -> dict[int, int]:
    """The judge's own scores for one idea, by criterion id."""
    return dict(Score.objects.filter(idea=idea, judge=judge).values_list("criterion_id", "value"))


def _criteria_count():
    """Subquery: how many criteria of the published agreement of the idea's program judges score
    (all but the participants' vote)."""
    return Subquery(
        Criterion.objects.filter(agreement__program=OuterRef("program"),
                                 agreement__status=AgreementStatus.PUBLISHED, is_crowd_vote=False)
        .order_by()
        .values("agreement__program")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )


def judge_queue(judge, organization, *, program_id: int | None = None):
    """Ideas a judge can score, by due date (``due_at`` of the judge's assignment, ``overdue``)
    then oldest first, each annotated with ``criteria_count`` (the
    published criteria of its program) and ``my_score_count`` (how many of them this judge
    scored), so "done" is ``my_score_count >= criteria_count``. Agrees with
    evaluation.score_idea."""
    qs = Idea.objects.filter(
        organization=organization,
        state__in=[IdeaState.SUBMITTED, IdeaState.IN_EVALUATION],
        hidden_at__isnull=True,
        program__agreements__status=AgreementStatus.PUBLISHED,
    ).exclude(author=judge)
    if program_id:
        qs = qs.filter(program_id=program_id)
    # Judging (selectors_judging): assigned ideas only where a program assigns judges, and
    # never an idea of someone the judge declared a conflict with.
    qs = judging_visible(qs, judge)
    return (
        qs.select_related("program", "mission", "author")
        .annotate(
            **assignment_due(judge),
            my_score_count=Count(
                "scores__criterion",
                filter=Q(scores__judge=judge, scores__criterion__agreement__status=AgreementStatus.PUBLISHED,
                         scores__criterion__is_crowd_vote=False),
                distinct=True,
            ),
            criteria_count=_criteria_count(),
        )
        .annotate(overdue=overdue_expr())
        .order_by(F("due_at").asc(nulls_last=True), "submitted_at", "id")
    )


def queue_progress(judge, organization, *, program_id: int | None = None) -> tuple[int, int]:
    """(done, total) of a judge's queue: ideas on which the judge scored every published
    criterion, out of all the ideas waiting for them. Two queries whatever the size."""
    qs = judge_queue(judge, organization, program_id=program_id)
    return qs.filter(my_score_count__gte=F("criteria_count")).count(), qs.count()


def next_unscored(judge, organization, *, exclude_pk: int | None = None, program_id: int | None = None):
    """The first idea of the judge's queue that still lacks one of the judge's scores."""
    qs = judge_queue(judge, organization, program_id=program_id)
    qs = qs.filter(my_score_count__lt=F("criteria_count"))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()
