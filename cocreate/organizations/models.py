"""Tenants. Every domain object hangs off one Organization; django-scopes refuses a query on
a scoped model unless a scope is active, so no query crosses organizations by accident."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import MemberDeletionPolicy, Role


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True, max_length=60)
    description = models.TextField(_("description"), blank=True)
    open_channel_enabled = models.BooleanField(
        _("open idea channel"), default=True,
        help_text=_("Any signed-in member may post ideas at any time."),
    )
    applicant_retention_days = models.PositiveIntegerField(
        _("keep declined applicants' data for (days)"), default=180,
        help_text=_("After this many days, personal data of declined or withdrawn applicants is anonymised."),
    )
    review_time_limit_days = models.PositiveSmallIntegerField(
        _("executives look at every idea within (days)"), default=14,
        help_text=_("Ideas waiting longer than this for an executive's first look are overdue on the board."),
    )
    appeal_period_days = models.PositiveSmallIntegerField(
        _("authors may appeal a rejection within (days)"), default=30,
    )
    on_member_deletion = models.CharField(
        _("when a member deletes their account"), max_length=16, choices=MemberDeletionPolicy,
        default=MemberDeletionPolicy.KEEP_ANONYMOUS,
        help_text=_("Comments, votes and scores stay in either case, attributed to “a former member”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    @property
    def organization(self):
        # Lets generic code (audit, scoping) treat the tenant like any object it owns.
        return self


class Department(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="uniq_department_name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """One role of one person in one organization; a person may hold several roles and
    belong to several organizations. An internal partner always names a department."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Two partial indexes instead of NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["organization", "user", "role"], condition=models.Q(department__isnull=True),
                name="uniq_membership_without_department",
            ),
            models.UniqueConstraint(
                fields=["organization", "user", "role", "department"],
                condition=models.Q(department__isnull=False), name="uniq_membership_with_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="internal_partner") | models.Q(department__isnull=False),
                name="internal_partner_has_department",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
