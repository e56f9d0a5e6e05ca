"""The incentive portfolio of a program (R&R): what can be earned, of which nature, and how."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncentiveKind(models.TextChoices):
    CASH = "cash", _("Cash")
    PRIZE = "prize", pgettext_lazy("incentive kind", "Prize")
    PRODUCT = "product", _("Product")
    EARLY_ACCESS = "early_access", _("Early access to new products")
    NAME_CREDIT = "name_credit", _("Name credit on the product")
    INVITATION = "invitation", pgettext_lazy("incentive kind", "Invitation")
    TITLE = "title", _("Honorary title")
    OTHER = "other", pgettext_lazy("incentive kind", "Other")


class Nature(models.TextChoices):
    EXTRINSIC = "extrinsic", _("Extrinsic")
    INTRINSIC = "intrinsic", _("Intrinsic")


# Money and things are extrinsic; experiences, recognition and honour are intrinsic.
DEFAULT_NATURE: dict[str, str] = {
    IncentiveKind.CASH: Nature.EXTRINSIC,
    IncentiveKind.PRIZE: Nature.EXTRINSIC,
    IncentiveKind.PRODUCT: Nature.EXTRINSIC,
    IncentiveKind.EARLY_ACCESS: Nature.INTRINSIC,
    IncentiveKind.NAME_CREDIT: Nature.INTRINSIC,
    IncentiveKind.INVITATION: Nature.INTRINSIC,
    IncentiveKind.TITLE: Nature.INTRINSIC,
    IncentiveKind.OTHER: Nature.EXTRINSIC,
}

# Kinds that carry a money amount per person (and count at that value in the balance).
MONEY_KINDS = frozenset({IncentiveKind.CASH, IncentiveKind.PRIZE})


class InvitationPlace(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Headquarters")
    PLANNING_MEETING = "planning_meeting", _("Planning meeting")
    AWARD_CEREMONY = "award_ceremony", _("Award ceremony")


class Condition(models.TextChoices):
    WINNERS = "winners", _("Winners (authors of accepted ideas)")
    MISSION_COMPLETE = "mission_complete", _("Everyone who completes a mission")
    TOP_N = "top_n", _("Top N by final score")
    MANUAL = "manual", _("Awarded by hand")


class GrantStatus(models.TextChoices):
    PROMISED = "promised", pgettext_lazy("incentive grant", "Promised")
    DELIVERED = "delivered", pgettext_lazy("incentive grant", "Delivered")
    CANCELLED = "cancelled", pgettext_lazy("incentive grant", "Cancelled")


# A promise is kept or cancelled, once.
GRANT_TRANSITIONS: dict[str, frozenset[str]] = {
    GrantStatus.PROMISED: frozenset({GrantStatus.DELIVERED, GrantStatus.CANCELLED}),
    GrantStatus.DELIVERED: frozenset(),
    GrantStatus.CANCELLED: frozenset(),
}
