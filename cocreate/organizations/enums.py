from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles a person holds inside one organization. Partners are not a role here: they
    belong to a program's cohort (programs.Partner)."""

    ORG_ADMIN = "org_admin", _("Organization admin")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    REVIEWER = "reviewer", _("Reviewer")
    JUDGE = "judge", _("Judge")
    EXECUTIVE = "executive", _("Executive")
    INTERNAL_PARTNER = "internal_partner", _("Internal partner")

STAFF_ROLES = frozenset(Role.values)
