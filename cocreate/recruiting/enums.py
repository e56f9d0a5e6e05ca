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
