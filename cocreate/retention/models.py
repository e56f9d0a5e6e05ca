"""R5 retention: what became of an accepted idea, visible to its author."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Outcome(models.Model):
    idea = models.OneToOneField("ideas.Idea", on_delete=models.CASCADE, related_name="outcome")
    department = models.ForeignKey("organizations.Department", on_delete=models.PROTECT, related_name="outcomes")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="outcome_progress_range"),
        ]

    def __str__(self):
        return f"{self.idea} ({self.progress}%)"

    @property
    def organization(self):
        # Role predicates (retention.update_outcome) find the tenant through this.
        return self.idea.organization


class OutcomeUpdate(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("update"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="outcome__idea__organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="outcome_update_progress_range"),
        ]

    def __str__(self):
        return self.text[:50]
