"""Judging: who scores which idea, by when, and the conflicts of interest judges declare.

The balanced assignment itself is the pure ``evaluation.judging.assign_judges``; these services
read its inputs, write its outcome in one transaction, notify the judges and leave an audit
line. Re-exported by ``evaluation.services``."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Credit, Idea
from cocreate.notifications.services import notify
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Membership
from cocreate.programs.selectors import current_agreement

from .judging import IdeaToJudge, Judge, JudgingPlan, assign_judges
from .models import JudgeAssignment, JudgeConflict

SCORABLE = (IdeaState.SUBMITTED, IdeaState.IN_EVALUATION)


def judges_of(organization):
    """The organization's judges (people holding the judge role), by id."""
    return (get_user_model().objects.filter(memberships__organization=organization, memberships__role=Role.JUDGE)
            .distinct().order_by("pk"))


def is_judge_in(user, organization) -> bool:
    return Membership.objects.filter(organization=organization, user=user, role=Role.JUDGE).exists()


def authors_of(ideas) -> dict[int, set[int]]:
    """Each idea's author and credited people (its team at submission), in one query."""
    out = {i.pk: {i.author_id} for i in ideas}
    for idea_id, user_id in Credit.objects.filter(idea__in=list(out)).values_list("idea_id", "user_id"):
        out[idea_id].add(user_id)
    return out


def has_conflict(judge, idea) -> bool:
    """The judge declared a conflict of interest with the idea's author or a credited person."""
    if not getattr(judge, "is_authenticated", False):
        return False
    return JudgeConflict.objects.filter(
        Q(person_id=idea.author_id) | Q(person__credits__idea_id=idea.pk),
        organization_id=idea.organization_id, judge=judge,
    ).exists()


def assigned_or_unassigning(judge, idea) -> bool:
    """The judge is assigned to the idea, or its program assigns no judges at all."""
    if not getattr(judge, "is_authenticated", False):
        return False
    if idea.program_id is None:
        return True
    assigned = JudgeAssignment.objects.filter(idea__program_id=idea.program_id)
    return assigned.filter(idea=idea, judge=judge).exists() or not assigned.exists()


def _notify_assigned(judge_counts: dict, program, due_at):
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=list(judge_counts))}
    url = reverse("evaluation:queue", args=[program.organization.slug]) + f"?program={program.pk}"
    # deadline_iso is shown in the reader's language and time zone (notifications.kinds).
    due = {"deadline_iso": due_at.isoformat()} if due_at else {"deadline": "—"}
    for pk, count in judge_counts.items():
        notify([users[pk]], "judge_assigned", params={"program": program.title, "count": count} | due, url=url)


def assignments_auto(program, *, actor, due_at=None, seed: int | None = None,
                     min_judges: int | None = None) -> tuple[JudgingPlan, list[JudgeAssignment]]:
    """Give every idea of the program waiting for evaluation the agreement's number of judges
    (``min_judges``), balancing each judge's load (their open assignments in other programs
    count), never on their own idea nor on that of someone they declared a conflict with. The
    assignments already made are kept; ideas that cannot get enough judges are in
    ``plan.short``. Running it again adds only what is missing (idempotent)."""
    agreement = current_agreement(program)
    if agreement is None:
        raise DomainError(_("Publish the program's agreement first: it sets how many judges score each idea."),
                          code="no_agreement")
    min_judges = agreement.min_judges if min_judges is None else min_judges
    org = program.organization
    with transaction.atomic():
        ideas = list(Idea.objects.filter(program=program, state__in=SCORABLE, hidden_at__isnull=True)
                     .only("pk", "author_id", "organization_id").order_by("pk"))
        authors = authors_of(ideas)
        assigned = defaultdict(set)
        for idea_id, judge_id in JudgeAssignment.objects.filter(idea__in=ideas).values_list("idea_id", "judge_id"):
            assigned[idea_id].add(judge_id)
        judges = list(judges_of(org).values_list("pk", flat=True))
        elsewhere = dict(
            JudgeAssignment.objects.filter(judge_id__in=judges, idea__organization=org, idea__state__in=SCORABLE)
            .exclude(idea__program=program).order_by().values("judge_id").annotate(n=Count("id"))
            .values_list("judge_id", "n")
        )
        conflicts = JudgeConflict.objects.filter(organization=org, judge_id__in=judges).values_list("judge_id",
                                                                                                     "person_id")
        plan = assign_judges(
            [IdeaToJudge(i.pk, frozenset(authors[i.pk]), frozenset(assigned[i.pk])) for i in ideas],
            [Judge(pk, load=elsewhere.get(pk, 0)) for pk in judges],
            list(conflicts), min_judges=min_judges, seed=seed,
        )
        created = JudgeAssignment.objects.bulk_create([
            JudgeAssignment(idea_id=i, judge_id=j, due_at=due_at, assigned_by=actor, automatic=True)
            for i, j in plan.pairs
        ])
        counts = defaultdict(int)
        for _i, j in plan.pairs:
            counts[j] += 1
        if counts:
            _notify_assigned(counts, program, due_at)
        audit_record(actor=actor, verb="judging.auto_assigned", target=program, organization=org, data={
            "min_judges": min_judges, "seed": plan.seed, "created": len(created),
            "due_at": due_at.isoformat() if due_at else None,
            "short": [{"idea": s.idea, "got": s.got, "wanted": s.wanted, "eligible": s.eligible} for s in plan.short],
        })
    return plan, created


