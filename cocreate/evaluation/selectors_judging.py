"""Judging reads: what narrows a judge's queue (assignments and conflicts), the manager's
judging table, a judge's conflicts, the comments an author may read, and which scorecards a
judge has finished (before that, the other judges' scores stay closed to them)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Now

from cocreate.ideas.models import Credit, Idea
from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import Criterion

from .models import JudgeAssignment, JudgeConflict, Score
from .services_judging import SCORABLE, judges_of


def judging_visible(qs, judge):
    """Narrow a queue of ideas for one judge: in a program that uses assignments, only the
    ideas assigned to this judge; never an idea of someone the judge declared a conflict with
    (its author or a credited person)."""
    persons = JudgeConflict.objects.filter(judge=judge).values("person_id")
    program_assigns = JudgeAssignment.objects.filter(idea__program=OuterRef("program"))
    mine = JudgeAssignment.objects.filter(idea=OuterRef("pk"), judge=judge)
    credited = Credit.objects.filter(idea=OuterRef("pk"), user_id__in=persons)
    return (qs.filter(~Exists(program_assigns) | Exists(mine))
            .exclude(author_id__in=persons).exclude(Exists(credited)))


def assignment_due(judge):
    """Expressions annotating a queue: the due date of the judge's assignment (None without
    one) and whether it has passed."""
    due = Subquery(JudgeAssignment.objects.filter(idea=OuterRef("pk"), judge=judge).values("due_at")[:1])
    return {"due_at": due}


def overdue_expr():
    return Case(When(due_at__lt=Now(), then=Value(True)), default=Value(False), output_field=BooleanField())


def judging_ideas(program):
    """The program's ideas waiting for evaluation, oldest first (the manager's table)."""
    return (Idea.objects.filter(program=program, state__in=SCORABLE, hidden_at__isnull=True)
            .select_related("author").order_by("submitted_at", "pk"))


def attach_assignments(ideas) -> None:
    """Give each idea ``assignments``: its JudgeAssignment rows with their judges, each with
    ``scored`` (the judge scored at least one criterion). Two queries whatever the number."""
    by_idea = defaultdict(list)
    scored = Score.objects.filter(idea=OuterRef("idea"), judge=OuterRef("judge"))
    rows = (JudgeAssignment.objects.filter(idea__in=ideas).select_related("judge")
            .annotate(scored=Exists(scored)).order_by("judge__name", "pk"))
    for a in rows:
        by_idea[a.idea_id].append(a)
    for idea in ideas:
        idea.assignments = by_idea[idea.pk]


def judge_loads(program):
    """The organization's judges, each with ``load`` (ideas of this program waiting for
    evaluation assigned to them) and ``done`` (of those, the ones they scored). Two queries."""
    rows = (JudgeAssignment.objects.filter(idea__program=program, idea__state__in=SCORABLE,
                                           idea__hidden_at__isnull=True)
            .annotate(scored=Exists(Score.objects.filter(idea=OuterRef("idea"), judge=OuterRef("judge"))))
            .values_list("judge_id", "scored"))
    load, done = defaultdict(int), defaultdict(int)
    for judge_id, was_scored in rows:
        load[judge_id] += 1
        done[judge_id] += bool(was_scored)
    judges = list(judges_of(program.organization))
    for j in judges:
        j.load, j.done = load[j.pk], done[j.pk]
    return judges


def conflicts_of(judge, organization):
    return (JudgeConflict.objects.filter(organization=organization, judge=judge)
            .select_related("person").order_by("person__name", "pk"))


def conflict_candidates(organization, judge):
    """People a judge may declare a conflict with: authors of the organization's ideas and
    partners of its programs (by name only; never their e-mail), not the judge."""
    User = get_user_model()
    return (User.objects.filter(Q(ideas__organization=organization)
                                | Q(partnerships__program__organization=organization))
            .exclude(pk=judge.pk).distinct().order_by("name", "pk"))


def comments_for_author(idea) -> list[tuple]:
    """The judges' per-criterion comments, without names: [(criterion, [comment, …])] in the
    agreement's order, criteria without comments left out."""
    rows = (Score.objects.filter(idea=idea).exclude(comment="").select_related("criterion")
            .order_by("criterion__order", "criterion_id", "pk"))
    out: dict = {}
    for s in rows:
        out.setdefault(s.criterion, []).append(s.comment)
    return list(out.items())


def judges_comments_for(user, idea) -> list[tuple] | None:
    """The comments ``user`` may read on the idea's page (see evaluation.view_judges_comments),
    or None when they may not."""
    if not user.has_perm("evaluation.view_judges_comments", idea):
        return None
    return comments_for_author(idea)


def my_comments(judge, idea) -> dict[int, str]:
    """The judge's own comments on one idea, by criterion id (empty ones left out)."""
    return dict(Score.objects.filter(idea=idea, judge=judge).exclude(comment="")
                .values_list("criterion_id", "comment"))


def scorecards_finished(judge, ideas) -> set[int]:
    """Which of ``ideas`` the judge has scored on every judged criterion of the agreement in
    force (the participants' vote is the crowd's, never the judge's), in one query."""
    ideas = [i for i in ideas if i.program_id is not None]
    if not ideas or not getattr(judge, "is_authenticated", False):
        return set()
    programs = {i.program_id for i in ideas}
    needed = dict(Criterion.objects.filter(agreement__program_id__in=programs, is_crowd_vote=False,
                                           agreement__status=AgreementStatus.PUBLISHED)
                  .values("agreement__program_id").annotate(n=Count("id")).values_list("agreement__program_id", "n"))
    done = (Score.objects.filter(judge=judge, idea_id__in=[i.pk for i in ideas], criterion__is_crowd_vote=False,
                                 criterion__agreement__status=AgreementStatus.PUBLISHED)
            .values("idea_id").annotate(n=Count("criterion_id", distinct=True)).values_list("idea_id", "n"))
    program_of = {i.pk: i.program_id for i in ideas}
    return {pk for pk, n in done if n >= needed.get(program_of[pk], 1)}


def scores_open_to_judge(judge, ideas) -> set[int]:
    """Which of ``ideas`` a judge may read the others' scores, comments and total of: the
    decided ones and those whose scorecard the judge finished (judges judge independently).
    The one rule behind evaluation.view_scores for judges and the results a judge reads."""
    from .rules import DECIDED

    decided = {i.pk for i in ideas if i.state in DECIDED}
    return decided | scorecards_finished(judge, [i for i in ideas if i.pk not in decided])
