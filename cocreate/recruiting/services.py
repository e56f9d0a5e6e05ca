"""R1 writes: recruitment calls, applications, screening rounds with their reviews, and the
manager's choice of partners."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.notifications.services import notify
from cocreate.organizations.models import Membership
from cocreate.programs.services import partner_add

from .enums import (
    ApplicationStatus,
    CriterionKind,
    CriterionSource,
    QuestionKind,
    RecruitmentStatus,
    RoundOutcome,
    RoundStatus,
)
from .models import (
    Answer,
    Application,
    Question,
    Recruitment,
    Review,
    ReviewerAssignment,
    Round,
    RoundResult,
    RubricCriterion,
)
from .rules import round_is_open
from .selectors import REVIEWING_ROLES, round_applications


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


# Screening rounds -------------------------------------------------------------------------

def round_create(
    recruitment: Recruitment, *, actor, name: str, criteria: list[dict], is_blind: bool = False,
    opens_at=None, closes_at=None, status: str = RoundStatus.DRAFT,
) -> Round:
    """A screening round with its rubric. Each criterion is a dict with name, weight and
    optionally description, scale_min, scale_max, kind, source and question (for a number
    given in an answer). Weights are percentages and must add up to 100."""
    if not (name or "").strip():
        raise DomainError(_("Give the round a name."), code="name_required")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_("The round must close after it opens."), code="period")
    criteria = [c for c in criteria if (c.get("name") or "").strip()]
    if not criteria:
        raise DomainError(_("A round needs at least one criterion."), code="criteria_required")
    errors = []
    total = sum(int(c.get("weight") or 0) for c in criteria)
    if total != 100:
        errors.append(DomainError(_("The weights of the criteria must add up to 100 (now %(total)s)."),
                                  params={"total": total}, code="weights"))
    questions = {q.pk: q for q in recruitment.questions.all()}
    for c in criteria:
        scale_min, scale_max = int(c.get("scale_min", 1)), int(c.get("scale_max", 5))
        if scale_max <= scale_min:
            errors.append(DomainError(_("“%(criterion)s”: the highest score must be above the lowest."),
                                      params={"criterion": c["name"]}, code="scale"))
        if not 0 <= int(c.get("weight") or 0) <= 100:
            errors.append(DomainError(_("“%(criterion)s”: a weight is between 0 and 100."),
                                      params={"criterion": c["name"]}, code="weight"))
        question = c.get("question")
        question_id = getattr(question, "pk", question)
        if c.get("source") == CriterionSource.ANSWER and question_id not in questions:
            errors.append(DomainError(_("“%(criterion)s”: choose the question whose answer gives the number."),
                                      params={"criterion": c["name"]}, code="question_required"))
    if errors:
        raise DomainError([e for err in errors for e in err.error_list])
    with transaction.atomic():
        last = recruitment.rounds.order_by("-order").values_list("order", flat=True).first() or 0
        round = Round.objects.create(
            recruitment=recruitment, order=last + 1, name=name.strip(), is_blind=is_blind,
            opens_at=opens_at, closes_at=closes_at, status=RoundStatus(status),
        )
        for i, c in enumerate(criteria):
            source = CriterionSource(c.get("source") or CriterionSource.MANUAL)
            question = c.get("question")
            RubricCriterion.objects.create(
                round=round, name=c["name"].strip(), description=(c.get("description") or "").strip(),
                scale_min=int(c.get("scale_min", 1)), scale_max=int(c.get("scale_max", 5)),
                weight=int(c["weight"]), kind=CriterionKind(c.get("kind") or CriterionKind.CAPABILITY),
                source=source, order=i,
                question=questions[getattr(question, "pk", question)] if source == CriterionSource.ANSWER else None,
            )
        audit_record(actor=actor, verb="round.created", target=round, organization=recruitment.program.organization,
                     data={"criteria": [(c["name"], int(c["weight"])) for c in criteria], "blind": is_blind})
    return round


ROUND_TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: {RoundStatus.OPEN},  # reopened to correct a review
}


def round_transition(round: Round, *, actor, to: str) -> Round:
    """Open or close a round; the only function that changes ``Round.status``."""
    to = RoundStatus(to)
    with transaction.atomic():
        round.status = Round.objects.select_for_update().filter(pk=round.pk).values_list("status", flat=True).get()
        if round.status == to:
            return round
        if to not in ROUND_TRANSITIONS[RoundStatus(round.status)]:
            raise DomainError(_("A round cannot go from “%(from)s” to “%(to)s”."),
                              params={"from": RoundStatus(round.status).label, "to": to.label},
                              code="transition_not_allowed")
        previous = round.status
        round.status = to
        round.save(update_fields=["status"])
        audit_record(actor=actor, verb="round.status", target=round, organization=round.organization,
                     data={"from": previous, "to": to})
    return round


def round_open(round: Round, *, actor) -> Round:
    return round_transition(round, actor=actor, to=RoundStatus.OPEN)


def round_close(round: Round, *, actor) -> Round:
    """Close a round: no more reviews, and its reviewers may now see each other's scores."""
    return round_transition(round, actor=actor, to=RoundStatus.CLOSED)


