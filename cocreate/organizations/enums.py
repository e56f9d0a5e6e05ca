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


class MemberDeletionPolicy(models.TextChoices):
    """What happens to a person's ideas in this organization when they delete their account
    (accounts.privacy.account_delete). Their personal data goes either way."""

    KEEP_ANONYMOUS = "keep_anonymous", _("Keep their ideas, attributed to “a former member”")
    DELETE_IDEAS = "delete_ideas", _("Delete their ideas with everything on them")
