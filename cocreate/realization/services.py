"""Executive decisions: accept (forwarded to a department), park, or reject with reasons."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.services import idea_transition
from cocreate.notifications.services import notify
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Membership

from .enums import DecisionKind
from .models import Decision

_TARGET = {DecisionKind.ACCEPT: IdeaState.ACCEPTED, DecisionKind.PARK: IdeaState.PARKED,
           DecisionKind.REJECT: IdeaState.REJECTED}


def idea_decide(idea, *, actor, kind: str, reason: str = "", department=None, seen_state: str | None = None
                ) -> Decision:
    """Decide on an idea. A rejection must say why (the author reads it); an acceptance
    names the department that will act and opens an outcome its author can follow.
    ``seen_state`` (the state shown to the executive) refuses a decision taken on a stale page."""
    from cocreate.retention.services import outcome_open

    kind = DecisionKind(kind)
    reason = (reason or "").strip()
    if kind == DecisionKind.REJECT and not reason:
        raise DomainError(_("A rejection needs a reason; the author will read it."), code="reason_required")
    if kind == DecisionKind.ACCEPT and department is None:
        raise DomainError(_("Choose the department that will act on the idea."), code="department_required")
    if department is not None and department.organization_id != idea.organization_id:
        raise DomainError(_("That department belongs to another organization."), code="wrong_organization")
    with transaction.atomic():
        idea_transition(idea, _TARGET[kind], actor=actor, reason=reason, expected_from=seen_state,
                        data={"department": department.pk if department else None})
        decision = Decision.objects.create(
            idea=idea, kind=kind, reason=reason, department=department if kind == DecisionKind.ACCEPT else None,
            decided_by=actor, released_at=timezone.now(),
        )
        notify([idea.author], "idea_decided",
               params={"idea": idea.title, "decision_value": kind.value, "decision": str(kind.label),
                       "reason": reason or "—"},
               url=reverse("ideas:mine"))
        if kind == DecisionKind.ACCEPT:
            outcome_open(idea, department=department, actor=actor)
            partners = [m.user for m in Membership.objects.filter(
                organization=idea.organization, role=Role.INTERNAL_PARTNER, department=department
            ).select_related("user")]
            notify(partners, "idea_forwarded", params={"idea": idea.title, "department": department.name},
                   url=reverse("ideas:detail", args=[idea.organization.slug, idea.pk]))
    return decision


def idea_revive(idea, *, actor, reason: str = "") -> None:
    """Bring a parked or rejected idea back before the board; its history stays."""
    idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=actor, reason=reason, data={"revived": True})
