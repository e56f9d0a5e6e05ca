"""R4 decisions in /api/v1/: staged decisions and their release, the organization's
rejection reasons, and reviving a parked or rejected idea into a new program."""

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from cocreate.accounts.models import User
from cocreate.core.api import (
    TITLE,
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
from cocreate.core.errors import DomainError
from cocreate.ideas.selectors import idea_for_user
from cocreate.missions.models import Mission
from cocreate.organizations.models import Membership
from cocreate.programs.models import Criterion, Program

from .. import services
from ..models import Decision, RejectionReason
from ..revival import idea_revive_into
from ..schemas import DecisionOut

router = Router(tags=["realization"])

ORG = "/organizations/{slug}"


def decision_parts(org, idea, data) -> dict:
    """The reasons, criteria and revisit owner a DecisionIn names, resolved inside the
    organization (unknown ids are refused, not ignored)."""
    reasons = list(RejectionReason.objects.filter(organization=org, pk__in=data.reason_ids))
    if len(reasons) != len(set(data.reason_ids)):
        raise DomainError(_("Choose among the reasons your organization offers."), code="reason_unknown")
    allowed = {c.pk for c in services.idea_criteria(idea)}
    if any(pk not in allowed for pk in data.criterion_ids):
        raise DomainError(_("Choose among the criteria the idea was judged on."), code="criterion_unknown")
    criteria = list(Criterion.objects.filter(pk__in=data.criterion_ids))
    owner = None
    if data.revisit_owner_id is not None:
        if not Membership.objects.filter(organization=org, user_id=data.revisit_owner_id).exists():
            raise DomainError(_("The person reminded must be a member of the organization."), code="not_member")
        owner = User.objects.get(pk=data.revisit_owner_id)
    return {"reasons": reasons, "criteria": criteria, "revisit_on": data.revisit_on,
            "revisit_condition": data.revisit_condition, "revisit_owner": owner}


class ReasonRef(Schema):
    id: int
    text: str = Field(description="In the language of the request.")


class StagedOut(Schema):
    decision: DecisionOut
    idea_id: int
    idea_title: str
    program: str | None = Field(description="The program's slug.")
    decided_by: UserRef
    reasons: list[ReasonRef]
    criterion_ids: list[int]


class StagedFilter(Schema):
    program: str | None = Field(None, max_length=TITLE, description="A program's slug.")


class ReleaseIn(Schema):
    program: str | None = Field(None, max_length=TITLE,
                                description="Release only this program's staged decisions (slug).")


class ReleaseOut(Schema):
    released: int
    stale_idea_ids: list[int] = Field(description="Ideas that moved since their decision was staged; still staged.")


def _program_id(org, slug):
    if not slug:
        return None
    program_id = Program.objects.filter(organization=org, slug=slug).values_list("pk", flat=True).first()
    if program_id is None:
        raise Http404
    return program_id


@router.get(ORG + "/decisions/staged", response=answers({200: Page[StagedOut]}, 401, 404))
def staged(request, slug: str, params: Query[PageParams], filters: Query[StagedFilter]):
    """Decisions waiting for release at the end of the round (executives)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.release_decisions", org)
        rows, count = page_of(services.staged_decisions(org, program_id=_program_id(org, filters.program)), params)
        return page([StagedOut(
            decision=DecisionOut.of(d), idea_id=d.idea_id, idea_title=d.idea.title,
            program=d.idea.program.slug if d.idea.program_id else None, decided_by=UserRef.of(d.decided_by),
            reasons=[ReasonRef(id=r.pk, text=r.text) for r in d.reason_templates.all()],
            criterion_ids=[c.pk for c in d.criteria.all()],
        ) for d in rows], count, params)


@router.post(ORG + "/decisions/release", response=answers({200: ReleaseOut}, 401, 404))
def release(request, slug: str, data: ReleaseIn):
    """Release every staged decision (of one program if given) at once: ideas move and
    authors are told. Calling it again releases nothing twice."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.release_decisions", org)
        released, stale = services.decisions_release(org, actor=request.user,
                                                     program_id=_program_id(org, data.program))
        return ReleaseOut(released=released, stale_idea_ids=[d.idea_id for d in stale])


