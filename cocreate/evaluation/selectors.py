from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import Agreement, Criterion

from .models import Score
from .scoring import Breakdown, CriterionSpec, weighted_score


def _specs(agreement) -> list[CriterionSpec]:
    return [CriterionSpec(c.id, c.name, c.weight, c.scale_max) for c in agreement.criteria.all()]


def breakdowns_for(ideas) -> dict[int, Breakdown]:
    """Score breakdowns of many ideas in three queries, whatever their number: the
    agreements in force for their programs, their criteria, and all scores. Ideas with no
    published criteria are left out."""
    ideas = [i for i in ideas if i.program_id]
    if not ideas:
        return {}
    agreements = {
        a.program_id: a
        for a in Agreement.objects.filter(
            program_id__in={i.program_id for i in ideas}, status=AgreementStatus.PUBLISHED
        ).prefetch_related("criteria")
    }
    scores: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for idea_id, judge_id, criterion_id, value in Score.objects.filter(
        idea_id__in=[i.pk for i in ideas]
    ).values_list("idea_id", "judge_id", "criterion_id", "value"):
        scores[idea_id].append((judge_id, criterion_id, value))
    out = {}
    for idea in ideas:
        agreement = agreements.get(idea.program_id)
        if agreement is None or not agreement.criteria.all():
            continue
        out[idea.pk] = weighted_score(_specs(agreement), scores.get(idea.pk, []))
    return out


def breakdown_for(idea) -> Breakdown | None:
    return breakdowns_for([idea]).get(idea.pk)


def my_scores(judge, idea) -> dict[int, int]:
    """The judge's own scores for one idea, by criterion id."""
    return dict(Score.objects.filter(idea=idea, judge=judge).values_list("criterion_id", "value"))


def _criteria_count():
    """Subquery: how many criteria the published agreement of the idea's program has."""
    return Subquery(
        Criterion.objects.filter(agreement__program=OuterRef("program"),
                                 agreement__status=AgreementStatus.PUBLISHED)
        .order_by()
        .values("agreement__program")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )


def judge_queue(judge, organization, *, program_id: int | None = None):
    """Ideas a judge can score, oldest first, each annotated with ``criteria_count`` (the
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
    return (
        qs.select_related("program", "mission", "author")
        .annotate(
            my_score_count=Count(
                "scores__criterion",
                filter=Q(scores__judge=judge, scores__criterion__agreement__status=AgreementStatus.PUBLISHED),
                distinct=True,
            ),
            criteria_count=_criteria_count(),
        )
        .order_by("submitted_at", "id")
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
