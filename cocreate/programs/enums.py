from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("program status", "Draft")
    ACTIVE = "active", pgettext_lazy("program status", "Active")
    CLOSED = "closed", pgettext_lazy("program status", "Closed")


class Stage(models.TextChoices):
    """The five stages of the report's 5R process, in order."""

    RECRUITING = "recruiting", _("Recruiting")
    RR = "rr", _("Roles & responsibilities")
    REINFORCEMENT = "reinforcement", _("Reinforcement")
    REALIZATION = "realization", _("Realization")
    RETENTION = "retention", _("Retention")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    PUBLISHED = "published", pgettext_lazy("agreement status", "Published")
    SUPERSEDED = "superseded", pgettext_lazy("agreement status", "Superseded")


class Leniency(models.TextChoices):
    """How the agreement corrects for judges who score high or low across the board."""

    NONE = "none", pgettext_lazy("leniency", "No correction")
    STANDARDISE = "standardise", pgettext_lazy("leniency", "Per-judge standardisation")
    JUDGE_OFFSET = "offset", pgettext_lazy("leniency", "Additive judge offset")


class CrowdSource(models.TextChoices):
    """Where the crowd-vote criterion's value comes from."""

    SUPPORTS = "supports", pgettext_lazy("crowd source", "Supports")
    RATINGS = "ratings", pgettext_lazy("crowd source", "Ratings from 0 to 5")
    PAIRWISE = "pairwise", pgettext_lazy("crowd source", "Pairwise votes")
