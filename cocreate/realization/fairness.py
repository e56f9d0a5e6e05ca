"""Fair rejection: a rejected author may ask for a one-to-one explanation (assigned to an
expert of the department concerned, scheduled from proposed times, its outcome recorded) and
may appeal once, within the organization's appeal period, to a different executive whose
result is final and explained."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.services import idea_transition
from cocreate.notifications.services import notify
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Membership

from .enums import AppealStatus, DecisionKind, ExplanationStatus
from .models import Appeal, Decision, ExplanationRequest

MAX_PROPOSED_TIMES = 5
OPEN_EXPLANATION = (ExplanationStatus.REQUESTED, ExplanationStatus.ASSIGNED, ExplanationStatus.PROPOSED,
                    ExplanationStatus.SCHEDULED)


def decision_in_force(idea) -> Decision | None:
    """The newest released decision on the idea (staged ones are not in force)."""
    return (Decision.objects.filter(idea=idea, released_at__isnull=False)
            .select_related("department", "decided_by", "revisit_owner")
            .order_by("-released_at", "-id").first())


def appeal_deadline(decision) -> datetime.datetime:
    return decision.released_at + datetime.timedelta(days=decision.idea.organization.appeal_period_days)


def _rejection_of(idea, actor) -> Decision:
    if idea.author_id != getattr(actor, "pk", None):
        raise DomainError(_("Only the idea's author can do this."), code="not_author")
    decision = decision_in_force(idea)
    if decision is None or decision.kind != DecisionKind.REJECT or idea.state != IdeaState.REJECTED:
        raise DomainError(_("This is only possible for an idea that was not taken forward."), code="not_rejected")
    return decision


def _idea_url(idea) -> str:
    return reverse("ideas:detail", args=[idea.organization.slug, idea.pk])


def _explanation_url(request) -> str:
    return reverse("realization:explanation", args=[request.idea.organization.slug, request.pk])


def _managers(organization, *extra) -> list:
    """The people who assign explanations and appeals: executives and program managers."""
    users = [m.user for m in Membership.objects.filter(
        organization=organization, role__in=[Role.EXECUTIVE, Role.PROGRAM_MANAGER, Role.ORG_ADMIN]
    ).select_related("user").order_by("user_id")]
    return [*users, *extra]


# One-to-one explanations ------------------------------------------------------------------

def explanation_request(idea, *, actor, message: str = "") -> ExplanationRequest:
    """The author asks to hear the reasons one to one. One request per decision; a cancelled
    request can be made again."""
    decision = _rejection_of(idea, actor)
    with transaction.atomic():
        existing = ExplanationRequest.objects.select_for_update().filter(decision=decision).first()
        if existing is not None and existing.status != ExplanationStatus.CANCELLED:
            raise DomainError(_("You already asked for an explanation of this decision."), code="already_requested")
        if existing is not None:
            existing.delete()
        req = ExplanationRequest.objects.create(idea=idea, decision=decision, requested_by=actor,
                                                message=(message or "").strip(), department=decision.department)
        audit_record(actor=actor, verb="explanation.requested", target=idea, data={"request": req.pk})
        notify(_managers(idea.organization, decision.decided_by), "explanation_requested",
               params={"idea": idea.title, "person": actor.display_name, "message": req.message or "—"},
               url=_explanation_url(req))
    return req


def _organization_member(organization, user) -> Membership | None:
    return (Membership.objects.filter(organization=organization, user=user)
            .order_by("department_id").select_related("department").last())


def suggested_expert(req):
    """An internal partner of the department concerned, if the decision names one."""
    department_id = req.department_id or req.decision.department_id
    if department_id is None:
        return None
    m = (Membership.objects.filter(organization=req.idea.organization, role=Role.INTERNAL_PARTNER,
                                   department_id=department_id).exclude(user_id=req.requested_by_id)
         .select_related("user").order_by("id").first())
    return m.user if m else None


def explanation_assign(req, *, actor, expert) -> ExplanationRequest:
    """An executive or manager names the expert who will explain (a member of the
    organization, typically an internal partner of the department concerned)."""
    if req.status not in OPEN_EXPLANATION or req.status == ExplanationStatus.SCHEDULED:
        raise DomainError(_("This explanation can no longer be reassigned."), code="closed")
    membership = _organization_member(req.idea.organization, expert)
    if membership is None:
        raise DomainError(_("The expert must be a member of the organization."), code="not_member")
    if expert.pk == req.requested_by_id:
        raise DomainError(_("The author cannot explain the decision to themselves."), code="expert_is_author")
    with transaction.atomic():
        req.expert = expert
        req.department = membership.department or req.department
        req.status = ExplanationStatus.ASSIGNED
        req.proposed_times = []
        req.save(update_fields=["expert", "department", "status", "proposed_times"])
        audit_record(actor=actor, verb="explanation.assigned", target=req.idea,
                     data={"request": req.pk, "expert": expert.pk})
        params = {"idea": req.idea.title, "person": expert.display_name}
        notify([expert], "explanation_assigned", params=params, url=_explanation_url(req))
        notify([req.requested_by], "explanation_expert", params=params, url=_explanation_url(req))
    return req


def explanation_propose(req, *, actor, times: list[datetime.datetime], place: str = "") -> ExplanationRequest:
    """The expert proposes one to five meeting times (and where, or a video link)."""
    if actor.pk != req.expert_id:
        raise DomainError(_("Only the assigned expert proposes times."), code="not_expert")
    if req.status not in (ExplanationStatus.ASSIGNED, ExplanationStatus.PROPOSED):
        raise DomainError(_("Times can be proposed only before the meeting is scheduled."), code="closed")
    times = sorted({t for t in times if t is not None})
    if not 1 <= len(times) <= MAX_PROPOSED_TIMES:
        raise DomainError(_("Propose between one and five times."), code="times_count")
    if any(t <= timezone.now() for t in times):
        raise DomainError(_("Propose times in the future."), code="times_past")
    with transaction.atomic():
        req.proposed_times = [t.astimezone(datetime.UTC).isoformat() for t in times]
        req.meeting_place = (place or "").strip()
        req.status = ExplanationStatus.PROPOSED
        req.save(update_fields=["proposed_times", "meeting_place", "status"])
        audit_record(actor=actor, verb="explanation.proposed", target=req.idea,
                     data={"request": req.pk, "times": req.proposed_times})
        notify([req.requested_by], "explanation_proposed",
               params={"idea": req.idea.title, "person": actor.display_name}, url=_explanation_url(req))
    return req


def proposed_datetimes(req) -> list[datetime.datetime]:
    return [datetime.datetime.fromisoformat(t) for t in req.proposed_times]


def explanation_confirm(req, *, actor, at: datetime.datetime) -> ExplanationRequest:
    """The author picks one of the proposed times."""
    if actor.pk != req.requested_by_id:
        raise DomainError(_("Only the idea's author can do this."), code="not_author")
    if req.status != ExplanationStatus.PROPOSED:
        raise DomainError(_("There is no proposed time to confirm."), code="closed")
    if at not in proposed_datetimes(req):
        raise DomainError(_("Choose one of the proposed times."), code="time_unknown")
    with transaction.atomic():
        req.scheduled_at = at
        req.status = ExplanationStatus.SCHEDULED
        req.save(update_fields=["scheduled_at", "status"])
        audit_record(actor=actor, verb="explanation.scheduled", target=req.idea,
                     data={"request": req.pk, "at": at.isoformat()})
        notify([req.expert], "explanation_scheduled",
               params={"idea": req.idea.title, "person": actor.display_name, "when_iso": at.isoformat(),
                       "place": req.meeting_place or "—"},
               url=_explanation_url(req))
    return req


def explanation_complete(req, *, actor, outcome: str) -> ExplanationRequest:
    """The expert records what was said and agreed."""
    outcome = (outcome or "").strip()
    if actor.pk != req.expert_id:
        raise DomainError(_("Only the assigned expert records the outcome."), code="not_expert")
    if req.status != ExplanationStatus.SCHEDULED:
        raise DomainError(_("The meeting must be scheduled before its outcome is recorded."), code="closed")
    if not outcome:
        raise DomainError(_("Write down what was explained and agreed."), code="outcome_required")
    with transaction.atomic():
        req.outcome, req.status, req.completed_at = outcome, ExplanationStatus.DONE, timezone.now()
        req.save(update_fields=["outcome", "status", "completed_at"])
        audit_record(actor=actor, verb="explanation.done", target=req.idea, data={"request": req.pk})
        notify([req.requested_by], "explanation_done",
               params={"idea": req.idea.title, "person": actor.display_name, "outcome": outcome},
               url=_explanation_url(req))
    return req


def explanation_cancel(req, *, actor) -> ExplanationRequest:
    """The author no longer needs the meeting."""
    if actor.pk != req.requested_by_id:
        raise DomainError(_("Only the idea's author can do this."), code="not_author")
    if req.status not in OPEN_EXPLANATION:
        raise DomainError(_("This explanation is already closed."), code="closed")
    with transaction.atomic():
        req.status = ExplanationStatus.CANCELLED
        req.save(update_fields=["status"])
        audit_record(actor=actor, verb="explanation.cancelled", target=req.idea, data={"request": req.pk})
        if req.expert_id:
            notify([req.expert], "explanation_cancelled",
                   params={"idea": req.idea.title, "person": actor.display_name}, url=_explanation_url(req))
    return req


# Appeals ----------------------------------------------------------------------------------

def _appeal_url(appeal) -> str:
    return reverse("realization:appeal", args=[appeal.idea.organization.slug, appeal.pk])


def appeal_candidates(appeal_or_decision, *, exclude=()) -> list:
    """Executives who may review: not the one who decided, not the author; the least loaded
    (fewest open appeals) first."""
    decision = getattr(appeal_or_decision, "decision", appeal_or_decision)
    idea = decision.idea
    excluded = {decision.decided_by_id, idea.author_id, *exclude}
    members = (Membership.objects.filter(organization=idea.organization, role=Role.EXECUTIVE)
               .exclude(user_id__in=excluded).select_related("user"))
    users = {m.user_id: m.user for m in members}
    load = dict(Appeal.objects.filter(reviewer_id__in=users, status=AppealStatus.OPEN)
                .values_list("reviewer_id").annotate(n=Count("id")).values_list("reviewer_id", "n"))
    return [users[pk] for pk in sorted(users, key=lambda pk: (load.get(pk, 0), pk))]


def appeal_file(idea, *, actor, grounds: str, now=None) -> Appeal:
    """The author appeals, once, within the organization's appeal period after the
    rejection was released. It goes to the least-loaded executive other than the one who
    decided; when there is none, the managers are told to name one."""
    decision = _rejection_of(idea, actor)
    grounds = (grounds or "").strip()
    now = now or timezone.now()
    if not grounds:
        raise DomainError(_("Say why the decision should change."), code="grounds_required")
    if now > appeal_deadline(decision):
        raise DomainError(_("The period to appeal this decision has ended."), code="appeal_closed")
    candidates = appeal_candidates(decision)
    reviewer = candidates[0] if candidates else None
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(idea=idea, decision=decision, appellant=actor, grounds=grounds,
                                           reviewer=reviewer)
            audit_record(actor=actor, verb="appeal.filed", target=idea,
                         data={"appeal": appeal.pk, "reviewer": reviewer.pk if reviewer else None})
            params = {"idea": idea.title, "person": actor.display_name}
            notify([actor], "appeal_received", params=params, url=_idea_url(idea))
            if reviewer is not None:
                notify([reviewer], "appeal_assigned", params=params, url=_appeal_url(appeal))
            else:
                managers = [m.user for m in Membership.objects.filter(
                    organization=idea.organization, role__in=[Role.ORG_ADMIN, Role.PROGRAM_MANAGER]
                ).select_related("user")]
                notify(managers, "appeal_unassigned", params=params, url=_appeal_url(appeal))
    except IntegrityError as exc:
        raise DomainError(_("An idea can be appealed only once."), code="already_appealed") from exc
    return appeal


def appeal_assign(appeal, *, actor, reviewer) -> Appeal:
    """A manager names the reviewing executive (another than the one who decided)."""
    if appeal.status != AppealStatus.OPEN:
        raise DomainError(_("This appeal was already decided."), code="closed")
    allowed = {u.pk for u in appeal_candidates(appeal)}
    if not allowed:
        raise DomainError(_("No executive other than the one who decided can review this appeal. Give a "
                            "second person the executive role first."), code="no_other_executive")
    if reviewer is None or reviewer.pk not in allowed:
        raise DomainError(_("Choose an executive other than the one who decided."), code="same_executive")
    with transaction.atomic():
        appeal.reviewer = reviewer
        appeal.save(update_fields=["reviewer"])
        audit_record(actor=actor, verb="appeal.assigned", target=appeal.idea,
                     data={"appeal": appeal.pk, "reviewer": reviewer.pk})
        notify([reviewer], "appeal_assigned",
               params={"idea": appeal.idea.title, "person": appeal.appellant.display_name},
               url=_appeal_url(appeal))
    return appeal


def appeal_decide(appeal, *, actor, overturn: bool, explanation: str, kind: str = "", department=None,
                  revisit_on=None, revisit_condition: str = "") -> Appeal:
    """The reviewing executive upholds the rejection or overturns it (accepting, with a
    department, or parking); either way the result is explained, and final."""
    from .services import _apply, _checked

    explanation = (explanation or "").strip()
    if appeal.reviewer_id != actor.pk:
        raise DomainError(_("Only the executive reviewing the appeal decides it."), code="not_reviewer")
    if appeal.status != AppealStatus.OPEN:
        raise DomainError(_("This appeal was already decided; its result is final."), code="closed")
    if not explanation:
        raise DomainError(_("Explain the result: the author reads it."), code="explanation_required")
    idea = appeal.idea
    with transaction.atomic():
        appeal.explanation, appeal.decided_at = explanation, timezone.now()
        if overturn:
            if kind not in (DecisionKind.ACCEPT, DecisionKind.PARK):
                raise DomainError(_("Overturning means accepting or parking the idea."), code="kind_required")
            kind = DecisionKind(kind)
            reason, _r, _c, revisit_on, revisit_condition = _checked(
                idea, kind=kind, reason=explanation, department=department, reasons=(), criteria=(),
                revisit_on=revisit_on, revisit_condition=revisit_condition)
            decision = Decision.objects.create(
                idea=idea, kind=kind, reason=reason, department=department if kind == DecisionKind.ACCEPT else None,
                decided_by=actor, released_at=timezone.now(), revisit_on=revisit_on,
                revisit_condition=revisit_condition, revisit_owner=actor if kind == DecisionKind.PARK else None)
            idea.refresh_from_db(fields=["state"])
            if idea.state != IdeaState.IN_EXECUTIVE_REVIEW:  # revived meanwhile: already back before the board
                idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=actor, reason=explanation,
                                data={"appeal": appeal.pk})
            _apply(decision, actor=actor, tell_author=False)
            appeal.status, appeal.result_decision = AppealStatus.OVERTURNED, decision
        else:
            appeal.status = AppealStatus.UPHELD
        appeal.save(update_fields=["explanation", "decided_at", "status", "result_decision"])
        audit_record(actor=actor, verb="appeal.decided", target=idea,
                     data={"appeal": appeal.pk, "status": appeal.status})
        params = {"idea": idea.title, "explanation": explanation,
                  "decision_value": appeal.result_decision.kind if appeal.result_decision else DecisionKind.REJECT,
                  "decision": ""}
        notify([appeal.appellant], "appeal_overturned" if overturn else "appeal_upheld", params=params,
               url=_idea_url(idea))
    return appeal


def open_appeals_for(user, organization):
    """The appeals a person reviews, and (for managers) the ones waiting for a reviewer."""
    from cocreate.organizations.rules import is_program_manager

    qs = Appeal.objects.filter(idea__organization=organization).select_related(
        "idea", "idea__organization", "appellant", "reviewer", "decision", "decision__decided_by")
    mine = Q(reviewer=user)
    if is_program_manager(user, organization):
        mine |= Q(reviewer__isnull=True)
    return qs.filter(mine).order_by("status", "-created_at", "-id")


def explanations_for(user, organization):
    """Explanations a person handles: as expert, and (for executives and managers) all of the
    organization's."""
    from cocreate.organizations.rules import is_executive, is_program_manager

    qs = ExplanationRequest.objects.filter(idea__organization=organization).select_related(
        "idea", "idea__organization", "requested_by", "expert", "department")
    if not (is_executive(user, organization) or is_program_manager(user, organization)):
        qs = qs.filter(expert=user)
    return qs.order_by("-created_at", "-id")


