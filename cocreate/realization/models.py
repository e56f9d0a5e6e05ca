"""R4 realization: what the executive decided, why, and which department acts on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import AppealStatus, ClusteringStatus, DecisionKind, ExplanationStatus


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
    # Staged decisions (released_at empty) wait to be released together at the end of a
    # round; only a released decision changes the idea and reaches its author.
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    # A rejection's reasons: the organization's templates, and the published criteria the
    # free-text reason refers to (the author sees them beside the score breakdown).
    reason_templates = models.ManyToManyField("RejectionReason", blank=True, related_name="decisions",
                                              verbose_name=_("reasons"))
    criteria = models.ManyToManyField("programs.Criterion", blank=True, related_name="decisions",
                                      verbose_name=_("criteria concerned"))
    # Parking: when to look again, or on what condition, and who is reminded.
    revisit_on = models.DateField(_("reconsider on"), null=True, blank=True)
    revisit_condition = models.TextField(_("reconsider when"), blank=True)
    revisit_owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reminded"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="revisits")
    revisit_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["revisit_on", "revisit_reminded_at"])]
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


class RejectionReason(models.Model):
    """A reason template an organization offers executives when rejecting, written in both
    languages so every author reads it in their own."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="rejection_reasons")
    text_en = models.CharField(_("reason (English)"), max_length=300)
    text_ko = models.CharField(_("reason (Korean)"), max_length=300)
    active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["organization", "order", "id"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        from django.utils.translation import get_language

        lang = (get_language() or "ko")[:2]
        return (self.text_ko if lang == "ko" else self.text_en) or self.text_en or self.text_ko


class Forwarding(models.Model):
    """An accepted idea handed to a department: who owns it there and by when; the
    department acknowledges receipt. The author follows it as progress."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="forwardings")
    concept = models.ForeignKey("Concept", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="forwardings")
    department = models.ForeignKey("organizations.Department", verbose_name=_("department"),
                                   on_delete=models.PROTECT, related_name="forwardings")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="forwardings_owned")
    due_on = models.DateField(_("due"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")

    def __str__(self):
        return f"{self.idea_id} → {self.department_id}"


class ExplanationRequest(models.Model):
    """A rejected author's request to hear the reasons one to one from an expert of the
    department concerned: assigned, scheduled from proposed times, and its outcome kept."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="explanation_requests")
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="explanation_request")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("what you would like explained"), blank=True)
    status = models.CharField(max_length=16, choices=ExplanationStatus, default=ExplanationStatus.REQUESTED)
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("expert"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="explanations_given")
    department = models.ForeignKey("organizations.Department", verbose_name=_("department"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_times = models.JSONField(default=list, blank=True)  # ISO datetimes, in UTC
    scheduled_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    meeting_place = models.CharField(_("where or how"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")

    def __str__(self):
        return f"{self.idea_id}: {self.status}"


class Appeal(models.Model):
    """The author's one appeal against a rejection, reviewed by a different executive; its
    result is final and explained."""

    idea = models.OneToOneField("ideas.Idea", on_delete=models.CASCADE, related_name="appeal")
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    grounds = models.TextField(_("why the decision should change"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewing executive"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="appeals_reviewed")
    status = models.CharField(max_length=16, choices=AppealStatus, default=AppealStatus.OPEN)
    explanation = models.TextField(_("explanation"), blank=True)
    result_decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="idea__organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(condition=~models.Q(status="upheld", explanation="")
                                   & ~models.Q(status="overturned", explanation=""),
                                   name="appeal_result_explained"),
        ]

    def __str__(self):
        return f"{self.idea_id}: {self.status}"


class Concept(models.Model):
    """A business concept executives classify ideas into (IBM's Jam: every idea read and
    sorted, then passed to the departments that act)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="concepts")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="uniq_concept_name")]

    def __str__(self):
        return self.name


class ClusteringRun(models.Model):
    """One background clustering of an organization's ideas into suggested concepts, with its
    progress for the page that waits on it."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="clustering_runs")
    status = models.CharField(max_length=16, choices=ClusteringStatus, default=ClusteringStatus.QUEUED)
    progress = models.PositiveIntegerField(default=0)  # 0..100
    clusters = models.PositiveIntegerField(_("number of concepts"), default=0)  # 0 = chosen automatically
    idea_count = models.PositiveIntegerField(default=0)
    only_unclassified = models.BooleanField(_("only ideas not yet in a concept"), default=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("clustering run")
        verbose_name_plural = _("clustering runs")

    def __str__(self):
        return f"{self.organization_id} {self.status} {self.progress}%"


class ConceptSuggestion(models.Model):
    """A cluster the run found: its characteristic terms and ideas, for executives to name
    and accept as a concept, merge into another or dismiss."""

    run = models.ForeignKey(ClusteringRun, on_delete=models.CASCADE, related_name="suggestions")
    terms = models.JSONField(default=list)
    idea_ids = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    concept = models.ForeignKey(Concept, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dismissed = models.BooleanField(default=False)

    objects = ScopedManager(organization="run__organization")

    class Meta:
        ordering = ["run", "-size", "id"]
        verbose_name = _("concept suggestion")
        verbose_name_plural = _("concept suggestions")

    def __str__(self):
        return ", ".join(self.terms[:3])


class DuplicateGroup(models.Model):
    """Near-duplicate ideas grouped under one: every author in the group is credited."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="duplicate_groups")
    primary = models.ForeignKey("ideas.Idea", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("duplicate group")
        verbose_name_plural = _("duplicate groups")

    def __str__(self):
        return f"{self.primary_id}"
