"""R2 missions: what partners work on, for how long, with which tasks, deliverables and
sub-missions, who sees them, and how late work is treated.

A mission's *kind* names a registered mission type (``missions/types/``); its ``config``
holds that type's settings (a checklist, survey questions) as the type validated them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import AssignmentMode, LatePolicy, TeamMemberState, Visibility
from .types import DEFAULT_KIND, kind_choices


def default_time_zone() -> str:
    return settings.TIME_ZONE


class Mission(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="missions")
    kind = models.CharField(_("type"), max_length=32, choices=kind_choices, default=DEFAULT_KIND)
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"))
    wanted_ideas = models.TextField(_("ideas wanted"), blank=True)
    not_wanted = models.TextField(_("what not to do"), blank=True)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=default_time_zone,
                                 help_text=_("Dates are shown to participants in this time zone."))
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility,
                                  default=Visibility.CONFIDENTIAL)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("How many people can take part; empty for no limit."))
    late_policy = models.CharField(_("late submissions"), max_length=16, choices=LatePolicy,
                                   default=LatePolicy.REFUSE)
    grace_minutes = models.PositiveIntegerField(_("grace period (minutes)"), default=0)
    assignment = models.CharField(_("choosing sub-missions"), max_length=16, choices=AssignmentMode,
                                  default=AssignmentMode.FIRST_COME)
    choose_until = models.DateTimeField(
        _("preferences close"), null=True, blank=True,
        help_text=_("With ranked preferences: when ranking ends and the assignment is made."))
    assigned_at = models.DateTimeField(null=True, blank=True, editable=False)
    team_size_max = models.PositiveSmallIntegerField(
        _("largest team"), default=1, help_text=_("1 means everyone works alone."))
    config = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="mission_period"),
            models.CheckConstraint(condition=models.Q(team_size_max__gte=1), name="mission_team_size"),
        ]

    def __str__(self):
        return self.title

    @property
    def organization(self):
        return self.program.organization

    @property
    def is_confidential(self) -> bool:
        return self.visibility == Visibility.CONFIDENTIAL

    @property
    def type(self):
        from .types import mission_type

        return mission_type(self.kind)

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


class Deliverable(models.Model):
    """Something due by a date: "post 17 of 72" of 4320 SYD, or "the final design"."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_at = models.DateTimeField(_("due"))
    order = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        ordering = ["mission", "due_at", "order", "id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self):
        return self.title


class SubMission(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="sub_missions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("How many people; empty for no limit."))
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        ordering = ["mission", "order", "id"]
        verbose_name = _("sub-mission")
        verbose_name_plural = _("sub-missions")

    def __str__(self):
        return self.title


class Participation(models.Model):
    """A person taking part in a mission, with the sub-mission they chose or were assigned."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    sub_mission = models.ForeignKey(SubMission, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="participations")
    joined_at = models.DateTimeField(auto_now_add=True)
    sub_mission_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        ordering = ["mission", "joined_at", "id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["mission", "user"], name="uniq_participation")]

    def __str__(self):
        return f"{self.user} @ {self.mission_id}"


class Preference(models.Model):
    """One ranked choice (1 = most wanted) of a participant, for the fair assignment."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="preferences")
    sub_mission = models.ForeignKey(SubMission, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField()

    objects = ScopedManager(organization="participation__mission__program__organization")

    class Meta:
        ordering = ["participation", "rank"]
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(fields=["participation", "sub_mission"], name="uniq_preference_sub_mission"),
            models.UniqueConstraint(fields=["participation", "rank"], name="uniq_preference_rank"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="preference_rank_positive"),
        ]

    def __str__(self):
        return f"{self.participation_id} #{self.rank}: {self.sub_mission_id}"


class Team(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        ordering = ["mission", "name", "id"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="uniq_team_name")]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """An invitation to a team and what became of it. ``mission`` repeats the team's so the
    database itself keeps a person in at most one team per mission."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    state = models.CharField(_("state"), max_length=16, choices=TeamMemberState, default=TeamMemberState.INVITED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        ordering = ["team", "invited_at", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="uniq_team_member"),
            models.UniqueConstraint(fields=["mission", "user"], condition=models.Q(state="accepted"),
                                    name="one_team_per_mission"),
        ]

    def __str__(self):
        return f"{self.user} in {self.team_id} ({self.state})"


class Reminder(models.Model):
    """A due-date reminder that was sent, so that a re-run of the reminder job sends none twice.
    ``deliverable`` is empty for the mission's own closing date."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    deliverable = models.ForeignKey(Deliverable, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="mission__program__organization")

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["mission", "deliverable", "user"], name="uniq_reminder_deliverable",
                                    condition=models.Q(deliverable__isnull=False)),
            models.UniqueConstraint(fields=["mission", "user"], name="uniq_reminder_mission",
                                    condition=models.Q(deliverable__isnull=True)),
        ]

    def __str__(self):
        return f"{self.user} · {self.mission_id}/{self.deliverable_id}"
