"""Executive decisions: accept (forwarded to a department), park (with a date or a condition
to look again), or reject with reasons. A decision is either released at once or staged, to
be released together with the others at the end of a round; only a released decision
changes the idea and reaches its author.

The fair-rejection steps (explanations, appeals) live in ``fairness.py``, revival into a new
program in ``revival.py``; forwarding and concepts in their own modules."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.core.services import audit_record
from cocreate.ideas.enums import TRANSITIONS, IdeaState
from cocreate.ideas.services import idea_transition
from cocreate.notifications.services import notify
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Membership

from .enums import DecisionKind
from .models import Decision, RejectionReason

_TARGET = {DecisionKind.ACCEPT: IdeaState.ACCEPTED, DecisionKind.PARK: IdeaState.PARKED,
           DecisionKind.REJECT: IdeaState.REJECTED}
# The notification an author receives for each kind of released decision.
NOTIFICATION_OF = {DecisionKind.ACCEPT: "idea_accepted", DecisionKind.PARK: "idea_parked",
                   DecisionKind.REJECT: "idea_rejected"}


def idea_criteria(idea) -> list:
    """The published criteria the idea was judged on (empty for an open-channel idea)."""
    from cocreate.programs.selectors import current_agreement

    agreement = current_agreement(idea.program) if idea.program_id else None
    return list(agreement.criteria.all()) if agreement else []


def _checked(idea, *, kind, reason, department, reasons, criteria, revisit_on, revisit_condition):
    """Validate a decision's parts; returns (reason, reasons, criteria, revisit_condition)."""
    reason = (reason or "").strip()
    revisit_condition = (revisit_condition or "").strip()
    reasons, criteria = list(reasons or []), list(criteria or [])
    if department is not None and department.organization_id != idea.organization_id:
        raise DomainError(_("That department belongs to another organization."), code="wrong_organization")
    if kind == DecisionKind.ACCEPT and department is None:
        raise DomainError(_("Choose the department that will act on the idea."), code="department_required")
    if kind == DecisionKind.REJECT:
        if not reason:
            raise DomainError(_("A rejection needs a reason; the author will read it."), code="reason_required")
        if any(r.organization_id != idea.organization_id or not r.active for r in reasons):
            raise DomainError(_("Choose among the reasons your organization offers."), code="reason_unknown")
        if not reasons and RejectionReason.objects.filter(organization_id=idea.organization_id,
                                                          active=True).exists():
            raise DomainError(_("Choose at least one of the reasons, then explain in your own words."),
                              code="reasons_required")
        allowed = {c.pk for c in idea_criteria(idea)}
        if any(c.pk not in allowed for c in criteria):
            raise DomainError(_("Choose among the criteria the idea was judged on."), code="criterion_unknown")
    else:
        reasons, criteria = [], []
    if kind == DecisionKind.PARK:
        if revisit_on is not None and revisit_on < timezone.localdate():
            raise DomainError(_("The date to look again must not be in the past."), code="revisit_in_past")
        if revisit_on is None and not revisit_condition:
            if not reason:
                raise DomainError(_("Say when to look at the idea again: a date, a condition, or both."),
                                  code="revisit_required")
            revisit_condition = reason  # the reason given for waiting is the condition to look again
    else:
        revisit_on, revisit_condition = None, ""
    return reason, reasons, criteria, revisit_on, revisit_condition


def idea_decide(idea, *, actor, kind: str, reason: str = "", department=None, reasons=(), criteria=(),
                revisit_on: datetime.date | None = None, revisit_condition: str = "", revisit_owner=None,
                stage: bool = False, seen_state: str | None = None) -> Decision:
    """Decide on an idea. A rejection says why (the organization's reasons and free text the
    author reads, and the criteria concerned); an acceptance names the department that will
    act; parking says when to look again and who is reminded (the deciding executive unless
    someone else is named). ``stage`` keeps the decision unreleased: the idea and its author
    see nothing until the round's decisions are released together; one staged decision per
    idea (a new one replaces it). ``seen_state`` (the state shown to the executive) refuses a
    decision taken on a stale page."""
    kind = DecisionKind(kind)
    # An idea that cannot take this decision hears that first, before any detail of the form.
    _check_can_become(idea, _TARGET[kind], seen_state)
    reason, reasons, criteria, revisit_on, revisit_condition = _checked(
        idea, kind=kind, reason=reason, department=department, reasons=reasons, criteria=criteria,
        revisit_on=revisit_on, revisit_condition=revisit_condition)
    owner = (revisit_owner or actor) if kind == DecisionKind.PARK else None
    with transaction.atomic():
        if stage:
            Decision.objects.filter(idea=idea, released_at__isnull=True).delete()
        decision = Decision.objects.create(
            idea=idea, kind=kind, reason=reason, department=department if kind == DecisionKind.ACCEPT else None,
            decided_by=actor, released_at=None if stage else timezone.now(),
            revisit_on=revisit_on, revisit_condition=revisit_condition, revisit_owner=owner,
        )
        if reasons:
            decision.reason_templates.set(reasons)
        if criteria:
            decision.criteria.set(criteria)
        if stage:
            audit_record(actor=actor, verb="decision.staged", target=idea,
                         data={"decision": decision.pk, "kind": kind.value})
        else:
            # A decision taken now supersedes one waiting for the round's release.
            Decision.objects.filter(idea=idea, released_at__isnull=True).exclude(pk=decision.pk).delete()
            _apply(decision, actor=actor, seen_state=seen_state)
    return decision


