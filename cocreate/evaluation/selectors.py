from collections import defaultdict

from django.db.models import Q

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import Agreement

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


def judge_queue(judge, organization):
    """Ideas a judge can score, with how many criteria they already scored, oldest first."""
    from django.db.models import Count

    return (
        Idea.objects.filter(
            organization=organization,
            state__in=[IdeaState.SUBMITTED, IdeaState.IN_EVALUATION],
            hidden_at__isnull=True,
            program__agreements__status=AgreementStatus.PUBLISHED,
        )
        .exclude(author=judge)
        .select_related("program", "mission", "author")
        .annotate(my_score_count=Count("scores", filter=Q(scores__judge=judge), distinct=True))
        .order_by("submitted_at", "id")
    )
