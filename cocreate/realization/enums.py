from django.db import models
from django.utils.translation import pgettext_lazy


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("decision", "Accept")
    PARK = "park", pgettext_lazy("decision", "Park")
    REJECT = "reject", pgettext_lazy("decision", "Reject")


class ExplanationStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("explanation", "Requested")
    ASSIGNED = "assigned", pgettext_lazy("explanation", "Expert assigned")
    PROPOSED = "proposed", pgettext_lazy("explanation", "Times proposed")
    SCHEDULED = "scheduled", pgettext_lazy("explanation", "Scheduled")
    DONE = "done", pgettext_lazy("explanation", "Held")
    CANCELLED = "cancelled", pgettext_lazy("explanation", "Cancelled")


class AppealStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("appeal", "Under review")
    UPHELD = "upheld", pgettext_lazy("appeal", "Decision upheld")
    OVERTURNED = "overturned", pgettext_lazy("appeal", "Decision overturned")


class ClusteringStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("clustering", "Queued")
    RUNNING = "running", pgettext_lazy("clustering", "Running")
    DONE = "done", pgettext_lazy("clustering", "Done")
    FAILED = "failed", pgettext_lazy("clustering", "Failed")


