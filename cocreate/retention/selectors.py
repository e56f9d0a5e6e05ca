from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from cocreate.ideas.selectors import idea_for_user, ideas_visible_to
from cocreate.organizations.selectors import departments_of

from .models import Outcome, OutcomeUpdate


def outcomes_visible_to(user, organization, *, only_mine: bool = False) -> QuerySet[Outcome]:
    """Outcomes of the accepted ideas the person may open (agrees with ideas.view_idea):
    staff see all, everyone else those of public ideas and their own. Outcomes of the
    person's own departments come first; ``only_mine`` keeps only those."""
    mine = departments_of(user, organization)
    qs = (
        Outcome.objects.filter(idea__organization=organization,
                               idea__in=ideas_visible_to(user, organization).values("pk"))
        .select_related("idea__author", "idea__program", "idea__mission", "department")
    )
    if only_mine:
        qs = qs.filter(department_id__in=mine)
    if not mine:
        return qs.order_by("-updated_at", "-id")
    return qs.annotate(
        mine_first=Case(When(department_id__in=mine, then=Value(0)), default=Value(1),
                        output_field=IntegerField())
    ).order_by("mine_first", "-updated_at", "-id")


def outcome_for_user(user, organization, pk: int) -> Outcome:
    """One outcome, or 404 alike when missing, in another organization, or when its idea
    is not the person's to see: whoever can open the idea can follow its outcome."""
    outcome = (
        Outcome.objects.filter(idea__organization=organization, pk=pk)
        .select_related("department", "idea")
        .first()
    )
    if outcome is None:
        raise Http404
    outcome.idea = idea_for_user(user, organization, outcome.idea_id)
    return outcome


def updates_of(outcome) -> QuerySet[OutcomeUpdate]:
    return OutcomeUpdate.objects.filter(outcome=outcome).select_related("author")
