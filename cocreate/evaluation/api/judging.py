"""R4 judging: who scores which idea of a program and by when (program managers), and a
judge's own conflicts of interest."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from cocreate.core.api import (
    MAX_ID,
    DateTime,
    Id,
    Page,
    PageParams,
    PathId,
    UserRef,
    answers,
    organization_scope,
    page,
    page_of,
    require,
)
from cocreate.ideas.models import Idea
from cocreate.programs.selectors import program_for_user

from ..models import JudgeAssignment, JudgeConflict, Score
from ..selectors_judging import conflict_candidates, conflicts_of, judge_loads
from ..services_judging import (
    SCORABLE,
    assignment_add,
    assignment_remove,
    assignments_auto,
    conflict_declare,
    conflict_withdraw,
)

router = Router(tags=["evaluation"])

JUDGING = "/organizations/{slug}/programs/{program_slug}/judging"
CONFLICTS = "/organizations/{slug}/evaluation/conflicts"


class AssignmentOut(Schema):
    idea_id: int
    idea_title: str
    judge: UserRef
    due_at: datetime | None
    automatic: bool
    scored: bool = Field(description="The judge scored at least one criterion of the idea.")

    @classmethod
    def of(cls, a) -> "AssignmentOut":
        return cls(idea_id=a.idea_id, idea_title=a.idea.title, judge=UserRef.of(a.judge), due_at=a.due_at,
                   automatic=a.automatic, scored=bool(getattr(a, "scored", False)))


class AssignIn(Schema):
    idea_id: Id
    judge_id: Id
    due_at: DateTime | None = None


class AutoAssignIn(Schema):
    min_judges: int | None = Field(None, ge=1, le=50, description="Default: the agreement's judges per idea.")
    due_at: DateTime | None = None
    seed: int | None = Field(None, ge=0, le=MAX_ID,
                             description="The lottery's seed among equally good plans (for an audit).")


class ShortOut(Schema):
    idea_id: int
    got: int
    wanted: int
    eligible: int = Field(description="Judges free of conflicts with the idea's authors.")


class LoadOut(Schema):
    judge: UserRef
    load: int
    done: int


class AutoAssignOut(Schema):
    created: int
    seed: int
    short: list[ShortOut] = Field(description="Ideas that could not get enough judges, with why.")
    loads: list[LoadOut]


class ConflictIn(Schema):
    person_id: Id
    reason: str = Field("", max_length=200)


class ConflictOut(Schema):
    id: int
    person: UserRef
    reason: str
    created_at: datetime


def _program(request, org, program_slug):
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "evaluation.manage_judging", program)
    return program


def _assignments(program):
    scored = Score.objects.filter(idea=OuterRef("idea"), judge=OuterRef("judge"))
    return (JudgeAssignment.objects.filter(idea__program=program, idea__state__in=SCORABLE,
                                           idea__hidden_at__isnull=True)
            .select_related("idea", "judge").annotate(scored=Exists(scored)).order_by("idea_id", "judge_id"))


def _loads(program) -> list[LoadOut]:
    return [LoadOut(judge=UserRef.of(j), load=j.load, done=j.done) for j in judge_loads(program)]


@router.get(JUDGING + "/assignments", response=answers({200: Page[AssignmentOut]}, 401, 404))
def assignments(request, slug: str, program_slug: str, params: Query[PageParams]):
    """The program's judge assignments on ideas waiting for evaluation (program managers)."""
    with organization_scope(request, slug) as org:
        program = _program(request, org, program_slug)
        rows, count = page_of(_assignments(program), params)
        return page([AssignmentOut.of(a) for a in rows], count, params)


@router.get(JUDGING + "/loads", response=answers({200: list[LoadOut]}, 401, 404))
def loads(request, slug: str, program_slug: str):
    """Each judge's load in the program and how many of those ideas they scored."""
    with organization_scope(request, slug) as org:
        return _loads(_program(request, org, program_slug))


@router.post(JUDGING + "/assignments", response=answers({201: AssignmentOut, 200: AssignmentOut}, 400, 401, 404,
                                                        422))