def assignment_add(idea, judge, *, actor, due_at=None) -> tuple[JudgeAssignment, bool]:
    """Ask one judge to score one idea (by a program manager). Idempotent: assigning again
    returns the same assignment (with the new due date when one is given). Refused for someone
    who is not a judge, on their own idea, or with a declared conflict with its authors."""
    if not is_judge_in(judge, idea.organization):
        raise DomainError(_("Only the organization's judges can be assigned."), code="not_a_judge")
    if judge.pk in authors_of([idea])[idea.pk]:
        raise DomainError(_("Judges never score their own ideas."), code="own_idea")
    if has_conflict(judge, idea):
        raise DomainError(_("This judge declared a conflict of interest with an author of the idea."),
                          code="conflict_of_interest")
    if idea.state not in SCORABLE or idea.hidden_at is not None:
        raise DomainError(_("This idea is not waiting for evaluation."), code="not_scorable")
    with transaction.atomic():
        assignment, created = JudgeAssignment.objects.get_or_create(
            idea=idea, judge=judge, defaults={"due_at": due_at, "assigned_by": actor, "automatic": False},
        )
        if not created and due_at is not None and assignment.due_at != due_at:
            assignment.due_at = due_at
            assignment.save(update_fields=["due_at"])
        if created:
            _notify_assigned({judge.pk: 1}, idea.program, due_at)
            audit_record(actor=actor, verb="judging.assigned", target=idea,
                         data={"judge": judge.pk, "due_at": due_at.isoformat() if due_at else None})
    return assignment, created


def assignment_remove(idea, judge, *, actor) -> bool:
    """Take a judge off an idea (their scores, if any, stay). Idempotent: False when there was
    nothing to remove."""
    with transaction.atomic():
        deleted, _rows = JudgeAssignment.objects.filter(idea=idea, judge=judge).delete()
        if deleted:
            audit_record(actor=actor, verb="judging.unassigned", target=idea, data={"judge": judge.pk})
    return bool(deleted)


def conflict_declare(*, organization, judge, person, reason: str = "") -> tuple[JudgeConflict, int]:
    """A judge declares a conflict of interest with a person: they are taken off that person's
    ideas they have not started scoring, and never assigned to them again. Declaring again
    updates the reason. Returns the conflict and how many assignments were withdrawn."""
    if person.pk == judge.pk:
        raise DomainError(_("You cannot declare a conflict of interest with yourself."), code="self_conflict")
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        conflict, created = JudgeConflict.objects.update_or_create(
            organization=organization, judge=judge, person=person, defaults={"reason": reason},
        )
        withdrawn, _rows = JudgeAssignment.objects.filter(
            Q(idea__author=person) | Q(idea__credits__user=person),
            judge=judge, idea__organization=organization,
        ).exclude(idea__scores__judge=judge).delete()
        if created:
            audit_record(actor=judge, verb="judging.conflict_declared", target=conflict, organization=organization,
                         data={"person": person.pk, "withdrawn": withdrawn})
    return conflict, withdrawn


def conflict_withdraw(conflict, *, judge) -> None:
    """A judge withdraws a conflict they declared (only their own)."""
    if conflict.judge_id != judge.pk:
        raise DomainError(_("You can withdraw only your own declarations."), code="not_yours")
    with transaction.atomic():
        audit_record(actor=judge, verb="judging.conflict_withdrawn", target=conflict,
                     organization=conflict.organization, data={"person": conflict.person_id})
        conflict.delete()
