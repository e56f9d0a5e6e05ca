"""R1 Recruiting: a call for partners, the applications to it and their answers.

An application freezes the applicant's profile at the moment of applying together with the
exact consent text they agreed to; managers read that snapshot, and every read is audited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import (
    ApplicationStatus,
    CriterionKind,
    CriterionSource,
    EntryRole,
    EntryStatus,
    ImportStatus,
    QuestionKind,
    QuotaAttribute,
    RecruitmentStatus,
    RoundOutcome,
    RoundStatus,
    SelectionStatus,
)


class Recruitment(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="recruitments")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), help_text=_("Whom you look for and why."))
    consent_text = models.TextField(
        _("consent to the use of personal data"),
        help_text=_("Shown to applicants, who must agree before applying."),
    )
    target_size = models.PositiveIntegerField(_("target cohort size"), default=10)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    status = models.CharField(_("status"), max_length=16, choices=RecruitmentStatus, default=RecruitmentStatus.DRAFT)
    opinion_leader_followers = models.PositiveIntegerField(
        _("followers that make an opinion leader"), default=1000,
        help_text=_("Applicants with at least this many followers, or with a community role, "
                    "count as opinion leaders."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="program__organization")

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("recruitment")
        verbose_name_plural = _("recruitments")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="recruitment_period"),
        ]

    def __str__(self):
        return self.title

    @property
    def organization(self):
        return self.program.organization


class Question(models.Model):
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind, default=QuestionKind.LONG)
    max_length = models.PositiveIntegerField(_("character limit"), null=True, blank=True)
    choices = models.JSONField(_("options"), default=list, blank=True, help_text=_("For a choice question."))
    allow_multiple = models.BooleanField(_("several options may be chosen"), default=False)
    min_value = models.FloatField(_("lowest number"), null=True, blank=True)
    max_value = models.FloatField(_("highest number"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="recruitment__program__organization")

    class Meta:
        ordering = ["recruitment", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Application(models.Model):
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="applications")
    # Null once anonymised: the row stays for the counts, the link to the person goes.
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications",
                                  null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    profile = models.JSONField(_("profile at the time of applying"), default=dict)
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consent given at"))
    source = models.CharField(
        _("source community"), max_length=100, blank=True,
        help_text=_("Where the applicant came from: empty for the open call, else the community or intermediary."),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Set when a declined or withdrawn applicant's personal data was erased after the
    # organization's retention period; the row stays so counts and audit keep adding up.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = ScopedManager(organization="recruitment__program__organization")

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["recruitment", "applicant"], name="uniq_application")]

    def __str__(self):
        return f"{self.applicant} → {self.recruitment}"

    @property
    def organization(self):
        return self.recruitment.program.organization

    @property
    def applicant_name(self) -> str:
        """The name as applied, or the account's, or "Anonymised applicant" once erased."""
        if self.applicant_id is None:
            return str(_("Anonymised applicant"))
        return self.profile.get("name") or self.applicant.display_name


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)

    objects = ScopedManager(organization="application__recruitment__program__organization")

    class Meta:
        ordering = ["question__order", "question_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="uniq_answer")]

    def __str__(self):
        return self.text[:50]


class Round(models.Model):
    """One screening round of a recruitment: a rubric, assigned reviewers, their reviews and
    the outcome of each application. Rounds are configured by managers, not coded."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=200)
    is_blind = models.BooleanField(
        _("blind"), default=False,
        help_text=_("Reviewers do not see name, email, age, gender or photo."),
    )
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus, default=RoundStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="recruitment__program__organization")

    class Meta:
        ordering = ["recruitment", "order", "id"]
        verbose_name = _("screening round")
        verbose_name_plural = _("screening rounds")
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "order"], name="uniq_round_order"),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True) | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="round_period",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def organization(self):
        return self.recruitment.program.organization


class RubricCriterion(models.Model):
    """One line of a round's rubric. Manual criteria are scored by reviewers; the others are
    computed from the application (reach on a log scale, a number given in an answer)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    kind = models.CharField(_("measures"), max_length=16, choices=CriterionKind, default=CriterionKind.CAPABILITY)
    source = models.CharField(_("source"), max_length=16, choices=CriterionSource, default=CriterionSource.MANUAL)
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("question"), help_text=_("For a criterion computed from an answer."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="round__recruitment__program__organization")

    class Meta:
        ordering = ["round", "order", "id"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="rubric_scale"),
            models.CheckConstraint(condition=models.Q(weight__gte=0, weight__lte=100), name="rubric_weight"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.source == CriterionSource.MANUAL


class ReviewerAssignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_assignments"
    )
    # Empty: the reviewer reviews every application of the round; otherwise only these.
    applications = models.ManyToManyField(
        Application, blank=True, related_name="reviewer_assignments", verbose_name=_("applications"),
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="round__recruitment__program__organization")

    class Meta:
        ordering = ["round", "assigned_at", "id"]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [models.UniqueConstraint(fields=["round", "reviewer"], name="uniq_round_reviewer")]

    def __str__(self):
        return f"{self.reviewer} @ {self.round}"


class Review(models.Model):
    """One reviewer's score of one application on one manual criterion."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviews")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="reviews")
    value = models.SmallIntegerField(_("score"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="round__recruitment__program__organization")

    class Meta:
        ordering = ["application", "reviewer", "criterion"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer", "criterion"], name="uniq_review"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class RoundResult(models.Model):
    """Where one application stands after a round: advanced, waitlisted or declined."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="round_results")
    outcome = models.CharField(_("outcome"), max_length=16, choices=RoundOutcome)
    decided_at = models.DateTimeField(_("decided"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("decided by"),
    )

    objects = ScopedManager(organization="round__recruitment__program__organization")

    class Meta:
        ordering = ["round", "application"]
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        constraints = [models.UniqueConstraint(fields=["round", "application"], name="uniq_round_result")]

    def __str__(self):
        return f"{self.application}: {self.outcome}"


class Quota(models.Model):
    """At least ``minimum`` and at most ``maximum`` of the cohort with ``attribute == value``."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="quotas")
    attribute = models.CharField(_("attribute"), max_length=32, choices=QuotaAttribute)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="quotas",
        verbose_name=_("question"), help_text=_("For a quota on the answer to a choice question."),
    )
    value = models.CharField(_("value"), max_length=200)
    minimum = models.PositiveIntegerField(_("at least"), default=0)
    maximum = models.PositiveIntegerField(_("at most"), null=True, blank=True)

    objects = ScopedManager(organization="recruitment__program__organization")

    class Meta:
        ordering = ["recruitment", "attribute", "value", "id"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(maximum__isnull=True) | models.Q(maximum__gte=models.F("minimum")),
                name="quota_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.get_attribute_display()} = {self.value}: {self.minimum}–{self.maximum or '∞'}"


class Selection(models.Model):
    """One run of the optimiser on a recruitment, with everything needed to reproduce it:
    the quotas and scores it saw, the seed of its lottery and what it proved."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="selections")
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="selections",
        verbose_name=_("scores from round"),
    )
    size = models.PositiveIntegerField(_("cohort size"))
    seed = models.BigIntegerField(_("lottery seed"))
    correction = models.CharField(_("leniency correction"), max_length=16, blank=True)
    quotas = models.JSONField(_("quotas used"), default=list)
    result = models.JSONField(_("result"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=SelectionStatus, default=SelectionStatus.PROPOSED)
    confirm_days = models.PositiveSmallIntegerField(_("days to confirm"), default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="recruitment__program__organization")

    class Meta:
        ordering = ["recruitment", "-created_at", "-id"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")

    def __str__(self):
        return f"{self.recruitment} / {self.size}"

    @property
    def organization(self):
        return self.recruitment.program.organization


class SelectionEntry(models.Model):
    """One applicant in a selection: chosen (and then invited) or on the waitlist, in rank order."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="selection_entries")
    role = models.CharField(_("role"), max_length=16, choices=EntryRole)
    rank = models.PositiveIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    status = models.CharField(_("status"), max_length=16, choices=EntryStatus, default=EntryStatus.PROPOSED)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    deadline = models.DateTimeField(_("confirm by"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ScopedManager(organization="selection__recruitment__program__organization")

    class Meta:
        ordering = ["selection", "role", "rank"]
        verbose_name = _("selection entry")
        verbose_name_plural = _("selection entries")
        constraints = [models.UniqueConstraint(fields=["selection", "application"], name="uniq_selection_entry")]

    def __str__(self):
        return f"{self.application}: {self.status}"


class ImportJob(models.Model):
    """Applicants brought in from an intermediary's export (CSV or XLSX). The file is parsed
    in a background task; each bad row is kept with its reasons while the good ones land."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(_("file"), upload_to="recruiting/imports/")
    original_name = models.CharField(_("file name"), max_length=255)
    source = models.CharField(_("source community"), max_length=100)
    consent_basis = models.TextField(
        _("how consent was obtained"),
        help_text=_("How the intermediary obtained the applicants' consent to share their data with you."),
    )
    mapping = models.JSONField(_("column mapping"), default=dict)
    columns = models.JSONField(_("columns in the file"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("applications created"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    # Why the file stopped being read (a code of ``imports.FILE_PROBLEMS``), if it did.
    problem = models.CharField(_("problem"), max_length=32, blank=True)
    # The background task running it (a django-tasks-db row), to tell a stuck job from a busy one.
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="recruitment__program__organization")

    class Meta:
        ordering = ["recruitment", "-created_at", "-id"]
        verbose_name = _("applicant import")
        verbose_name_plural = _("applicant imports")

    def __str__(self):
        return self.original_name

    @property
    def organization(self):
        return self.recruitment.program.organization


class ImportRowError(models.Model):
    """One refused row of an import, with every reason (codes and parameters, rendered in the
    reader's language when shown). A row of its own, so a file with many bad rows is read a
    page at a time instead of as one enormous value."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))
    reasons = models.JSONField(_("reasons"), default=list)

    objects = ScopedManager(organization="job__recruitment__program__organization")

    class Meta:
        ordering = ["job", "row"]
        constraints = [models.UniqueConstraint(fields=["job", "row"], name="recruiting_import_row_error_once")]
        verbose_name = _("refused import row")
        verbose_name_plural = _("refused import rows")

    def __str__(self):
        return f"{self.job_id}:{self.row}"
