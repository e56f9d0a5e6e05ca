"""The choices a mission is made of. Mission *types* are not here: they are registered
classes in ``missions/types/``, each bringing its own form, review screen and abilities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who sees a mission (and so who may take part), from widest to narrowest."""

    PUBLIC = "public", _("Public: everyone who can see the program")
    POOL = "pool", _("Pool: members of the organization's standing pool")
    COHORT = "cohort", _("Cohort: the program's partners")
    CONFIDENTIAL = "confidential", _("Confidential: partners who accepted the agreement")


class LatePolicy(models.TextChoices):
    REFUSE = "refuse", _("Refuse late submissions")
    MARK_LATE = "mark_late", _("Accept late submissions and mark them late")
    GRACE = "grace", _("Accept submissions during a grace period, then refuse")


class AssignmentMode(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    PREFERENCE = "preference", _("Ranked preferences, assigned fairly when over-subscribed")


class TeamMemberState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
