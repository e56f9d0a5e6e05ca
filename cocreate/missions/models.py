"""R2 missions: what partners work on, for how long, with which tasks and wanted ideas."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Mission(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="missions")
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"))
    wanted_ideas = models.TextField(_("ideas wanted"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_confidential = models.BooleanField(
        _("confidential"), default=True,
        help_text=_("Only partners who accepted the agreement, and staff, can see it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="mission_period"),
        ]

    def __str__(self):
        return self.title

    @property
    def organization(self):
        return self.program.organization

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class Task(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        ordering = ["mission", "order", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title
