"""R4 realization: what the executive decided, why, and which department acts on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import DecisionKind


class Decision(models.Model):
    """An executive's decision. Ideas can be revived, so an idea may collect several; the
    newest is the one in force, the older ones stay as history."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind)
    reason = models.TextField(_("reason"), blank=True)
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("forward to department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="decisions",
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions")
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="reject") | ~models.Q(reason=""), name="rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="accept") | models.Q(department__isnull=False),
                name="acceptance_has_department",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.idea_id}"
