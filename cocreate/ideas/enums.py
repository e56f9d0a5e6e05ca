"""The one idea lifecycle. Both doors (open channel and missions) lead into it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IdeaState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("idea state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("idea state", "Submitted")
    IN_EVALUATION = "in_evaluation", pgettext_lazy("idea state", "In evaluation")
    IN_EXECUTIVE_REVIEW = "in_executive_review", pgettext_lazy("idea state", "In executive review")
    ACCEPTED = "accepted", pgettext_lazy("idea state", "Accepted")
    IN_IMPLEMENTATION = "in_implementation", pgettext_lazy("idea state", "In implementation")
    IMPLEMENTED = "implemented", pgettext_lazy("idea state", "Implemented")
    PARKED = "parked", pgettext_lazy("idea state", "Parked")
    REJECTED = "rejected", pgettext_lazy("idea state", "Rejected")

    @classmethod
    def decidable(cls) -> frozenset["IdeaState"]:
        """States from which an executive may accept, park or reject: every idea that was
        submitted and not yet decided reaches the board, whether or not it was scored."""
        return frozenset({cls.SUBMITTED, cls.IN_EVALUATION, cls.IN_EXECUTIVE_REVIEW, cls.PARKED})


S = IdeaState
# Rejected and parked ideas are kept and can be revived into executive review.
TRANSITIONS: dict[IdeaState, frozenset[IdeaState]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.IN_EVALUATION, S.IN_EXECUTIVE_REVIEW, S.ACCEPTED, S.PARKED, S.REJECTED}),
    S.IN_EVALUATION: frozenset({S.IN_EXECUTIVE_REVIEW, S.ACCEPTED, S.PARKED, S.REJECTED}),
    S.IN_EXECUTIVE_REVIEW: frozenset({S.ACCEPTED, S.PARKED, S.REJECTED}),
    S.ACCEPTED: frozenset({S.IN_IMPLEMENTATION}),
    S.IN_IMPLEMENTATION: frozenset({S.IMPLEMENTED}),
    S.IMPLEMENTED: frozenset(),
    S.PARKED: frozenset({S.IN_EXECUTIVE_REVIEW, S.ACCEPTED, S.REJECTED}),
    S.REJECTED: frozenset({S.IN_EXECUTIVE_REVIEW}),
}

# States in which the idea is visible on the board and to the public (drafts are private).
PUBLISHED_STATES = frozenset(set(IdeaState) - {S.DRAFT})


class Channel(models.TextChoices):
    OPEN = "open", _("Open channel")
    MISSION = "mission", _("Mission")


class VoteStatus(models.TextChoices):
    """A crowd vote (support, rating, pairwise choice) counts unless a burst of votes from new
    accounts held it for a person to look at; held votes are shown, never silently dropped."""

    COUNTED = "counted", pgettext_lazy("vote status", "Counted")
    HELD = "held", pgettext_lazy("vote status", "Held for review")
    EXCLUDED = "excluded", pgettext_lazy("vote status", "Excluded")