def author_panel(user, idea) -> dict:
    """What the idea page shows its author about the decision in force: the reasons in the
    reader's language, the criteria concerned, and where explanation and appeal stand.
    Staff who may see scores see it too (without the author's buttons)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    is_author = idea.author_id == user.pk
    if not (is_author or user.has_perm("evaluation.view_scores", idea)):
        return {}
    decision = decision_in_force(idea)
    if decision is None:
        return {}
    reasons = list(decision.reason_templates.all())
    criteria = list(decision.criteria.all())
    explanation = ExplanationRequest.objects.filter(decision=decision).select_related("expert").first()
    appeal = Appeal.objects.filter(idea=idea).select_related("reviewer").first()
    rejected = decision.kind == DecisionKind.REJECT and idea.state == IdeaState.REJECTED
    deadline = appeal_deadline(decision) if rejected else None
    return {"fair": {
        "decision": decision, "reasons": reasons, "criteria": criteria, "explanation": explanation,
        "appeal": appeal, "deadline": deadline, "is_author": is_author,
        "can_request_explanation": is_author and rejected
        and (explanation is None or explanation.status == ExplanationStatus.CANCELLED),
        "can_appeal": is_author and rejected and appeal is None and timezone.now() <= deadline,
        "can_revive_into": user.has_perm("realization.revive_into", idea),
    }}
