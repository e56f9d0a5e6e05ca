"""R1 writes: recruitment calls, applications, screening rounds with their reviews, and the
manager's choice of partners."""

import math
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.notifications.services import notify
from cocreate.organizations.models import Membership
from cocreate.programs.services import partner_add

from . import distribution
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
from .selectors import REVIEWING_ROLES, applications_for_reviewer, round_applications


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
    question_errors = [e for q in questions or [] if (q.get("text") or "").strip() for e in _question_errors(q)]
    if question_errors:
        raise DomainError(question_errors)
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
                **_question_kind_fields(q),
            )
        audit_record(actor=actor, verb="recruitment.created", target=recruitment,
                     organization=program.organization)
    return recruitment


def _options(value) -> list[str]:
    """Options of a choice question from a list or from text with one option per line, in
    their order, blanks and repeats dropped."""
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return list(dict.fromkeys(str(line).strip() for line in lines if str(line).strip()))


def _question_kind_fields(q: dict) -> dict:
    kind = q.get("kind") or QuestionKind.LONG
    is_choice, is_number = kind == QuestionKind.CHOICE, kind == QuestionKind.NUMBER
    return {
        "choices": _options(q.get("choices")) if is_choice else [],
        "allow_multiple": bool(q.get("allow_multiple")) if is_choice else False,
        "min_value": q.get("min_value") if is_number else None,
        "max_value": q.get("max_value") if is_number else None,
    }


def _question_errors(q: dict) -> list[DomainError]:
    """What is wrong with one question's definition: a choice needs two options to choose
    from, a number's lowest bound must not be above its highest."""
    fields = _question_kind_fields(q)
    text = q["text"].strip()
    if (q.get("kind") or QuestionKind.LONG) == QuestionKind.CHOICE and len(fields["choices"]) < 2:
        return [DomainError(_("“%(question)s”: give at least two options, one per line."),
                            params={"question": text}, code="options_required")]
    low, high = fields["min_value"], fields["max_value"]
    if low is not None and high is not None and low > high:
        return [DomainError(_("“%(question)s”: the lowest number must not be above the highest."),
                            params={"question": text}, code="bounds")]
    return []


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


def _number(text: str) -> float | None:
    """The number typed (a decimal point, as number inputs send it); ``None`` when it is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _answer_of(q: Question, given) -> tuple[str, list[DomainError]]:
    """The answer to one question as stored (several options joined by newlines, in the order
    of the options) and what is wrong with it for the question's kind."""
    if q.kind == QuestionKind.CHOICE:
        chosen = _options(given or [])
        stored = [c for c in q.choices if c in chosen]
        errors = [DomainError(_("“%(question)s”: “%(option)s” is not one of the options."),
                              params={"question": q.text, "option": c}, code="not_an_option")
                  for c in chosen if c not in q.choices]
        if len(chosen) > 1 and not q.allow_multiple:
            errors.append(DomainError(_("“%(question)s”: choose one option."), params={"question": q.text},
                                      code="one_option"))
        return "\n".join(stored if not errors else chosen), errors
    text = ("\n".join(given) if isinstance(given, list | tuple) else str(given or "")).strip()
    if q.kind == QuestionKind.NUMBER and text:
        number = _number(text)
        if number is None:
            return text, [DomainError(_("“%(question)s”: “%(answer)s” is not a number."),
                                      params={"question": q.text, "answer": text}, code="not_a_number")]
        if (q.min_value is not None and number < q.min_value) or (q.max_value is not None and number > q.max_value):
            return text, [DomainError(_("“%(question)s”: give a number from %(min)s to %(max)s."),
                                      params={"question": q.text, "answer": text, "min": _bound(q.min_value),
                                              "max": _bound(q.max_value)}, code="out_of_bounds")]
    if q.kind == QuestionKind.LINK and text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            return text, [DomainError(_("“%(question)s”: “%(answer)s” is not a valid link starting with "
                                        "http:// or https://."),
                                      params={"question": q.text, "answer": text}, code="not_a_link")]
    return text, []


def _bound(value: float | None) -> str:
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value)


