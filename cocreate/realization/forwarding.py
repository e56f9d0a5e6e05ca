"""Forwarding accepted ideas to a department: an owner there, a due date and a note; the
owner and the department's internal partners are told, the department acknowledges
receipt, and the author follows the hand-off as progress on the idea."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.notifications.services import notify
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Membership

from .models import Forwarding

FORWARDABLE = (IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED)


def owner_candidates(organization):
    """Who may own a forwarding: any member of the organization (a person with a role in it)."""
    from cocreate.accounts.models import User

    return User.objects.filter(memberships__organization=organization).distinct().order_by("name", "id")


def _check(organization, department, owner, due_on: date) -> None:
    if department is None or department.organization_id != organization.pk:
        raise DomainError(_("Choose one of the organization's departments."), code="department_unknown")
    if owner is None or not Membership.objects.filter(organization=organization, user=owner).exists():
        raise DomainError(_("The owner must be a member of the organization."), code="owner_not_member")
    if due_on is None or due_on < timezone.localdate():
        raise DomainError(_("The due date cannot be in the past."), code="due_in_past")


def _partners(organization, department) -> list:
    return [m.user for m in Membership.objects.filter(
        organization=organization, role=Role.INTERNAL_PARTNER, department=department).select_related("user")]


def forward_ideas(ideas, *, department, owner, due_on: date, note: str = "", actor, concept=None) -> list[Forwarding]:
    """Forward accepted ideas (one or a concept's) to ``department``. Every idea must be
    accepted (or further along); an idea already forwarded to the department and not yet
    acknowledged is skipped, so a repeated click makes no second forwarding."""
    ideas = list(ideas)
    if not ideas:
        raise DomainError(_("There is no accepted idea to forward."), code="nothing_to_forward")
    organization = ideas[0].organization
    _check(organization, department, owner, due_on)
    for idea in ideas:
        if idea.organization_id != organization.pk or idea.state not in FORWARDABLE:
            raise DomainError(_("Only accepted ideas can be forwarded to a department."), code="not_accepted")
    created: list[Forwarding] = []
    with transaction.atomic():
        already = set(Forwarding.objects.filter(idea__in=[i.pk for i in ideas], department=department,
                                                acknowledged_at__isnull=True).values_list("idea_id", flat=True))
        for idea in ideas:
            if idea.pk in already:
                continue
            fw = Forwarding.objects.create(idea=idea, concept=concept, department=department, owner=owner,
                                           due_on=due_on, note=note, created_by=actor)
            created.append(fw)
            audit_record(actor=actor, verb="idea.forwarded", target=idea,
                         data={"forwarding": fw.pk, "department": department.pk, "owner": owner.pk,
                               "due_on": due_on.isoformat()})
        if created:
            url = reverse("realization:forwarded", args=[organization.slug]) + f"?department={department.pk}"
            titles = ", ".join(f.idea.title for f in created[:5]) + ("…" if len(created) > 5 else "")
            notify([owner, *_partners(organization, department)], "forwarding_assigned",
                   params={"ideas": titles, "department": department.name, "deadline_date_iso": due_on.isoformat(),
                           "note": note or "—", "count": len(created)}, url=url)
    return created


def forward_concept(concept, **kwargs) -> list[Forwarding]:
    """Forward every accepted idea of a business concept."""
    ideas = Idea.objects.filter(organization=concept.organization, concept=concept,
                                state__in=FORWARDABLE).select_related("organization")
    return forward_ideas(ideas, concept=concept, **kwargs)


def acknowledge(forwarding, *, actor) -> Forwarding:
    """The department acknowledges receipt (once: a second acknowledgement changes nothing).
    The author is told the idea reached the department."""
    with transaction.atomic():
        n = Forwarding.objects.filter(pk=forwarding.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=actor)
        forwarding.refresh_from_db()
        if n:
            idea = forwarding.idea
            audit_record(actor=actor, verb="forwarding.acknowledged", target=idea,
                         data={"forwarding": forwarding.pk, "department": forwarding.department_id})
            notify([idea.author], "forwarding_acknowledged",
                   params={"idea": idea.title, "department": forwarding.department.name},
                   url=reverse("ideas:detail", args=[idea.organization.slug, idea.pk]))
    return forwarding


def withdraw(forwarding, *, actor) -> None:
    """Withdraw a forwarding not yet acknowledged (recorded in the audit log)."""
    with transaction.atomic():
        audit_record(actor=actor, verb="forwarding.withdrawn", target=forwarding.idea,
                     data={"forwarding": forwarding.pk, "department": forwarding.department_id})
        forwarding.delete()


def forwardings_of(idea):
    return (Forwarding.objects.filter(idea=idea).select_related("department", "owner", "acknowledged_by")
            .order_by("created_at", "id"))


def forwarded_list(organization, *, department_id: int | None = None, open_only: bool = False):
    """Forwardings of the organization (optionally one department's), those waiting for an
    acknowledgement first, the most overdue at the top."""
    from django.db.models import F

    qs = (Forwarding.objects.filter(idea__organization=organization)
          .select_related("idea", "idea__organization", "idea__author", "department", "owner", "acknowledged_by",
                          "concept")
          .order_by(F("acknowledged_at").asc(nulls_first=True), "due_on", "id"))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs


def is_late(forwarding, today=None) -> bool:
    return forwarding.acknowledged_at is None and forwarding.due_on < (today or timezone.localdate())


def idea_panel(user, idea) -> dict:
    """What the idea page adds (H6): an executive's opening is the first look, and the
    author and staff follow the hand-off to departments."""
    from .board import seen_on_open

    seen_on_open(user, idea)
    if not user.has_perm("realization.view_hand_offs", idea):
        return {"forwardings": [], "can_forward": False}
    return {"forwardings": list(forwardings_of(idea)),
            "can_forward": user.has_perm("realization.forward_idea", idea)}