def assign(request, slug: str, program_slug: str, data: AssignIn):
    """Ask a judge to score an idea. Idempotent: 200 with the existing assignment when it was
    already made. 400 for someone who is not a judge, on their own idea or with a conflict."""
    with organization_scope(request, slug) as org:
        program = _program(request, org, program_slug)
        idea = Idea.objects.filter(program=program, pk=data.idea_id).first()
        judge = get_user_model().objects.filter(pk=data.judge_id).first()
        if idea is None or judge is None:
            raise Http404
        a, created = assignment_add(idea, judge, actor=request.user, due_at=data.due_at)
        a = _assignments(program).get(pk=a.pk)
        return Status(201 if created else 200, AssignmentOut.of(a))


@router.delete(JUDGING + "/assignments/{idea_id}/{judge_id}", response=answers({204: None}, 401, 404))
def unassign(request, slug: str, program_slug: str, idea_id: PathId, judge_id: PathId):
    """Take a judge off an idea (their scores stay). Idempotent."""
    with organization_scope(request, slug) as org:
        program = _program(request, org, program_slug)
        idea = Idea.objects.filter(program=program, pk=idea_id).first()
        judge = get_user_model().objects.filter(pk=judge_id).first()
        if idea is None or judge is None:
            raise Http404
        assignment_remove(idea, judge, actor=request.user)
        return Status(204, None)


@router.post(JUDGING + "/auto", response=answers({200: AutoAssignOut}, 400, 401, 404, 422))
def auto(request, slug: str, program_slug: str, data: AutoAssignIn):
    """Assign judges to every idea waiting for evaluation: the agreement's number per idea,
    balanced loads, no conflicts, nobody on their own idea; assignments already made are kept.
    Ideas that cannot get enough judges are listed in ``short``."""
    with organization_scope(request, slug) as org:
        program = _program(request, org, program_slug)
        plan, created = assignments_auto(program, actor=request.user, due_at=data.due_at, seed=data.seed,
                                         min_judges=data.min_judges)
        return AutoAssignOut(
            created=len(created), seed=plan.seed,
            short=[ShortOut(idea_id=s.idea, got=s.got, wanted=s.wanted, eligible=s.eligible) for s in plan.short],
            loads=_loads(program),
        )


def _conflict_out(c) -> ConflictOut:
    return ConflictOut(id=c.pk, person=UserRef.of(c.person), reason=c.reason, created_at=c.created_at)


@router.get(CONFLICTS, response=answers({200: list[ConflictOut]}, 401, 404))
def my_conflicts(request, slug: str):
    """The conflicts of interest you declared (judges)."""
    with organization_scope(request, slug) as org:
        require(request.user, "evaluation.declare_conflict", org)
        return [_conflict_out(c) for c in conflicts_of(request.user, org)]


@router.post(CONFLICTS, response=answers({201: ConflictOut}, 400, 401, 404, 422))
def declare(request, slug: str, data: ConflictIn):
    """Declare a conflict of interest with an author or partner of the organization: you are
    taken off their ideas you have not scored yet and never assigned them again. Declaring
    again updates the reason. 400 for yourself."""
    with organization_scope(request, slug) as org:
        require(request.user, "evaluation.declare_conflict", org)
        if data.person_id == request.user.pk:
            person = request.user
        else:
            person = conflict_candidates(org, request.user).filter(pk=data.person_id).first()
        if person is None:
            raise Http404
        conflict, _withdrawn = conflict_declare(organization=org, judge=request.user, person=person,
                                                reason=data.reason)
        return Status(201, _conflict_out(conflict))


@router.delete(CONFLICTS + "/{conflict_id}", response=answers({204: None}, 401, 404))
def withdraw(request, slug: str, conflict_id: PathId):
    """Withdraw one of your declarations."""
    with organization_scope(request, slug) as org:
        require(request.user, "evaluation.declare_conflict", org)
        conflict = JudgeConflict.objects.filter(organization=org, judge=request.user, pk=conflict_id).first()
        if conflict is None:
            raise Http404
        conflict_withdraw(conflict, judge=request.user)
        return Status(204, None)

