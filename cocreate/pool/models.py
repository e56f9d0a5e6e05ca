"""R5 retention: the organization's standing pool of creative consumers (the BMW co-creation
lab model). Partners chosen for a program join it; managers invite its members to new
programs without a new open call."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import InvitationStatus, PoolSource, PoolStatus


class PoolMember(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="pool_members"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_memberships")
    status = models.CharField(_("status"), max_length=16, choices=PoolStatus, default=PoolStatus.ACTIVE)
    source = models.CharField(_("how they joined"), max_length=16, choices=PoolSource)
    source_program = models.ForeignKey(
        "programs.Program", verbose_name=_("selected for"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    note = models.TextField(_("managers' note"), blank=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-joined_at", "-id"]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="uniq_pool_member"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organization}"


class PoolInvitation(models.Model):
    """An invitation of a pool member to a program; accepting it makes them a partner."""

    member = models.ForeignKey(PoolMember, on_delete=models.CASCADE, related_name="invitations")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="pool_invitations")
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InvitationStatus,
                              default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    deadline = models.DateField(_("answer by"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ScopedManager(organization="member__organization")

    class Meta:
        ordering = ["-invited_at", "-id"]
        verbose_name = _("pool invitation")
        verbose_name_plural = _("pool invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "program"], condition=models.Q(status="pending"),
                name="uniq_pending_pool_invitation",
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.program}"

    @property
    def organization(self):
        # Role predicates find the tenant through this.
        return self.member.organization

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.deadline < timezone.localdate()

    @property
    def is_open(self) -> bool:
        """Pending and still within its deadline: the invitee can answer."""
        return self.status == InvitationStatus.PENDING and not self.is_expired
