"""R1 writes: recruitment calls, applications and the manager's choice of partners."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.notifications.services import notify
from cocreate.programs.services import partner_add

from .enums import ApplicationStatus, QuestionKind, RecruitmentStatus
from .models import Answer, Application, Question, Recruitment


def recruitment_create(
    program, *, actor, title: str, purpose: str, consent_text: str, opens_at, closes_at,
    target_size: int = 10, questions: list[dict] | None = None, status: str = RecruitmentStatus.DRAFT,
) -> Recruitment:
    """A call for partners with its questions (text, kind, max_length, required)."""
    if not (title or "").strip():
        raise DomainError(_("Give the recruitment a title."), code="title_required")
    if not (consent_text or "").strip():
        raise DomainError(_("Applicants must be told how their personal data is used."), code="consent_required")
    if closes_at <= opens_at:
        raise DomainError(_("The recruitment must close after it opens."), code="period")
    if target_size < 1:
        raise DomainError(_("The cohort needs at least one partner."), code="target_size")
    with transaction.atomic():
        recruitment = Recruitment.objects.create(
            program=program, title=title.strip(), purpose=purpose.strip(), consent_text=consent_text.strip(),
            opens_at=opens_at, closes_at=closes_at, target_size=target_size, status=status,
        )
        for i, q in enumerate(questions or []):
            if not (q.get("text") or "").strip():
                continue
            Question.objects.create(
                recruitment=recruitment, text=q["text"].strip(), kind=q.get("kind") or QuestionKind.LONG,
                max_length=q.get("max_length") or None, required=q.get("required", True), order=i,
            )
        audit_record(actor=actor, verb="recruitment.created", target=recruitment,
                     organization=program.organization)
    return recruitment


def recruitment_set_status(recruitment: Recruitment, *, actor, status: str) -> Recruitment:
    status = RecruitmentStatus(status)
    if recruitment.status == status:
        return recruitment
    with transaction.atomic():
        previous = recruitment.status
        recruitment.status = status
        recruitment.save(update_fields=["status"])
        audit_record(actor=actor, verb="recruitment.status", target=recruitment,
                     organization=recruitment.program.organization, data={"from": previous, "to": status})
    return recruitment


def application_submit(recruitment: Recruitment, *, applicant, answers: dict[int, str], consent: bool) -> Application:
    """Apply with answers keyed by question id. Consent is required and the exact text
    consented to is stored with the time. Applying twice returns the first application."""
    now = timezone.now()
    if recruitment.status != RecruitmentStatus.OPEN or not (recruitment.opens_at <= now < recruitment.closes_at):
        raise DomainError(_("This recruitment is not open for applications."), code="closed")
    if not consent:
        raise DomainError(_("Please agree to the use of your personal data to apply."), code="consent")
    errors = []
    clean: dict[int, str] = {}
    for q in recruitment.questions.all():
        text = (answers.get(q.pk) or "").strip()
        if q.required and not text:
            errors.append(DomainError(_("“%(question)s” needs an answer."), params={"question": q.text},
                                      code="answer_required"))
        if q.max_length and len(text) > q.max_length:
            errors.append(DomainError(
                _("“%(question)s” can be at most %(limit)s characters long (now %(length)s)."),
                params={"question": q.text, "limit": q.max_length, "length": len(text)}, code="answer_too_long",
            ))
        clean[q.pk] = text
    if errors:
        raise DomainError([e for err in errors for e in err.error_list])
    existing = Application.objects.filter(recruitment=recruitment, applicant=applicant).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                recruitment=recruitment, applicant=applicant, profile=applicant.profile_snapshot(),
                consent_text=recruitment.consent_text, consented_at=now,
            )
            Answer.objects.bulk_create(Answer(application=application, question_id=qid, text=t)
                                       for qid, t in clean.items())
            audit_record(actor=applicant, verb="application.submitted", target=application,
                         organization=recruitment.program.organization)
            notify([applicant], "application_received", params={"recruitment": recruitment.title},
                   url=reverse("recruiting:mine"))
    except IntegrityError:
        return Application.objects.get(recruitment=recruitment, applicant=applicant)
    return application


def _decide(application: Application, *, actor, status: ApplicationStatus) -> Application:
    if application.status == status:
        return application
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.DECLINED,
                                  ApplicationStatus.SELECTED):
        raise DomainError(_("This application was withdrawn."), code="withdrawn")
    if application.status == ApplicationStatus.SELECTED:
        raise DomainError(_("This applicant is already a partner."), code="already_selected")
    previous = application.status
    application.status, application.decided_at = status, timezone.now()
    application.save(update_fields=["status", "decided_at"])
    audit_record(actor=actor, verb="application.decided", target=application,
                 organization=application.recruitment.program.organization,
                 data={"from": previous, "to": status})
    return application


def _lock(application: Application) -> None:
    """Lock the row and read its current status, so that two managers deciding at once are
    served one after the other and the second sees the first one's decision."""
    locked = Application.objects.select_for_update(of=("self",)).filter(pk=application.pk)
    application.status = locked.values_list("status", flat=True).get()


def application_select(application: Application, *, actor) -> Application:
    """Pick an applicant: they join the program's cohort and are told so. Picking someone
    already picked changes nothing and tells nobody twice."""
    program = application.recruitment.program
    with transaction.atomic():
        _lock(application)
        if application.status == ApplicationStatus.SELECTED:
            return application
        application = _decide(application, actor=actor, status=ApplicationStatus.SELECTED)
        partner_add(program, user=application.applicant, actor=actor, application=application)
        notify([application.applicant], "application_selected", params={"program": program.title},
               url=reverse("programs:detail", args=[program.organization.slug, program.slug]))
    return application


def application_decline(application: Application, *, actor) -> Application:
    with transaction.atomic():
        _lock(application)
        if application.status == ApplicationStatus.DECLINED:
            return application
        application = _decide(application, actor=actor, status=ApplicationStatus.DECLINED)
        notify([application.applicant], "application_declined",
               params={"recruitment": application.recruitment.title}, url=reverse("recruiting:mine"))
    return application
