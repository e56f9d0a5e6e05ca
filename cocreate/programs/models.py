"""A program and its contract with the partners.

A Program runs one co-creation effort through the 5R stages. Its Agreement is written before
work starts (who evaluates, how, on which weighted criteria, who owns the results) and every
partner accepts a specific version of it; a changed agreement is a new version, never an edit
of one somebody already accepted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import AgreementStatus, CrowdSource, Leniency, ProgramStatus, Stage


class Program(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="programs"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60)
    goal = models.TextField(_("goal"))
    scope = models.TextField(_("scope"), blank=True, help_text=_("Products, functions or markets covered."))
    is_pilot = models.BooleanField(
        _("small start (pilot)"), default=False,
        help_text=_("A small project on a few products with one specific purpose, to learn before spreading."),
    )
    is_public = models.BooleanField(_("visible to the public"), default=True)
    status = models.CharField(_("status"), max_length=16, choices=ProgramStatus, default=ProgramStatus.DRAFT)
    recruiting_starts = models.DateField(_("recruiting starts"), null=True, blank=True)
    recruiting_ends = models.DateField(_("recruiting ends"), null=True, blank=True)
    rr_starts = models.DateField(_("roles & responsibilities start"), null=True, blank=True)
    rr_ends = models.DateField(_("roles & responsibilities end"), null=True, blank=True)
    reinforcement_starts = models.DateField(_("reinforcement starts"), null=True, blank=True)
    reinforcement_ends = models.DateField(_("reinforcement ends"), null=True, blank=True)
    realization_starts = models.DateField(_("realization starts"), null=True, blank=True)
    realization_ends = models.DateField(_("realization ends"), null=True, blank=True)
    retention_starts = models.DateField(_("retention starts"), null=True, blank=True)
    retention_ends = models.DateField(_("retention ends"), null=True, blank=True)
    vote_min_account_age_days = models.PositiveSmallIntegerField(
        _("votes need an account at least this many days old"), default=0,
    )
    vote_requires_verified_email = models.BooleanField(_("votes need a verified email address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="uniq_program_slug")]

    def __str__(self):
        return self.title

    def timeline(self) -> list[dict]:
        """The 5R stages with their dates and whether each is past, current or upcoming."""
        today = timezone.localdate()
        rows = []
        for stage in Stage:
            starts = getattr(self, f"{stage.value}_starts")
            ends = getattr(self, f"{stage.value}_ends")
            if starts and today < starts:
                state = "upcoming"
            elif ends and today > ends:
                state = "past"
            elif starts:
                state = "current"
            else:
                state = "unplanned"
            rows.append({"stage": stage, "starts": starts, "ends": ends, "state": state})
        return rows

    @property
    def current_stage(self):
        for row in self.timeline():
            if row["state"] == "current":
                return row["stage"]
        return None


class Partner(models.Model):
    """A creative consumer in a program's cohort."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="partners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnerships")
    application = models.OneToOneField(
        "recruiting.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="partner"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="uniq_partner")]

    def __str__(self):
        return f"{self.user} @ {self.program}"


class Agreement(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus, default=AgreementStatus.DRAFT)
    evaluators = models.TextField(_("who evaluates"))
    method = models.TextField(_("how ideas are evaluated"))
    ip_ownership = models.TextField(_("who owns results and patents"))
    confidentiality = models.TextField(_("confidentiality"))
    result_consent = models.TextField(
        _("consent to the result"),
        default="",
        blank=True,
        help_text=_("What partners agree to about accepting the evaluation's outcome."),
    )
    rejection_process = models.TextField(
        _("rejection process"), default="", blank=True,
        help_text=_("How partners learn that an idea was not chosen, and how they can ask for the reasons."),
    )
    data_use = models.TextField(
        _("use of data"), default="", blank=True,
        help_text=_("Which personal data the program uses, for what, and how long it is kept."),
    )
    is_material = models.BooleanField(
        _("material change"), default=True,
        help_text=_("A material change asks every partner to accept again. A change that is not material "
                    "(a typo fixed) carries the acceptances of the previous version forward."),
    )
    leniency = models.CharField(
        _("judge leniency correction"), max_length=16, choices=Leniency, default=Leniency.NONE,
        help_text=_("Standardisation rescales each judge's scores to a common mean and spread; the judge-offset "
                    "model removes each judge's constant tendency to score high or low."),
    )
    crowd_source = models.CharField(
        _("crowd vote from"), max_length=16, choices=CrowdSource, default=CrowdSource.SUPPORTS,
        help_text=_("What the participants' vote criterion is computed from."),
    )
    min_judges = models.PositiveSmallIntegerField(
        _("judges per idea"), default=2, help_text=_("The least number of judges who score each idea."),
    )
    comments_to_author = models.BooleanField(
        _("authors read the judges' comments"), default=False,
        help_text=_("After the decision, the author sees each criterion's comments without the judges' names."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        ordering = ["program", "-version"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="uniq_agreement_version"),
            models.UniqueConstraint(
                fields=["program"], condition=models.Q(status="published"), name="one_published_agreement"
            ),
        ]

    def __str__(self):
        return f"{self.program} v{self.version}"

    @property
    def organization(self):
        return self.program.organization

    @property
    def crowd_vote_share(self) -> int:
        """Percent of the final score that the participants' vote decides: the weight of the
        criteria marked as the crowd vote. The vote is one of the weighted criteria, so the
        weights that add up to 100 always include it; there is no separate share to keep in
        step."""
        return sum(c.weight for c in self.criteria.all() if c.is_crowd_vote)


class Criterion(models.Model):
    """One published evaluation criterion; weights of an agreement sum to 100."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10)
    is_crowd_vote = models.BooleanField(
        _("decided by the participants' vote"), default=False,
        help_text=_("This criterion's weight is the share of the crowd vote in the final score."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="agreement__program__organization")

    class Meta:
        ordering = ["agreement", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"),
            models.CheckConstraint(condition=models.Q(scale_max__gte=1), name="criterion_scale_positive"),
            models.UniqueConstraint(fields=["agreement", "name"], name="uniq_criterion_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class AgreementAcceptance(models.Model):
    """A partner's recorded consent to one version of the agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acceptances")
    version = models.PositiveIntegerField(_("version"))
    accepted_at = models.DateTimeField(_("accepted"), auto_now_add=True)
    # Set when a non-material version carried this acceptance over from an earlier one: the
    # partner's own act is the acceptance of that version, recorded here, never implied.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to",
        verbose_name=_("carried forward from"),
    )

    objects = ScopedManager(organization="agreement__program__organization")

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("agreement acceptance")
        verbose_name_plural = _("agreement acceptances")
        constraints = [models.UniqueConstraint(fields=["agreement", "user"], name="uniq_acceptance")]

    def __str__(self):
        return f"{self.user} accepted v{self.version}"
