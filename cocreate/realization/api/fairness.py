"""R4 fair rejection in /api/v1/: the decision in force as its author sees it, one-to-one
explanations and the one appeal."""

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from cocreate.accounts.models import User
from cocreate.core.api import (
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
from cocreate.core.errors import DomainError
from cocreate.ideas.selectors import idea_for_user
from cocreate.organizations.models import Department

from .. import fairness
from ..enums import AppealStatus, ExplanationStatus
from ..models import Appeal, ExplanationRequest
from ..schemas import DecisionOut
from .decisions import ReasonRef

router = Router(tags=["realization"])

ORG = "/organizations/{slug}"
IDEA = ORG + "/ideas/{idea_id}"


class ExplanationOut(Schema):
    id: int
    idea_id: int
    status: ExplanationStatus
    status_label: str
    message: str
    requested_by: UserRef
    expert: UserRef | None
    proposed_times: list[datetime]
    scheduled_at: datetime | None
    meeting_place: str
    outcome: str

    @classmethod
    def of(cls, r) -> "ExplanationOut":
        return cls(id=r.pk, idea_id=r.idea_id, status=r.status, status_label=r.get_status_display(),
                   message=r.message, requested_by=UserRef.of(r.requested_by),
                   expert=UserRef.of(r.expert) if r.expert_id else None,
                   proposed_times=fairness.proposed_datetimes(r), scheduled_at=r.scheduled_at,
                   meeting_place=r.meeting_place, outcome=r.outcome)


class AppealOut(Schema):
    id: int
    idea_id: int
    status: AppealStatus
    status_label: str
    grounds: str
    appellant: UserRef
    reviewer: UserRef | None
    explanation: str
    result: DecisionOut | None
    decided_at: datetime | None

    @classmethod
    def of(cls, a) -> "AppealOut":
        return cls(id=a.pk, idea_id=a.idea_id, status=a.status, status_label=a.get_status_display(),
                   grounds=a.grounds, appellant=UserRef.of(a.appellant),
                   reviewer=UserRef.of(a.reviewer) if a.reviewer_id else None, explanation=a.explanation,
                   result=DecisionOut.of(a.result_decision) if a.result_decision_id else None,
                   decided_at=a.decided_at)


class FairDecisionOut(Schema):
    decision: DecisionOut
    reasons: list[ReasonRef] = Field(description="In the language of the request.")
    criterion_ids: list[int] = Field(description="The published criteria concerned (see the breakdown).")
    appeal_deadline: datetime | None
    can_request_explanation: bool
    can_appeal: bool
    explanation: ExplanationOut | None
    appeal: AppealOut | None


@router.get(IDEA + "/fair-decision", response=answers({200: FairDecisionOut}, 401, 404))
def fair_decision(request, slug: str, idea_id: PathId):
    """The decision in force with its reasons, and where explanation and appeal stand (the
    author, and staff who see scores). 404 while no decision is released."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        panel = fairness.author_panel(request.user, idea).get("fair")
        if panel is None:
            raise Http404
        e, a = panel["explanation"], panel["appeal"]
        return FairDecisionOut(
            decision=DecisionOut.of(panel["decision"]),
            reasons=[ReasonRef(id=r.pk, text=r.text) for r in panel["reasons"]],
            criterion_ids=[c.pk for c in panel["criteria"]], appeal_deadline=panel["deadline"],
            can_request_explanation=panel["can_request_explanation"], can_appeal=panel["can_appeal"],
            explanation=ExplanationOut.of(e) if e else None,
            appeal=AppealOut.of(Appeal.objects.select_related("appellant", "reviewer", "result_decision",
                                                              "result_decision__department").get(pk=a.pk))
            if a else None,
        )


# Explanations ---------------------------------------------------------------------------------

class ExplanationIn(Schema):
    message: str = Field("", max_length=3000)


class AssignIn(Schema):
    user_id: Id


class ProposeIn(Schema):
    times: list[DateTime] = Field(max_length=5, description="One to five future times (ISO 8601 with a zone).")
    place: str = Field("", max_length=300)


class ConfirmIn(Schema):
    at: DateTime = Field(description="One of the proposed times.")


class OutcomeIn(Schema):
    outcome: str = Field(max_length=5000)


def _explanation(request, org, explanation_id) -> ExplanationRequest:
    req = (ExplanationRequest.objects.filter(pk=explanation_id, idea__organization=org)
           .select_related("idea", "idea__organization", "decision", "requested_by", "expert").first())
    if req is None:
        raise Http404
    require(request.user, "realization.view_explanation", req)
    return req


@router.post(IDEA + "/explanation", response=answers({201: ExplanationOut}, 400, 401, 404))
def explanation_request(request, slug: str, idea_id: PathId, data: ExplanationIn):
    """The rejected author asks for a one-to-one explanation."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        if idea.author_id != request.user.pk:
            raise Http404
        return Status(201, ExplanationOut.of(fairness.explanation_request(idea, actor=request.user,
                                                                          message=data.message)))


@router.get(ORG + "/explanations", response=answers({200: Page[ExplanationOut]}, 401, 404))
def explanations(request, slug: str, params: Query[PageParams]):
    """Explanations the person handles (experts: theirs; executives and managers: all)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_explanations", org)
        rows, count = page_of(fairness.explanations_for(request.user, org), params)
        return page([ExplanationOut.of(r) for r in rows], count, params)


@router.get(ORG + "/explanations/{explanation_id}", response=answers({200: ExplanationOut}, 401, 404))
def explanation(request, slug: str, explanation_id: PathId):
    with organization_scope(request, slug) as org:
        return ExplanationOut.of(_explanation(request, org, explanation_id))


@router.post(ORG + "/explanations/{explanation_id}/assign", response=answers({200: ExplanationOut}, 400, 401, 404))
def explanation_assign(request, slug: str, explanation_id: PathId, data: AssignIn):
    """Executives and managers name the expert (a member of the organization)."""
    with organization_scope(request, slug) as org:
        req = _explanation(request, org, explanation_id)
        require(request.user, "realization.assign_explanation", req)
        expert = User.objects.filter(pk=data.user_id).first()
        if expert is None:
            raise DomainError(_("The expert must be a member of the organization."), code="not_member")
        return ExplanationOut.of(fairness.explanation_assign(req, actor=request.user, expert=expert))


@router.post(ORG + "/explanations/{explanation_id}/propose", response=answers({200: ExplanationOut}, 400, 401, 404))
def explanation_propose(request, slug: str, explanation_id: PathId, data: ProposeIn):
    with organization_scope(request, slug) as org:
        req = _explanation(request, org, explanation_id)
        return ExplanationOut.of(fairness.explanation_propose(req, actor=request.user, times=data.times,
                                                              place=data.place))


@router.post(ORG + "/explanations/{explanation_id}/confirm", response=answers({200: ExplanationOut}, 400, 401, 404))
def explanation_confirm(request, slug: str, explanation_id: PathId, data: ConfirmIn):
    with organization_scope(request, slug) as org:
        req = _explanation(request, org, explanation_id)
        return ExplanationOut.of(fairness.explanation_confirm(req, actor=request.user, at=data.at))


@router.post(ORG + "/explanations/{explanation_id}/complete", response=answers({200: ExplanationOut}, 400, 401, 404))
def explanation_complete(request, slug: str, explanation_id: PathId, data: OutcomeIn):
    with organization_scope(request, slug) as org:
        req = _explanation(request, org, explanation_id)
        return ExplanationOut.of(fairness.explanation_complete(req, actor=request.user, outcome=data.outcome))


@router.post(ORG + "/explanations/{explanation_id}/cancel", response=answers({200: ExplanationOut}, 400, 401, 404))
def explanation_cancel(request, slug: str, explanation_id: PathId):
    with organization_scope(request, slug) as org:
        req = _explanation(request, org, explanation_id)
        return ExplanationOut.of(fairness.explanation_cancel(req, actor=request.user))


# Appeals ---------------------------------------------------------------------------------------

class AppealIn(Schema):
    grounds: str = Field(max_length=5000)


class AppealDecisionIn(Schema):
    overturn: bool
    explanation: str = Field(max_length=5000, description="Required; the author reads it. The result is final.")
    kind: str = Field("", max_length=16, description="When overturning: accept or park.")
    department_id: Id | None = Field(None, description="When accepting.")
    revisit_on: date | None = None
    revisit_condition: str = Field("", max_length=2000)


def _appeal(request, org, appeal_id) -> Appeal:
    appeal = (Appeal.objects.filter(pk=appeal_id, idea__organization=org)
              .select_related("idea", "idea__organization", "decision", "appellant", "reviewer", "result_decision",
                              "result_decision__department").first())
    if appeal is None:
        raise Http404
    require(request.user, "realization.view_appeal", appeal)
    return appeal


@router.post(IDEA + "/appeal", response=answers({201: AppealOut}, 400, 401, 404))
def appeal_file(request, slug: str, idea_id: PathId, data: AppealIn):
    """The rejected author appeals, once, within the organization's appeal period."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        if idea.author_id != request.user.pk:
            raise Http404
        return Status(201, AppealOut.of(fairness.appeal_file(idea, actor=request.user, grounds=data.grounds)))


@router.get(ORG + "/appeals", response=answers({200: Page[AppealOut]}, 401, 404))
def appeals(request, slug: str, params: Query[PageParams]):
    """Appeals the person reviews (and, for managers, those waiting for a reviewer)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_appeals", org)
        rows, count = page_of(fairness.open_appeals_for(request.user, org).select_related(
            "result_decision", "result_decision__department"), params)
        return page([AppealOut.of(a) for a in rows], count, params)


@router.get(ORG + "/appeals/{appeal_id}", response=answers({200: AppealOut}, 401, 404))
def appeal(request, slug: str, appeal_id: PathId):
    with organization_scope(request, slug) as org:
        return AppealOut.of(_appeal(request, org, appeal_id))


@router.post(ORG + "/appeals/{appeal_id}/assign", response=answers({200: AppealOut}, 400, 401, 404))
def appeal_assign(request, slug: str, appeal_id: PathId, data: AssignIn):
    """Managers name the reviewing executive (not the one who decided)."""
    with organization_scope(request, slug) as org:
        appeal = _appeal(request, org, appeal_id)
        require(request.user, "realization.assign_appeal", appeal)
        reviewer = User.objects.filter(pk=data.user_id).first()
        return AppealOut.of(fairness.appeal_assign(appeal, actor=request.user, reviewer=reviewer))


@router.post(ORG + "/appeals/{appeal_id}/decision", response=answers({200: AppealOut}, 400, 401, 404, 409))
def appeal_decide(request, slug: str, appeal_id: PathId, data: AppealDecisionIn):
    """The reviewing executive upholds or overturns (accept with department_id, or park),
    with an explanation; the result is final."""
    with organization_scope(request, slug) as org:
        appeal = _appeal(request, org, appeal_id)
        require(request.user, "realization.decide_appeal", appeal)
        department = None
        if data.department_id is not None:
            department = Department.objects.filter(organization=org, pk=data.department_id).first()
        fairness.appeal_decide(appeal, actor=request.user, overturn=data.overturn, explanation=data.explanation,
                               kind=data.kind, department=department, revisit_on=data.revisit_on,
                               revisit_condition=data.revisit_condition)
        return AppealOut.of(_appeal(request, org, appeal_id))