def application_submit(
    recruitment: Recruitment, *, applicant, answers: dict[int, str | list[str]], consent: bool,
) -> Application:
    """Apply with answers keyed by question id. Consent is required and the exact text
    consented to is stored with the time. Applying twice returns the first application.
    Each answer is checked for its question's kind: a choice is one of the options (several,
    given as a list or one per line, when the question allows it), a number is a number within
    the question's bounds, a link is an http(s) address. Every reason is given at once."""
    now = timezone.now()
    if recruitment.status != RecruitmentStatus.OPEN or not (recruitment.opens_at <= now < recruitment.closes_at):
        raise DomainError(_("This recruitment is not open for applications."), code="closed")
    if not consent:
        raise DomainError(_("Please agree to the use of your personal data to apply."), code="consent")
    errors = []
    clean: dict[int, str] = {}
    for q in recruitment.questions.all():
        text, kind_errors = _answer_of(q, answers.get(q.pk))
        if q.required and not text:
            errors.append(DomainError(_("“%(question)s” needs an answer."), params={"question": q.text},
                                      code="answer_required"))
        elif text:
            errors.extend(kind_errors)
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
    if application.anonymised_at is not None:
        raise DomainError(_("This application was anonymised; its applicant can no longer be chosen."),
                          code="anonymised")
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
    application.status, application.anonymised_at = locked.values_list("status", "anonymised_at").get()


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


def reviewer_assign(round: Round, *, reviewer, actor, applications=None) -> ReviewerAssignment:
    """Assign a reviewer to every application of the round, or with ``applications`` to only
    those. Only members of the organization with the reviewer or program manager role (or its
    admins) review; assigning twice is harmless, and assigning again changes which
    applications (``None`` or empty: all of them)."""
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
        assignment_set_applications(assignment, applications=applications or [], actor=actor)
    return assignment


def assignment_set_applications(assignment: ReviewerAssignment, *, applications, actor) -> ReviewerAssignment:
    """Which applications of the round this reviewer reviews; empty means every one. Only
    applications the round screens can be given. Scores already given stay, but a score on an
    application no longer assigned to its reviewer stops counting in the standings."""
    round = assignment.round
    wanted = {getattr(a, "pk", a) for a in applications}
    known = set(round_applications(round).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise DomainError(_("Only applications screened in this round can be assigned."), code="not_in_round")
    with transaction.atomic():
        current = set(assignment.applications.values_list("pk", flat=True))
        if current == wanted:
            return assignment
        assignment.applications.set(sorted(wanted))
        audit_record(actor=actor, verb="round.reviewer_applications", target=round, organization=round.organization,
                     data={"reviewer": assignment.reviewer_id, "applications": sorted(wanted)})
    return assignment


def reviewers_distribute(round: Round, *, per_application: int, actor) -> list[ReviewerAssignment]:
    """Give each application of the round ``per_application`` of its assigned reviewers,
    balancing their load (``recruiting.distribution.balanced``: deterministic, loads differ
    by at most one). Replaces every assignment's applications; scores already given stay."""
    assignments = list(round.assignments.order_by("assigned_at", "id"))
    if not assignments:
        raise DomainError(_("Assign reviewers to the round first."), code="no_reviewers")
    if not 1 <= per_application <= len(assignments):
        raise DomainError(_("Each application can get from 1 to %(count)s reviewers (the reviewers assigned)."),
                          params={"count": len(assignments)}, code="per_application")
    application_ids = list(round_applications(round).values_list("pk", flat=True))
    plan = distribution.balanced(application_ids, [a.pk for a in assignments], per_application)
    with transaction.atomic():
        for assignment in assignments:
            assignment.applications.set(plan[assignment.pk])
        audit_record(actor=actor, verb="round.reviewers_distributed", target=round, organization=round.organization,
                     data={"per_application": per_application, "applications": len(application_ids),
                           "load": {str(a.reviewer_id): len(plan[a.pk]) for a in assignments}})
    return assignments


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
    if not applications_for_reviewer(round, reviewer).filter(pk=application.pk).exists():
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


# The applicant's own application ------------------------------------------------------------

def application_withdraw(application: Application, *, actor) -> Application:
    """The applicant takes back an application nobody has decided on yet. Managers see it as
    withdrawn and it leaves the review queues and standings. Withdrawing twice changes nothing."""
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).filter(pk=application.pk)
        application.status, application.withdrawn_at = locked.values_list("status", "withdrawn_at").get()
        if application.status == ApplicationStatus.WITHDRAWN:
            return application
        if application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(_("This application was already decided (%(status)s) and can no longer be withdrawn."),
                              params={"status": ApplicationStatus(application.status).label}, code="decided")
        application.status, application.withdrawn_at = ApplicationStatus.WITHDRAWN, timezone.now()
        application.save(update_fields=["status", "withdrawn_at"])
        audit_record(actor=actor, verb="application.withdrawn", target=application,
                     organization=application.recruitment.program.organization)
    return application


