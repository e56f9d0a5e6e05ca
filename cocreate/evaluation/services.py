from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.ideas.services import idea_transition
from cocreate.programs.selectors import current_agreement

from .models import Score
from .services_judging import (  # noqa: F401  (the judging services live beside, re-exported here)
    assignment_add,
    assignment_remove,
    assignments_auto,
    conflict_declare,
    conflict_withdraw,
    has_conflict,
)

COMMENT_MAX = 2000


def scores_submit(idea, *, judge, values: dict[int, int], comments: dict[int, str] | None = None) -> list[Score]:
    """Set a judge's scores for an idea, one per criterion id, each with an optional comment
    (``comments``, by criterion id; when given, a criterion left out has no comment; when
    None, the comments already written stay). Scoring again
    replaces the judge's earlier values and comments (one row per judge and criterion, enforced
    by the database), so a resubmitted form never counts twice. The first score moves a
    submitted idea into evaluation. A judge who declared a conflict of interest with one of the
    idea's authors is refused."""
    agreement = current_agreement(idea.program) if idea.program_id else None
    if agreement is None:
        raise DomainError(_("This idea has no published evaluation criteria."), code="no_criteria")
    if has_conflict(judge, idea):
        raise DomainError(_("You declared a conflict of interest with an author of this idea, so you do not "
                            "score it."), code="conflict_of_interest")
    # The participants' vote criterion comes from the crowd (agreement.crowd_source), never
    # from judges, so it is not on the scorecard.
    criteria = {c.id: c for c in agreement.criteria.all() if not c.is_crowd_vote}
    keep_comments = comments is None
    comments = {int(k): (v or "").strip() for k, v in (comments or {}).items()}
    unknown = (set(values) | set(comments)) - set(criteria)
    if unknown:
        raise DomainError(_("Score only the published criteria."), code="unknown_criterion")
    if any(len(v) > COMMENT_MAX for v in comments.values()):
        raise DomainError(_("Keep each comment under %(max)s characters."), params={"max": COMMENT_MAX},
                          code="comment_length")
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
                idea=idea, judge=judge, criterion_id=cid,
                defaults={"value": int(value)} | ({} if keep_comments else {"comment": comments.get(cid, "")}),
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
