import re
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from cocreate.core.services import audit_record
from cocreate.organizations.enums import Role

from . import reviewing
from .enums import ApplicationStatus, CriterionSource, QuestionKind, RoundOutcome
from .models import Answer, Application, Recruitment, Review, ReviewerAssignment, Round, RoundResult, RubricCriterion


def recruitments_of(user, program):
    qs = Recruitment.objects.filter(program=program).annotate(
        application_count=Count("applications", distinct=True)
    )
    if user.has_perm("recruiting.add_recruitment", program):
        return qs
    return qs.exclude(status="draft")


def recruitment_for_user(user, program, pk: int) -> Recruitment:
    recruitment = (
        Recruitment.objects.filter(program=program, pk=pk).select_related("program__organization").first()
    )
    if recruitment is None or not user.has_perm("recruiting.view_recruitment", recruitment):
        raise Http404
    return recruitment


def is_opinion_leader(profile: dict, recruitment) -> bool:
    """Reach is a first-class signal: enough followers, or a role in a community."""
    return (int(profile.get("follower_count") or 0) >= recruitment.opinion_leader_followers
            or bool(str(profile.get("community_roles") or "").strip()))


def applications_of(recruitment, *, status: str | None = None, query: str = "",
                    opinion_leaders: bool = False, source: str | None = None):
    """Applications without personal data columns beyond what the list shows. ``source`` ""
    is the open call; None means any source."""
    qs = recruitment.applications.select_related("applicant").order_by("submitted_at", "id")
    if status:
        qs = qs.filter(status=status)
    if opinion_leaders:
        # The same test as is_opinion_leader, in the database (JSON keys work alike on both engines).
        qs = qs.filter(Q(profile__follower_count__gte=recruitment.opinion_leader_followers)
                       | (Q(profile__community_roles__isnull=False) & ~Q(profile__community_roles="")))
    if source is not None:
        qs = qs.filter(source=source)
    if query:
        # An anonymised application no longer answers to its applicant's name.
        qs = qs.filter(Q(applicant__name__icontains=query) | Q(applicant__email__icontains=query),
                       anonymised_at__isnull=True)
    return qs


def application_sources(recruitment) -> list[str]:
    """The source communities applicants of this call came from (the open call is "")."""
    return list(recruitment.applications.order_by("source").values_list("source", flat=True).distinct())


def application_for_user(user, recruitment, pk: int) -> Application:
    """One application with its answers, or 404. Reading it shows personal data, so every
    read by someone other than the applicant is written to the audit log."""
    application = (
        Application.objects.filter(recruitment=recruitment, pk=pk)
        .select_related("applicant", "recruitment__program__organization")
        .prefetch_related("answers__question")
        .first()
    )
    if application is None or not user.has_perm("recruiting.view_application", application):
        raise Http404
    if application.applicant_id != user.pk:
        audit_record(actor=user, verb="personal_data.viewed", target=application,
                     organization=recruitment.program.organization)
    return application


def application_of(user, recruitment) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(recruitment=recruitment, applicant=user).first()


def applications_of_user(user):
    """The person's own applications everywhere; the applicant filter is the boundary."""
    return (
        Application.objects.with_scopes_disabled()
        .filter(applicant=user)
        .select_related("recruitment__program__organization")
        .order_by("-submitted_at")
    )


def applications_by_recruitment(user, recruitments) -> dict:
    """The person's own application to each of these recruitments, keyed by recruitment id."""
    if not getattr(user, "is_authenticated", False) or not recruitments:
        return {}
    mine = Application.objects.filter(recruitment__in=recruitments, applicant=user)
    return {a.recruitment_id: a for a in mine}


def application_in(recruitment, pk: int) -> Application:
    """An application of this recruitment for a decision, without reading its personal data."""
    application = (
        Application.objects.filter(recruitment=recruitment, pk=pk)
        .select_related("applicant", "recruitment__program__organization").first()
    )
    if application is None:
        raise Http404
    return application


def record_list_view(user, recruitment, applications) -> None:
    """The applicants list shows personal data (age, gender, region, reach): one audit line
    per page read, naming the applications shown."""
    ids = [a.pk for a in applications]
    if ids:
        audit_record(actor=user, verb="personal_data.listed", target=recruitment,
                     organization=recruitment.program.organization, data={"applications": ids})


# Screening rounds -------------------------------------------------------------------------