def reviewer_assign(round: Round, *, reviewer, actor) -> ReviewerAssignment:
    """Assign a reviewer to every application of the round. Only members of the organization
    with the reviewer or program manager role (or its admins) review; assigning twice is harmless."""
    organization = round.organization
    if not Membership.objects.filter(organization=organization, user=reviewer, role__in=REVIEWING_ROLES).exists():
        raise DomainError(_("%(person)s is not a reviewer or program manager of %(organization)s."),
                          params={"person": reviewer.display_name, "organization": organization.name},
                          code="not_a_reviewer")
    with transaction.atomic():
        assignment, created = ReviewerAssignment.objects.get_or_create(round=round, reviewer=reviewer)
        if created:
            audit_record(actor=actor, verb="round.reviewer_assigned", target=round, organization=organization,
                         data={"reviewer": reviewer.pk})
    return assignment


def reviewer_unassign(round: Round, *, reviewer, actor) -> None:
    """Take a reviewer off the round. Scores already given stay, as the record of what was said."""
    with transaction.atomic():
        deleted, _counts = ReviewerAssignment.objects.filter(round=round, reviewer=reviewer).delete()
        if deleted:
            audit_record(actor=actor, verb="round.reviewer_unassigned", target=round,
                         organization=round.organization, data={"reviewer": reviewer.pk})


def review_submit(round: Round, application: Application, *, reviewer, values: dict[int, int]) -> list[Review]:
    """Store a reviewer's scores of one application, keyed by criterion id. Submitting again
    updates the same rows. Only assigned reviewers score, only while the round is open, only
    manual criteria of this round, only within each criterion's scale; any bad value refuses
    the whole submission, with every reason."""
    if not round_is_open(reviewer, round):
        raise DomainError(_("This round is not open for reviews."), code="round_closed")
    if not ReviewerAssignment.objects.filter(round=round, reviewer=reviewer).exists():
        raise DomainError(_("You are not assigned to review this round."), code="not_assigned")
    if not round_applications(round).filter(pk=application.pk).exists():
        raise DomainError(_("This application is not part of this round."), code="not_in_round")
    criteria = {c.pk: c for c in round.criteria.all()}
    errors = []
    clean: dict[int, int] = {}
    for criterion_id, value in values.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None or not criterion.is_manual:
            errors.append(DomainError(_("Only the reviewers' criteria of this round can be scored."),
                                      code="not_manual"))
            continue
        if value is None or not criterion.scale_min <= int(value) <= criterion.scale_max:
            errors.append(DomainError(
                _("“%(criterion)s” takes a score from %(min)s to %(max)s."),
                params={"criterion": criterion.name, "min": criterion.scale_min, "max": criterion.scale_max},
                code="out_of_scale",
            ))
            continue
        clean[criterion.pk] = int(value)
    if errors:
        raise DomainError([e for err in errors for e in err.error_list])
    reviews, changed = [], {}
    with transaction.atomic():
        existing = {r.criterion_id: r for r in Review.objects.filter(
            application=application, reviewer=reviewer, criterion_id__in=clean)}
        for criterion_id, value in clean.items():
            review = existing.get(criterion_id)
            if review is not None and review.value == value:
                reviews.append(review)
                continue
            review, _created = Review.objects.update_or_create(
                application=application, reviewer=reviewer, criterion_id=criterion_id,
                defaults={"round": round, "value": value},
            )
            reviews.append(review)
            changed[criterion_id] = value
        if changed:
            audit_record(actor=reviewer, verb="review.submitted", target=application,
                         organization=round.organization, data={"round": round.pk, "values": changed})
    return reviews


OUTCOME_NOTIFICATIONS = {
    RoundOutcome.ADVANCED: "application_advanced",
    RoundOutcome.WAITLISTED: "application_waitlisted",
    RoundOutcome.DECLINED: "application_declined",
}


def application_move(application: Application, round: Round, *, outcome: str, actor) -> RoundResult:
    """Record where an application stands after a round and tell the applicant, kindly and in
    their language. Declining in a round declines the application. Moving it to the outcome
    it already has changes nothing and tells nobody twice; a decline, once told, stands."""
    outcome = RoundOutcome(outcome)
    if round.status == RoundStatus.DRAFT:
        raise DomainError(_("Open the round before moving applicants through it."), code="round_draft")
    with transaction.atomic():
        _lock(application)
        result = RoundResult.objects.select_for_update().filter(round=round, application=application).first()
        if result is not None and result.outcome == outcome:
            return result
        if result is not None and result.outcome == RoundOutcome.DECLINED:
            raise DomainError(_("This applicant was already told they were declined."), code="already_declined")
        if application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(_("Only applications still in the selection can be moved (this one is: %(status)s)."),
                              params={"status": ApplicationStatus(application.status).label}, code="not_in_selection")
        previous = result.outcome if result else None
        now = timezone.now()
        if result is None:
            result = RoundResult.objects.create(round=round, application=application, outcome=outcome,
                                                decided_at=now, decided_by=actor)
        else:
            result.outcome, result.decided_at, result.decided_by = outcome, now, actor
            result.save(update_fields=["outcome", "decided_at", "decided_by"])
        audit_record(actor=actor, verb="application.moved", target=application, organization=round.organization,
                     data={"round": round.pk, "from": previous, "to": outcome})
        if outcome == RoundOutcome.DECLINED:
            _decide(application, actor=actor, status=ApplicationStatus.DECLINED)
        recruitment = round.recruitment
        notify([application.applicant], OUTCOME_NOTIFICATIONS[outcome],
               params={"recruitment": recruitment.title, "round": round.name}, url=reverse("recruiting:mine"))
    return result
