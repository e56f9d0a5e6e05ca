"""Ideas from both doors, with comments and supports.

Nobody but the author writes an idea's text, and only while it is a draft; staff can hide
abusive content with a recorded reason, never edit or delete it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import Channel, IdeaState, VoteStatus


class Idea(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="ideas")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.OPEN)
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="ideas"
    )
    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.CASCADE, related_name="ideas"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"))
    state = models.CharField(_("state"), max_length=32, choices=IdeaState, default=IdeaState.DRAFT, db_index=True)
    # A mission type's own part of a submission (steps and severity, a checklist's ratings,
    # a post's link), as ``missions.types`` validated it.
    details = models.JSONField(default=dict, blank=True)
    deliverable = models.ForeignKey("missions.Deliverable", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="ideas")
    sub_mission = models.ForeignKey("missions.SubMission", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="ideas")
    team = models.ForeignKey("missions.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas")
    is_late = models.BooleanField(_("late"), default=False)
    # The client's key for one submission: a repeated POST with the same key (a double click,
    # a retry after a lost connection) finds the first idea instead of making a second.
    client_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    search_document = models.TextField(default="", blank=True, editable=False)
    support_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # R4: the business concept executives classified it into, the near-duplicates it was
    # grouped with, and the parked or rejected idea it revives (its lineage).
    concept = models.ForeignKey("realization.Concept", verbose_name=_("concept"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="ideas")
    duplicate_group = models.ForeignKey("realization.DuplicateGroup", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="ideas")
    revived_from = models.ForeignKey("self", verbose_name=_("revived from"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="revivals")
    # The first time an executive opened it: the board shows what nobody has looked at yet
    # and how long it has waited.
    first_seen_at = models.DateTimeField(_("first looked at"), null=True, blank=True)
    first_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            # An idea comes either through the open channel (no mission) or through a mission
            # of its program; the database refuses any mixture.
            models.CheckConstraint(
                condition=(
                    models.Q(channel="open", mission__isnull=True)
                    | models.Q(channel="mission", mission__isnull=False, program__isnull=False)
                ),
                name="idea_channel_consistent",
            ),
            models.UniqueConstraint(fields=["author", "client_key"], condition=~models.Q(client_key=""),
                                    name="uniq_idea_client_key"),
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["organization", "-submitted_at", "-id"], name="idea_board_order"),
            models.Index(fields=["organization", "first_seen_at", "submitted_at"], name="idea_unseen"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.body[:50]


class Support(models.Model):
    """One person's support of one idea; the unique constraint makes a second one a no-op."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    status = models.CharField(max_length=16, choices=VoteStatus, default=VoteStatus.COUNTED)
    flag = models.ForeignKey("evaluation.VoteFlag", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="uniq_support")]

    def __str__(self):
        return f"{self.user} ♥ {self.idea_id}"


class Credit(models.Model):
    """Someone credited with an idea: its author, and every member of the team that submitted
    it, as the team was at the moment of submission."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="credits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credits")

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="uniq_credit")]

    def __str__(self):
        return f"{self.user} · {self.idea_id}"


def attachment_path(instance, filename: str) -> str:
    """A random name under the organization: the uploader's file name is kept only as data,
    never as a path, so nothing a person types reaches the file system."""
    import uuid

    return f"attachments/{instance.idea.organization_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["idea", "created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class PurchaseIntent(models.Model):
    """How likely one person would buy what an idea proposes (1 = surely not … 5 = surely)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="purchase_intents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="purchase_intents")
    value = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        verbose_name = _("purchase intent")
        verbose_name_plural = _("purchase intents")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="uniq_purchase_intent"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="purchase_intent_range"),
        ]

    def __str__(self):
        return f"{self.user} · {self.idea_id}: {self.value}"