# What a blind round hides from its reviewers: whatever identifies a person or invites bias.
BLIND_KEYS = frozenset({"name", "email", "birth_year", "age", "gender", "photo", "avatar", "social_links"})

# Reach on a log scale: one follower is worth more to the 10th than to the 100,000th. A million
# followers (10^6) tops the scale.
FOLLOWERS_CEILING_LOG10 = 6.0


# Who may be assigned to review a round of the organization.
REVIEWING_ROLES = frozenset({Role.REVIEWER, Role.PROGRAM_MANAGER, Role.ORG_ADMIN})


def reviewer_candidates(organization) -> list:
    """Members of the organization who may review, once each, by name."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(
        memberships__organization=organization, memberships__role__in=REVIEWING_ROLES,
    ).distinct().order_by("name", "email"))


def assignments_of(round: Round):
    return round.assignments.select_related("reviewer").order_by("reviewer__name", "reviewer__email")


def assignment_in(round: Round, pk: int):
    assignment = round.assignments.filter(pk=pk).select_related("reviewer").first()
    if assignment is None:
        raise Http404
    return assignment


def rounds_of(recruitment):
    return recruitment.rounds.annotate(criterion_count=Count("criteria", distinct=True),
                                       reviewer_count=Count("assignments", distinct=True))


def round_for_user(user, recruitment, pk: int) -> Round:
    """One round of the recruitment for its managers and its assigned reviewers; 404 otherwise."""
    from .rules import is_round_reviewer

    round = (Round.objects.filter(recruitment=recruitment, pk=pk)
             .select_related("recruitment__program__organization").first())
    if round is None or not (user.has_perm("recruiting.manage_rounds", round) or is_round_reviewer(user, round)):
        raise Http404
    return round


def rounds_reviewed_by(user, recruitment) -> list[Round]:
    """The rounds of this recruitment the person is assigned to review."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(recruitment.rounds.filter(assignments__reviewer=user).order_by("order"))


def round_applications(round: Round):
    """The applications a round screens: every application still in the selection for the
    first round, then those advanced in the round before."""
    qs = Application.objects.filter(recruitment_id=round.recruitment_id).exclude(status=ApplicationStatus.WITHDRAWN)
    previous = (Round.objects.filter(recruitment_id=round.recruitment_id, order__lt=round.order)
                .order_by("-order").first())
    if previous is not None:
        qs = qs.filter(round_results__round=previous, round_results__outcome=RoundOutcome.ADVANCED)
    return qs.order_by("submitted_at", "id")


def applications_for_reviewer(round: Round, reviewer):
    """The applications of the round this person reviews: those of their assignment, or all
    of the round's when the assignment names none (or the person is not assigned, such as a
    manager)."""
    qs = round_applications(round)
    chosen = list(Application.objects.filter(reviewer_assignments__round=round,
                                             reviewer_assignments__reviewer=reviewer).values_list("pk", flat=True))
    return qs.filter(pk__in=chosen) if chosen else qs


def assigned_applications(round: Round) -> dict[int, set[int]]:
    """Reviewer id → the application ids assigned to them, for the reviewers whose assignment
    names applications (the others review every application)."""
    out: dict[int, set[int]] = {}
    for reviewer_id, application_id in ReviewerAssignment.applications.through.objects.filter(
            reviewerassignment__round=round).values_list("reviewerassignment__reviewer_id", "application_id"):
        out.setdefault(reviewer_id, set()).add(application_id)
    return out


def manual_criteria(round: Round) -> list[RubricCriterion]:
    return [c for c in round.criteria.all() if c.source == CriterionSource.MANUAL]


def blind_profile(snapshot: dict) -> dict:
    """The profile a blind round's reviewer may read: the snapshot minus identity and traits."""
    return {k: v for k, v in snapshot.items() if k not in BLIND_KEYS}


@dataclass
class QueueRow:
    application: Application
    done: bool
    scores: list = field(default_factory=list)  # the reviewer's own score per manual criterion, or None


@dataclass
class Queue:
    rows: list[QueueRow]
    done: int
    total: int
    criteria: list = field(default_factory=list)  # the manual criteria, in the order of ``scores``


