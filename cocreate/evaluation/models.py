"""R4 evaluation: judges' scores on the agreement's published criteria."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from cocreate.ideas.enums import VoteStatus


class Score(models.Model):
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey("programs.Criterion", on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    # Optional per criterion; the author reads it (without the judge's name) after the
    # decision when the agreement says so.
    comment = models.TextField(_("comment"), blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["idea", "judge", "criterion"], name="uniq_score")]

    def __str__(self):
        return f"{self.judge} {self.criterion_id}={self.value}"


class JudgeAssignment(models.Model):
    """A judge asked to score an idea by a due date, by the manager or by the balanced
    automatic assignment."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="judge_assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge_assignments")
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        constraints = [models.UniqueConstraint(fields=["idea", "judge"], name="uniq_judge_assignment")]

    def __str__(self):
        return f"{self.judge} → {self.idea_id}"


class JudgeConflict(models.Model):
    """A judge's declared conflict of interest with a person: the judge is never assigned to,
    and may not score, that person's ideas."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="judge_conflicts")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts_declared")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="conflicts_with")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["organization", "judge", "person"], name="uniq_judge_conflict"),
        ]

    def __str__(self):
        return f"{self.judge} ≠ {self.person}"


class VoteFlag(models.Model):
    """A burst of votes (supports, ratings or pairwise choices) from new accounts, held for a
    person to count or exclude. Nothing is dropped silently."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("Supports")
        RATING = "rating", _("Ratings")
        PAIRWISE = "pairwise", _("Pairwise votes")

    class Resolution(models.TextChoices):
        OPEN = "open", pgettext_lazy("vote flag", "Waiting for review")
        COUNTED = "counted", pgettext_lazy("vote flag", "Counted")
        EXCLUDED = "excluded", pgettext_lazy("vote flag", "Excluded")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="vote_flags")
    program = models.ForeignKey("programs.Program", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="vote_flags")
    idea = models.ForeignKey("ideas.Idea", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="vote_flags")
    kind = models.CharField(max_length=16, choices=Kind)
    reason = models.TextField(_("why it was flagged"))
    resolution = models.CharField(max_length=16, choices=Resolution, default=Resolution.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("flagged votes")
        verbose_name_plural = _("flagged votes")

    def __str__(self):
        return f"{self.kind} {self.idea_id}: {self.resolution}"


class CrowdRating(models.Model):
    """One person's 0-5 rating of an idea, when the agreement's crowd vote comes from ratings."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="crowd_ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crowd_ratings")
    value = models.PositiveSmallIntegerField(_("rating"))
    status = models.CharField(max_length=16, choices=VoteStatus, default=VoteStatus.COUNTED)
    flag = models.ForeignKey(VoteFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="ratings")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="uniq_crowd_rating"),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="crowd_rating_range"),
        ]

    def __str__(self):
        return f"{self.user} · {self.idea_id}: {self.value}"


class PairwiseVote(models.Model):
    """One answer to "which of these two is better?" within a program. ``idea_a`` has the
    smaller id, so a person answers each pair once whichever side it was shown on; no winner
    means "I can't decide" (recorded, so the pair is not shown again, but not counted)."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="pairwise_votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairwise_votes")
    idea_a = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    idea_b = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    winner = models.ForeignKey("ideas.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=VoteStatus, default=VoteStatus.COUNTED)
    flag = models.ForeignKey(VoteFlag, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="pairwise_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        verbose_name = _("pairwise vote")
        verbose_name_plural = _("pairwise votes")
        constraints = [
            models.UniqueConstraint(fields=["voter", "idea_a", "idea_b"], name="uniq_pairwise_vote"),
            models.CheckConstraint(condition=models.Q(idea_a__lt=models.F("idea_b")), name="pairwise_ordered"),
            models.CheckConstraint(
                condition=models.Q(winner__isnull=True) | models.Q(winner=models.F("idea_a"))
                | models.Q(winner=models.F("idea_b")),
                name="pairwise_winner_in_pair",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self):
        return f"{self.idea_a_id} vs {self.idea_b_id}: {self.winner_id}"


class PairwiseTally(models.Model):
    """How many answers (any status, "I can't decide" included) an idea has had in a program's
    pairwise voting: the next pair starts from the idea compared least, and counting a million
    answers on every answer was too slow. Kept with each answer in the same transaction
    (``pairwise_votes.pairwise_vote``); ``pairwise_tallies_rebuild`` recomputes it from the rows."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    answers = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        verbose_name = _("pairwise tally")
        verbose_name_plural = _("pairwise tallies")
        constraints = [models.UniqueConstraint(fields=["program", "idea"], name="uniq_pairwise_tally")]

    def __str__(self):
        return f"{self.program_id} · {self.idea_id}: {self.answers}"
