from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecruitmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("recruitment status", "Draft")
    OPEN = "open", pgettext_lazy("recruitment status", "Open")
    CLOSED = "closed", pgettext_lazy("recruitment status", "Closed")


class QuestionKind(models.TextChoices):
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    SELECTED = "selected", pgettext_lazy("application status", "Selected")
    DECLINED = "declined", pgettext_lazy("application status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round status", "Draft")
    OPEN = "open", pgettext_lazy("round status", "Open")
    CLOSED = "closed", pgettext_lazy("round status", "Closed")


class CriterionKind(models.TextChoices):
    CAPABILITY = "capability", _("Capability")
    WILLINGNESS = "willingness", _("Willingness")


class CriterionSource(models.TextChoices):
    """Where a criterion's value comes from: scored by reviewers, or computed from the
    application so nobody has to type what the applicant already told us."""

    MANUAL = "manual", _("Scored by reviewers")
    FOLLOWERS_LOG = "followers_log", _("Followers (log scale)")
    ANSWER = "answer", _("Number given in an answer")


class RoundOutcome(models.TextChoices):
    ADVANCED = "advanced", pgettext_lazy("round outcome", "Advanced")
    WAITLISTED = "waitlisted", pgettext_lazy("round outcome", "Waitlisted")
    DECLINED = "declined", pgettext_lazy("round outcome", "Declined")