def review_queue(round: Round, reviewer) -> Queue:
    """The applications a reviewer scores in this round (only those assigned to them when
    their assignment names some), each with the reviewer's own scores and marked done once
    every manual criterion has one; a fixed number of queries whatever the size."""
    criteria = manual_criteria(round)
    manual_ids = {c.pk for c in criteria}
    applications = list(applications_for_reviewer(round, reviewer))
    scored: dict[int, dict[int, int]] = {}
    for application_id, criterion_id, value in Review.objects.filter(
            round=round, reviewer=reviewer, criterion_id__in=manual_ids).values_list(
            "application_id", "criterion_id", "value"):
        scored.setdefault(application_id, {})[criterion_id] = value
    rows = [QueueRow(a, bool(manual_ids) and set(scored.get(a.pk, {})) >= manual_ids,
                     [scored.get(a.pk, {}).get(c.pk) for c in criteria]) for a in applications]
    return Queue(rows, sum(r.done for r in rows), len(rows), criteria)


def application_to_review(user, round: Round, pk: int) -> Application:
    """One application of the round for an assigned reviewer or a manager, or 404. Managers'
    and non-blind reads show personal data and are audited; a blind read is not personal data."""
    application = (applications_for_reviewer(round, user).filter(pk=pk)
                   .select_related("applicant").prefetch_related("answers__question").first())
    if application is None:
        raise Http404
    if not round.is_blind or user.has_perm("recruiting.manage_rounds", round):
        audit_record(actor=user, verb="personal_data.viewed", target=application, organization=round.organization,
                     data={"round": round.pk})
    return application


def next_to_review(round: Round, reviewer, after: Application) -> Application | None:
    """The next application in the queue the reviewer has not finished, wrapping around."""
    rows = review_queue(round, reviewer).rows
    ids = [r.application.pk for r in rows]
    start = ids.index(after.pk) + 1 if after.pk in ids else 0
    for row in rows[start:] + rows[:start]:
        if not row.done and row.application.pk != after.pk:
            return row.application
    return None


def reviews_visible_to(user, round: Round):
    """Scores in a round the person may read: all of them for who may view the round's scores,
    otherwise only their own."""
    qs = Review.objects.filter(round=round)
    if user.has_perm("recruiting.view_round_scores", round):
        return qs
    return qs.filter(reviewer=user)


def _number_in(text: str) -> float | None:
    match = re.search(r"-?\d+(?:[.,]\d+)?", (text or "").replace(",", ""))
    return float(match.group()) if match else None


def _number_of_kind(text: str) -> float | None:
    """The value of a number question's answer, exactly as given (checked when applying)."""
    try:
        return float(text)
    except ValueError:
        return None


def objective_value(criterion: RubricCriterion, application: Application, answers: dict) -> float | None:
    """A computed criterion's value on its own scale, from the application alone."""
    low, high = criterion.scale_min, criterion.scale_max
    if criterion.source == CriterionSource.FOLLOWERS_LOG:
        followers = max(0, int(application.profile.get("follower_count") or 0))
        return reviewing.log_reach(followers, cap=10**FOLLOWERS_CEILING_LOG10, scale=(low, high))
    if criterion.source == CriterionSource.ANSWER:
        text = answers.get((application.pk, criterion.question_id), "")
        number = _number_of_kind(text) if criterion.question and criterion.question.kind == QuestionKind.NUMBER \
            else _number_in(text)
        return None if number is None else min(high, max(low, number))
    return None


@dataclass
class Standing:
    application: Application
    score: float | None  # 0–100
    capability: float | None
    willingness: float | None
    per_criterion: dict = field(default_factory=dict)  # criterion id → value on its scale
    reviewer_count: int = 0
    outcome: str | None = None


CORRECTIONS = tuple(reviewing.Method)


def _rubric(criteria: list[RubricCriterion]) -> reviewing.Rubric:
    # A criterion weighted 0 adds nothing to a mean; the pure module refuses it.
    return reviewing.Rubric(tuple(
        reviewing.Criterion(id=c.pk, minimum=c.scale_min, maximum=c.scale_max, weight=c.weight, kind=c.kind)
        for c in criteria if c.weight > 0
    ))


def _scores(round: Round, application_ids) -> list[reviewing.Score]:
    """The round's manual scores, leaving out a reviewer's scores on applications taken out
    of their assignment (given before the manager narrowed or redistributed it)."""
    assigned = assigned_applications(round)
    return [reviewing.Score(reviewer, application, criterion, float(value))
            for application, criterion, reviewer, value in Review.objects.filter(
                round=round, application_id__in=application_ids, criterion__source=CriterionSource.MANUAL,
            ).values_list("application_id", "criterion_id", "reviewer_id", "value")
            if reviewer not in assigned or application in assigned[reviewer]]


