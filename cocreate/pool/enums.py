"""The standing pool: who is in it, how they came, and what became of an invitation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PoolStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("pool status", "Active")
    RESTING = "resting", pgettext_lazy("pool status", "Resting")  # wants no invitations for now
    ALUMNI = "alumni", pgettext_lazy("pool status", "Alumni")
    REMOVED = "removed", pgettext_lazy("pool status", "Removed")


# What the person may set on their own membership: taking a break and coming back.
SELF_STATUSES = frozenset({PoolStatus.ACTIVE, PoolStatus.RESTING})


class PoolSource(models.TextChoices):
    SELECTED = "selected", _("Selected in a program's recruitment")
    OPEN_CHANNEL = "open_channel", _("Added from the open channel")
    MANAGER = "manager", _("Added by a manager")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("invitation status", "Withdrawn")


class AgeBand(models.TextChoices):
    """Bands of age this year, for filtering the pool (ages come from the birth year)."""

    UNDER_20 = "under_20", _("Under 20")
    TWENTIES = "20s", _("20–29")
    THIRTIES = "30s", _("30–39")
    FORTIES = "40s", _("40–49")
    FIFTY_PLUS = "50_plus", _("50 and over")


# (lowest age, highest age) of each band, both inclusive; None is open-ended.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    AgeBand.UNDER_20: (None, 19),
    AgeBand.TWENTIES: (20, 29),
    AgeBand.THIRTIES: (30, 39),
    AgeBand.FORTIES: (40, 49),
    AgeBand.FIFTY_PLUS: (50, None),
}