# Retention -----------------------------------------------------------------------------------

def _import_files_expire(organization, cutoff) -> int:
    """Delete the uploaded files of imports that finished before ``cutoff`` and forget their
    refused rows (which quote the file); the job's counts stay."""
    from .models import ImportJob, ImportRowError

    jobs = list(ImportJob.objects.filter(recruitment__program__organization=organization,
                                         finished_at__lt=cutoff).exclude(file=""))
    for job in jobs:
        job.file.delete(save=False)
        job.save(update_fields=["file"])
    ImportRowError.objects.filter(job__in=jobs).delete()
    if jobs:
        audit_record(actor=None, verb="imports.files_deleted", target=organization, organization=organization,
                     data={"imports": [j.pk for j in jobs], "retention_days": organization.applicant_retention_days})
    return len(jobs)


def applications_anonymise(ids: list[int], *, now) -> None:
    """Erase these applications' personal data: the profile snapshot emptied, every answer
    blanked, the link to the account cut (see ``applications_anonymise_expired`` for what
    stays and why). The caller audits; also used when a person deletes their account
    (accounts.privacy.account_delete)."""
    Application.objects.filter(pk__in=ids).update(profile={}, applicant=None, anonymised_at=now)
    Answer.objects.filter(application_id__in=ids).update(text="")


def applications_anonymise_expired(organization=None, *, now=None) -> int:
    """Erase the personal data of declined and withdrawn applications whose decision or
    withdrawal is older than their organization's retention period (strictly older: an
    application declined exactly ``applicant_retention_days`` ago waits one more run).

    The profile snapshot is emptied entirely and every answer blanked. Nothing is kept "for
    statistics": a cohort's pool is small, so even birth year, gender and region together
    single a person out. What stays is what is not about the person: the status, the dates,
    the source community, the consent text the organization wrote with the time it was
    agreed to (the record that consent was given), and the reviewers' scores and round
    outcomes (numbers only). Selected and undecided applications are never touched. The
    link to the person's account is cut too, so the row no longer says who applied; pages and
    the API show "anonymised" in place of the name. Nobody is notified; one audit line per
    organization gives the count. Returns how many were anonymised; running it again finds
    nothing new."""
    from django_scopes import scope

    from cocreate.organizations.models import Organization

    now = now or timezone.now()
    organizations = [organization] if organization is not None else list(Organization.objects.order_by("pk"))
    total = 0
    for org in organizations:
        cutoff = now - timedelta(days=org.applicant_retention_days)
        with scope(organization=org), transaction.atomic():
            expired = Application.objects.select_for_update(of=("self",)).filter(
                recruitment__program__organization=org, anonymised_at__isnull=True,
            ).filter(Q(status=ApplicationStatus.DECLINED, decided_at__lt=cutoff)
                     | Q(status=ApplicationStatus.WITHDRAWN, withdrawn_at__lt=cutoff))
            ids = list(expired.values_list("pk", flat=True))
            # An intermediary's export holds everyone's personal data: it goes after the same period.
            _import_files_expire(org, cutoff)
            if not ids:
                continue
            applications_anonymise(ids, now=now)
            audit_record(actor=None, verb="applications.anonymised", target=org, organization=org,
                         data={"count": len(ids), "retention_days": org.applicant_retention_days})
            total += len(ids)
    return total