def round_standings(round: Round, *, correction: str | None = None) -> list[Standing]:
    """Each application of the round with its combined score, best first: the weighted mean
    over criteria (each brought to 0–1 on its scale) of the mean over reviewers, computed
    criteria taken from the application. Criteria without a value yet are left out of the
    mean rather than counted as zero. With ``correction`` (``standardise`` or
    ``offset_model``) reviewers' leniency is removed before the means are taken
    (``recruiting.reviewing``). A fixed number of queries whatever the size."""
    criteria = list(round.criteria.select_related("question"))
    applications = list(round_applications(round).select_related("applicant"))
    ids = [a.pk for a in applications]
    scores = _scores(round, ids)
    reviewers: dict[int, set] = {}
    for score in scores:
        reviewers.setdefault(score.applicant, set()).add(score.reviewer)
    if correction:
        means = reviewing.correct_leniency(scores, method=correction, on_disconnected="per_component").applicant_means
    else:
        sums: dict[int, dict[int, list[float]]] = {}
        for score in scores:
            sums.setdefault(score.criterion, {}).setdefault(score.applicant, []).append(score.value)
        means = {c: {a: sum(v) / len(v) for a, v in by_a.items()} for c, by_a in sums.items()}
    answer_questions = [c.question_id for c in criteria if c.source == CriterionSource.ANSWER and c.question_id]
    answers = {}
    if answer_questions:
        answers = {(a, q): t for a, q, t in Answer.objects.filter(
            application_id__in=ids, question_id__in=answer_questions).values_list("application_id", "question_id",
                                                                                 "text")}
    outcomes = dict(RoundResult.objects.filter(round=round).values_list("application_id", "outcome"))
    rubric = _rubric(criteria)
    weighted = {c.id for c in rubric.criteria}
    standings = []
    for application in applications:
        per_criterion = {
            c.pk: means.get(c.pk, {}).get(application.pk) if c.source == CriterionSource.MANUAL
            else objective_value(c, application, answers)
            for c in criteria
        }
        combined = reviewing.combine(rubric, {k: v for k, v in per_criterion.items() if k in weighted})
        standings.append(Standing(
            application=application, score=combined.combined, capability=combined.capability,
            willingness=combined.willingness, per_criterion=per_criterion,
            reviewer_count=len(reviewers.get(application.pk, ())), outcome=outcomes.get(application.pk),
        ))
    standings.sort(key=lambda s: (s.score is None, -(s.score or 0), s.application.submitted_at, s.application.pk))
    return standings


def round_agreement(round: Round) -> dict[int, float | None]:
    """Krippendorff's alpha of the reviewers' raw scores, per manual criterion id."""
    return reviewing.alpha_per_criterion(_scores(round, round_applications(round).values("pk")))


def round_result_in(round: Round, pk: int) -> Application:
    """An application of the round for a move, without reading its personal data."""
    application = round_applications(round).filter(pk=pk).select_related("applicant").first()
    if application is None:
        raise Http404
    return application


def application_assigned_to(round: Round, reviewer, pk: int) -> Application:
    """An application of the round the reviewer reviews, for their scores, or 404: one not
    assigned to them looks like one that does not exist."""
    application = applications_for_reviewer(round, reviewer).filter(pk=pk).select_related("applicant").first()
    if application is None:
        raise Http404
    return application


def assignments_with_applications(round: Round) -> list:
    """The round's reviewers with the applications each reviews (empty: all of them)."""
    return list(assignments_of(round).prefetch_related("applications"))


# The applicant's own application ------------------------------------------------------------

def my_application(user, pk: int) -> Application:
    """One of the person's own applications, with its questions, answers and the round
    outcomes they were told, or 404 (someone else's looks like a missing one). The applicant
    filter is the tenant boundary: call it inside ``scopes_disabled``."""
    application = (
        Application.objects.filter(applicant=user, pk=pk) if getattr(user, "is_authenticated", False)
        else Application.objects.none()
    ).select_related("recruitment__program__organization").prefetch_related(
        "answers__question", "round_results__round").first()
    if application is None:
        raise Http404
    return application


def told_outcomes(application: Application) -> list[RoundResult]:
    """The round outcomes the applicant was told (every recorded outcome is told when it is
    recorded), in the order of the rounds."""
    return sorted(application.round_results.all(), key=lambda r: (r.round.order, r.round.pk))