def _check_can_become(idea, target, seen_state) -> None:
    """The checks idea_transition makes, for a decision that does not move the idea yet."""
    idea.refresh_from_db(fields=["state"])
    source = IdeaState(idea.state)
    if seen_state and source != IdeaState(seen_state):
        raise TransitionNotAllowed(
            _("Someone changed this idea meanwhile: it is now “%(source)s”. Look at it again before deciding."),
            params={"source": source.label},
        )
    if target not in TRANSITIONS[source]:
        raise TransitionNotAllowed(_("An idea that is “%(source)s” cannot become “%(target)s”."),
                                   params={"source": source.label, "target": IdeaState(target).label})


def decision_params(decision) -> dict:
    """What the author's notification says: the reasons travel in both languages and are
    shown in the reader's (notifications.kinds._localise)."""
    idea = decision.idea
    templates = list(decision.reason_templates.all())
    params = {"idea": idea.title, "decision_value": decision.kind, "decision": str(decision.get_kind_display()),
              "reason": decision.reason if decision.reason != decision.revisit_condition else "",
              "revisit_on": "—",
              "reasons_en": "\n".join(f"- {r.text_en}" for r in templates),
              "reasons_ko": "\n".join(f"- {r.text_ko}" for r in templates),
              "condition": decision.revisit_condition or "—",
              "department": decision.department.name if decision.department_id else ""}
    if decision.kind == DecisionKind.REJECT and decision.released_at:
        from .fairness import appeal_deadline

        params["deadline_date_iso"] = timezone.localdate(appeal_deadline(decision)).isoformat()
        params["days"] = idea.organization.appeal_period_days
    if decision.revisit_on:
        params["revisit_date_iso"] = decision.revisit_on.isoformat()
    return params


def _apply(decision, *, actor, seen_state=None, tell_author: bool = True) -> None:
    """Make a released decision take effect: the idea moves, its author is told, and an
    accepted idea opens an outcome and reaches the department's internal partners."""
    from cocreate.retention.services import outcome_open

    idea, kind = decision.idea, DecisionKind(decision.kind)
    department = decision.department
    idea_transition(idea, _TARGET[kind], actor=actor, reason=decision.reason, expected_from=seen_state,
                    data={"department": department.pk if department else None, "decision": decision.pk,
                          "decided_by": decision.decided_by_id})
    if tell_author:
        notify([idea.author], NOTIFICATION_OF[kind], params=decision_params(decision),
               url=reverse("ideas:detail", args=[idea.organization.slug, idea.pk]))
    if kind == DecisionKind.ACCEPT:
        outcome_open(idea, department=department, actor=actor)
        partners = [m.user for m in Membership.objects.filter(
            organization=idea.organization, role=Role.INTERNAL_PARTNER, department=department
        ).select_related("user")]
        notify(partners, "idea_forwarded", params={"idea": idea.title, "department": department.name},
               url=reverse("ideas:detail", args=[idea.organization.slug, idea.pk]))


def staged_decisions(organization, *, program_id: int | None = None):
    """The decisions waiting for release in an organization, oldest first."""
    qs = (Decision.objects.filter(idea__organization=organization, released_at__isnull=True)
          .select_related("idea", "idea__program", "idea__mission", "idea__author", "idea__organization",
                          "department", "decided_by", "revisit_owner")
          .prefetch_related("reason_templates", "criteria")
          .order_by("decided_at", "id"))
    if program_id:
        qs = qs.filter(idea__program_id=program_id)
    return qs


