"""R1 Recruiting: a call for partners, the applications to it and their answers.

An application freezes the applicant's profile at the moment of applying together with the
exact consent text they agreed to; managers read that snapshot, and every read is audited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import ApplicationStatus, QuestionKind, RecruitmentStatus


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
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    profile = models.JSONField(_("profile at the time of applying"), default=dict)
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

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
