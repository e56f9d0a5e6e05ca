"""R&R: the incentive portfolio of a program and the ledger of what was promised to whom.

An Incentive says what can be earned and on which condition; a Grant is one promise to one
person, kept (delivered) or cancelled, never deleted. 4320 SYD promised its reward up front
and paid it on completion: the ledger is where that promise is kept."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import Condition, GrantStatus, IncentiveKind, InvitationPlace, Nature


class Incentive(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="incentives")
    kind = models.CharField(_("kind"), max_length=16, choices=IncentiveKind)
    nature = models.CharField(_("nature"), max_length=16, choices=Nature,
                              help_text=_("Set from the kind; change it if this reward is different."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    invitation_to = models.CharField(_("invitation to"), max_length=20, choices=InvitationPlace, blank=True)
    amount = models.DecimalField(_("amount or stated value per person"), max_digits=12, decimal_places=2,
                                 null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    quantity = models.PositiveIntegerField(_("how many can be granted"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 help_text=_("The most that may be granted in total, in the currency."))
    condition = models.CharField(_("condition"), max_length=20, choices=Condition, default=Condition.MANUAL)
    mission = models.ForeignKey("missions.Mission", verbose_name=_("mission"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="incentives")
    top_n = models.PositiveIntegerField(_("top N"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        constraints = [
            models.CheckConstraint(condition=~models.Q(condition="mission_complete") | models.Q(mission__isnull=False),
                                   name="incentive_mission_condition"),
            models.CheckConstraint(condition=~models.Q(condition="top_n") | models.Q(top_n__gte=1),
                                   name="incentive_top_n_condition"),
        ]

    def __str__(self):
        return self.title

    @property
    def organization(self):
        return self.program.organization

    @property
    def stated_value(self) -> Decimal | None:
        """What the whole incentive is worth: its budget, else amount × quantity, else the
        amount of one grant."""
        if self.budget is not None:
            return self.budget
        if self.amount is None:
            return None
        return self.amount * (self.quantity or 1)


class Grant(models.Model):
    """One promise to one person; ``source`` names what earned it (an idea, a mission) so
    that re-running the evaluation or a double click never grants twice."""

    incentive = models.ForeignKey(Incentive, on_delete=models.PROTECT, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incentive_grants")
    source = models.CharField(max_length=64, blank=True, default="")
    reason = models.TextField(_("why"))
    status = models.CharField(_("status"), max_length=16, choices=GrantStatus, default=GrantStatus.PROMISED)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = ScopedManager(organization="incentive__program__organization")

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("incentive grant")
        verbose_name_plural = _("incentive grants")
        constraints = [
            models.UniqueConstraint(fields=["incentive", "user", "source"], name="uniq_incentive_grant"),
        ]

    def __str__(self):
        return f"{self.incentive} → {self.user}"

    @property
    def organization(self):
        return self.incentive.program.organization
