from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.ideas.services import idea_transition
from cocreate.programs.selectors import current_agreement

from .models import Score


def scores_submit(idea, *, judge, values: dict[int, int]) -> list[Score]:
    """Set a judge's scores for an idea, one per criterion id. Scoring again replaces the
    judge's earlier values (one row per judge and criterion, enforced by the database), so a
    resubmitted form never counts twice. The first score moves a submitted idea into
    evaluation."""
    agreement = current_agreement(idea.program) if idea.program_id else None
    if agreement is None:
        raise DomainError(_("This idea has no published evaluation criteria."), code="no_criteria")
    criteria = {c.id: c for c in agreement.criteria.all()}
    unknown = set(values) - set(criteria)
    if unknown:
        raise DomainError(_("Score only the published criteria."), code="unknown_criterion")
    for cid, value in values.items():
        c = criteria[cid]
        if value is None or not 0 <= int(value) <= c.scale_max:
            raise DomainError(
                _("The score for “%(criterion)s” must be between 0 and %(max)s."),
                params={"criterion": c.name, "max": c.scale_max}, code="score_range",
            )
    with transaction.atomic():
        # Lock the idea and read its state afresh: two judges saving at once must not both try
        # to open the evaluation, and a decision taken since the form was shown wins.
        state = Idea.objects.select_for_update().filter(pk=idea.pk).values_list("state", flat=True).first()
        if state not in (IdeaState.SUBMITTED, IdeaState.IN_EVALUATION):
            raise DomainError(_("This idea is no longer being evaluated; your scores were not saved."),
                              code="not_scorable")
        idea.state = state
        if state == IdeaState.SUBMITTED:
            idea_transition(idea, IdeaState.IN_EVALUATION, actor=judge)
        saved = []
        for cid, value in values.items():
            score, _created = Score.objects.update_or_create(
                idea=idea, judge=judge, criterion_id=cid, defaults={"value": int(value)}
            )
            saved.append(score)
        audit_record(actor=judge, verb="idea.scored", target=idea,
                     data={"scores": {str(k): int(v) for k, v in values.items()}})
    return saved


def scores_follow_criteria(mapping: dict[int, int]) -> int:
    """Move judges' scores from a superseded version's criteria to the same criteria (same
    name and scale) of the version now in force, ``{old criterion id: new criterion id}``, so a
    new version of the agreement never silently drops the evaluation done so far. Called by
    ``programs.services.agreement_publish`` in its transaction; returns how many scores moved."""
    moved = 0
    for old, new in mapping.items():
        moved += Score.objects.filter(criterion_id=old).update(criterion_id=new)
    return moved