def decisions_release(organization, *, actor, program_id: int | None = None) -> tuple[int, list]:
    """Release every staged decision (of one program when given) in one transaction: each
    idea moves and each author is told. Idempotent: a released decision is not released
    again. A decision whose idea has moved since it was staged (another executive decided
    meanwhile) stays staged and is returned, so that someone looks at it again."""
    released, stale = 0, []
    with transaction.atomic():
        locked = Decision.objects.select_for_update(of=("self",)).filter(
            idea__organization=organization, released_at__isnull=True)
        if program_id:
            locked = locked.filter(idea__program_id=program_id)
        pks = list(locked.values_list("pk", flat=True))
        now = timezone.now()
        for decision in staged_decisions(organization).filter(pk__in=pks):
            try:
                with transaction.atomic():
                    Decision.objects.filter(pk=decision.pk).update(released_at=now)
                    decision.released_at = now
                    _apply(decision, actor=actor)
            except DomainError:
                decision.released_at = None
                stale.append(decision)
                continue
            released += 1
        if released:
            audit_record(actor=actor, verb="decision.released", target=organization, organization=organization,
                         data={"count": released, "program": program_id})
    return released, stale


def decision_withdraw(decision, *, actor) -> None:
    """Take back a staged decision; a released one is history and stays."""
    with transaction.atomic():
        deleted, _rows = Decision.objects.filter(pk=decision.pk, released_at__isnull=True).delete()
        if not deleted:
            raise DomainError(_("This decision was already released; it can no longer be withdrawn."),
                              code="already_released")
        audit_record(actor=actor, verb="decision.withdrawn", target=decision.idea,
                     data={"kind": decision.kind})


def idea_revive(idea, *, actor, reason: str = "") -> None:
    """Bring a parked or rejected idea back before the board; its history stays."""
    idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=actor, reason=reason, data={"revived": True})


# Rejection reason templates ------------------------------------------------------------------

SUGGESTED_REASONS = [
    ("It does not fit our current strategy or product range.",
     "현재 전략이나 제품군과 맞지 않습니다."),
    ("The cost to make it would be too high for now.",
     "지금은 실현 비용이 너무 높습니다."),
    ("We are already working on something very similar.",
     "이미 매우 비슷한 일을 진행하고 있습니다."),
    ("It is not feasible with our technology or partners today.",
     "현재 기술이나 협력사로는 실현하기 어렵습니다."),
    ("The evaluation on the published criteria was not high enough this time.",
     "이번에는 공개된 기준에 따른 평가 점수가 충분히 높지 않았습니다."),
]


def _reason_texts(text_en: str, text_ko: str) -> tuple[str, str]:
    text_en, text_ko = (text_en or "").strip(), (text_ko or "").strip()
    if not text_en or not text_ko:
        raise DomainError(_("Write the reason in both English and Korean: every author reads it in their "
                            "own language."), code="both_languages")
    return text_en, text_ko


def reason_create(organization, *, actor, text_en: str, text_ko: str) -> RejectionReason:
    text_en, text_ko = _reason_texts(text_en, text_ko)
    last = RejectionReason.objects.filter(organization=organization).order_by("-order").first()
    with transaction.atomic():
        reason = RejectionReason.objects.create(organization=organization, text_en=text_en, text_ko=text_ko,
                                                order=(last.order + 1) if last else 0)
        audit_record(actor=actor, verb="rejection_reason.created", target=reason)
    return reason


def reason_update(reason, *, actor, text_en: str, text_ko: str, active: bool | None = None) -> RejectionReason:
    reason.text_en, reason.text_ko = _reason_texts(text_en, text_ko)
    if active is not None:
        reason.active = active
    with transaction.atomic():
        reason.save(update_fields=["text_en", "text_ko", "active"])
        audit_record(actor=actor, verb="rejection_reason.changed", target=reason,
                     data={"active": reason.active})
    return reason


def reason_set_active(reason, *, actor, active: bool) -> RejectionReason:
    """Deactivated reasons are no longer offered; decisions that cited them keep them."""
    with transaction.atomic():
        reason.active = active
        reason.save(update_fields=["active"])
        audit_record(actor=actor, verb="rejection_reason.changed", target=reason, data={"active": active})
    return reason


def reason_move(reason, *, actor, step: int) -> None:
    """Move a reason up (-1) or down (+1) in the order executives see."""
    with transaction.atomic():
        ordered = list(RejectionReason.objects.select_for_update().filter(organization_id=reason.organization_id))
        index = next(i for i, r in enumerate(ordered) if r.pk == reason.pk)
        other = index + (1 if step > 0 else -1)
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, r in enumerate(ordered):
            if r.order != position:
                r.order = position
        RejectionReason.objects.bulk_update(ordered, ["order"])


def reasons_add_suggested(organization, *, actor) -> int:
    """Add the suggested respectful reasons the organization does not have yet; returns how many."""
    existing = set(RejectionReason.objects.filter(organization=organization).values_list("text_en", flat=True))
    added = 0
    for text_en, text_ko in SUGGESTED_REASONS:
        if text_en not in existing:
            reason_create(organization, actor=actor, text_en=text_en, text_ko=text_ko)
            added += 1
    return added