@router.delete(ORG + "/decisions/{decision_id}", response=answers({204: None}, 401, 404))
def withdraw(request, slug: str, decision_id: PathId):
    """Withdraw a staged decision (a released one is history: 404)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.release_decisions", org)
        decision = Decision.objects.filter(pk=decision_id, idea__organization=org, released_at__isnull=True).first()
        if decision is None:
            raise Http404
        services.decision_withdraw(decision, actor=request.user)
        return Status(204, None)


# Rejection reasons ------------------------------------------------------------------------

class RejectionReasonOut(Schema):
    id: int
    text_en: str
    text_ko: str
    text: str
    active: bool
    order: int

    @classmethod
    def of(cls, r) -> "RejectionReasonOut":
        return cls(id=r.pk, text_en=r.text_en, text_ko=r.text_ko, text=r.text, active=r.active, order=r.order)


class RejectionReasonIn(Schema):
    text_en: str = Field(max_length=300)
    text_ko: str = Field(max_length=300)


class RejectionReasonPatch(Schema):
    text_en: str | None = Field(None, max_length=300)
    text_ko: str | None = Field(None, max_length=300)
    active: bool | None = None
    move: int | None = Field(None, ge=-1, le=1, description="-1 moves the reason up, +1 down.")


@router.get(ORG + "/rejection-reasons", response=answers({200: list[RejectionReasonOut]}, 401, 404))
def reasons(request, slug: str):
    """The organization's reasons: active ones for executives, all of them for its admins."""
    with organization_scope(request, slug) as org:
        manage = request.user.has_perm("realization.manage_reasons", org)
        if not (manage or request.user.has_perm("realization.release_decisions", org)):
            raise Http404
        qs = RejectionReason.objects.filter(organization=org).order_by("order", "id")
        if not manage:
            qs = qs.filter(active=True)
        return [RejectionReasonOut.of(r) for r in qs]


@router.post(ORG + "/rejection-reasons", response=answers({201: RejectionReasonOut}, 400, 401, 404))
def reason_add(request, slug: str, data: RejectionReasonIn):
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_reasons", org)
        reason = services.reason_create(org, actor=request.user, text_en=data.text_en, text_ko=data.text_ko)
        return Status(201, RejectionReasonOut.of(reason))


@router.patch(ORG + "/rejection-reasons/{reason_id}", response=answers({200: RejectionReasonOut}, 400, 401, 404))
def reason_change(request, slug: str, reason_id: PathId, data: RejectionReasonPatch):
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_reasons", org)
        reason = RejectionReason.objects.filter(organization=org, pk=reason_id).first()
        if reason is None:
            raise Http404
        if data.text_en is not None or data.text_ko is not None:
            services.reason_update(reason, actor=request.user, text_en=data.text_en or reason.text_en,
                                   text_ko=data.text_ko or reason.text_ko)
        if data.active is not None:
            services.reason_set_active(reason, actor=request.user, active=data.active)
        if data.move:
            services.reason_move(reason, actor=request.user, step=data.move)
            reason.refresh_from_db()
        return RejectionReasonOut.of(reason)


# Revival ---------------------------------------------------------------------------------

class ReviveIntoIn(Schema):
    program: str = Field(max_length=TITLE, description="The program's slug.")
    mission_id: Id | None = None
    note: str = Field("", max_length=2000)


class RevivedOut(Schema):
    id: int
    title: str
    revived_from: int
    program: str
    mission_id: int | None
    submitted_at: datetime | None


@router.post("/organizations/{slug}/ideas/{idea_id}/revive-into",
             response=answers({201: RevivedOut}, 400, 401, 404, 409))
def revive_into(request, slug: str, idea_id: PathId, data: ReviveIntoIn):
    """A new idea from a parked or rejected one, in a program (and mission) of the
    organization, keeping its lineage; its authors are credited and told (executives and
    program managers)."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        require(request.user, "realization.revive_into", idea)
        program = Program.objects.filter(organization=org, slug=data.program).first()
        if program is None:
            raise DomainError(_("Choose one of the organization's programs."), code="program_unknown")
        mission = None
        if data.mission_id is not None:
            mission = Mission.objects.filter(program=program, pk=data.mission_id).first()
            if mission is None:
                raise DomainError(_("That mission belongs to another program."), code="wrong_program")
        new = idea_revive_into(idea, actor=request.user, program=program, mission=mission, note=data.note)
        return Status(201, RevivedOut(id=new.pk, title=new.title, revived_from=idea.pk, program=program.slug,
                                      mission_id=new.mission_id, submitted_at=new.submitted_at))
