"""What became of an accepted idea: the department's progress, visible to the author."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.services import idea_transition
from cocreate.notifications.services import notify

from .models import Outcome, OutcomeUpdate


def outcome_open(idea, *, department, actor) -> Outcome:
    """The outcome of an accepted idea; reopening after a revival keeps the same record."""
    outcome, created = Outcome.objects.get_or_create(idea=idea, defaults={"department": department})
    if not created and outcome.department_id != department.pk:
        outcome.department = department
        outcome.save(update_fields=["department", "updated_at"])
    audit_record(actor=actor, verb="outcome.opened", target=outcome, organization=idea.organization,
                 data={"department": department.pk})
    return outcome


def outcome_update(outcome: Outcome, *, actor, text: str, progress: int) -> OutcomeUpdate:
    """Post progress. The first update starts implementation; 100 % completes it. Progress
    may go down (plans change) but the author is always told."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe the progress."), code="text_required")
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        raise DomainError(_("Progress must be a whole number from 0 to 100."), code="progress") from None
    if not 0 <= progress <= 100:
        raise DomainError(_("Progress must be a whole number from 0 to 100."), code="progress")
    idea = outcome.idea
    if idea.state not in (IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED):
        raise DomainError(_("Only accepted ideas have progress to report."), code="not_accepted")
    with transaction.atomic():
        update = OutcomeUpdate.objects.create(outcome=outcome, author=actor, text=text, progress=progress)
        outcome.progress = progress
        outcome.save(update_fields=["progress", "updated_at"])
        if idea.state == IdeaState.ACCEPTED:
            idea_transition(idea, IdeaState.IN_IMPLEMENTATION, actor=actor)
        if progress == 100 and idea.state == IdeaState.IN_IMPLEMENTATION:
            idea_transition(idea, IdeaState.IMPLEMENTED, actor=actor)
        audit_record(actor=actor, verb="outcome.updated", target=outcome, organization=idea.organization,
                     data={"progress": progress})
        notify([idea.author], "outcome_progress",
               params={"idea": idea.title, "progress": progress, "text": text[:500],
                       "department": outcome.department.name},
               url=reverse("ideas:mine"))
    return update
