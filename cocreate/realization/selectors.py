
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.ideas.selectors import search

from .models import Decision


def board_ideas(organization, *, state: str = "", channel: str = "", program_id: int | None = None,
                query: str = ""):
    """Every idea that left its author's drafts, from the open channel and all missions,
    hidden ones included and marked: nothing is filtered away on its way to the top."""
    qs = (
        Idea.objects.filter(organization=organization)
        .exclude(state=IdeaState.DRAFT)
        .select_related("organization", "author", "program", "mission")
        .order_by("-submitted_at", "-id")
    )
    if state:
        qs = qs.filter(state=state)
    if channel:
        qs = qs.filter(channel=channel)
    if program_id:
        qs = qs.filter(program_id=program_id)
    if query:
        qs = search(qs, query)
    return qs


def latest_decisions(ideas) -> dict[int, Decision]:
    """The decision in force for each idea, in one query."""
    out: dict[int, Decision] = {}
    for d in Decision.objects.filter(idea__in=[i.pk for i in ideas]).select_related(
        "department", "decided_by"
    ).order_by("idea_id", "-decided_at", "-id"):
        out.setdefault(d.idea_id, d)
    return out


def decisions_of(idea):
    return Decision.objects.filter(idea=idea).select_related("department", "decided_by")


def state_counts(organization) -> dict[str, int]:
    from django.db.models import Count

    rows = (
        Idea.objects.filter(organization=organization).exclude(state=IdeaState.DRAFT)
        .values("state").annotate(n=Count("id"))
    )
    return {r["state"]: r["n"] for r in rows}


