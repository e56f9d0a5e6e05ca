"""R1 recruiting: calls for partners, applications, and the manager's choice."""

from typing import Literal

from ninja import Query, Router, Schema, Status

from cocreate.core.api import (
    PUBLIC,
    Page,
    PageParams,
    UserRef,
    answers,
    organization_scope,
    page,
    page_of,
    require,
    require_actor,
)
from cocreate.programs.selectors import program_for_user

from .enums import ApplicationStatus
from .models import Application
from .rules import is_round_reviewer, recruitment_is_open
from .schemas import (
    AnswerOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationSummaryOut,
    MoveIn,
    MyApplicationOut,
    QuestionOut,
    RecruitmentIn,
    RecruitmentOut,
    ReviewIn,
    ReviewOut,
    RoundIn,
    RoundOut,
    RoundResultOut,
    RubricCriterionOut,
    StandingOut,
)
from .selectors import (
    application_for_user,
    application_in,
    applications_by_recruitment,
    applications_of,
    record_list_view,
    recruitment_for_user,
    recruitments_of,
    round_for_user,
    round_result_in,
    round_standings,
    rounds_of,
)
from .services import (
    application_decline,
    application_move,
    application_select,
    application_submit,
    recruitment_create,
    review_submit,
    round_create,
)

router = Router(tags=["recruiting"])

RECRUITMENTS = "/organizations/{slug}/programs/{program_slug}/recruitments"
RECRUITMENT = RECRUITMENTS + "/{recruitment_id}"
APPLICATION = RECRUITMENT + "/applications/{application_id}"


class ApplicationFilter(PageParams):
    status: ApplicationStatus | None = None
    q: str = ""


def _recruitment_outs(user, recruitments) -> list[RecruitmentOut]:
    mine = applications_by_recruitment(user, recruitments)
    out = []
    for r in recruitments:
        manager = user.has_perm("recruiting.list_applications", r)
        application = mine.get(r.pk)
        out.append(RecruitmentOut(
            **{f: getattr(r, f) for f in ("id", "title", "purpose", "consent_text", "target_size", "opens_at",
                                          "closes_at", "status")},
            is_open=recruitment_is_open(user, r),
            questions=[QuestionOut.from_orm(q) for q in r.questions.all()],
            application_count=getattr(r, "application_count", None) if manager else None,
            my_application=MyApplicationOut.from_orm(application) if application else None,
        ))
    return out


def _summary(application) -> ApplicationSummaryOut:
    return ApplicationSummaryOut(id=application.pk, applicant=UserRef.of(application.applicant),
                                 status=application.status, submitted_at=application.submitted_at,
                                 decided_at=application.decided_at)


def _application_out(application) -> ApplicationOut:
    return ApplicationOut(
        **_summary(application).model_dump(),
        recruitment_id=application.recruitment_id,
        profile=application.profile,
        consent_text=application.consent_text,
        consented_at=application.consented_at,
        answers=[AnswerOut(question_id=a.question_id, question=a.question.text, text=a.text)
                 for a in application.answers.all()],
    )


@router.get(RECRUITMENTS, response=answers({200: Page[RecruitmentOut]}, 404), **PUBLIC)
def recruitment_list(request, slug: str, program_slug: str, params: Query[PageParams]):
    """The program's calls for partners (drafts only for its managers), with their questions
    and, when signed in, your own application."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        qs = recruitments_of(request.user, program).select_related("program__organization").prefetch_related(
            "questions").order_by("-opens_at", "-id")
        rows, count = page_of(qs, params)
        return page(_recruitment_outs(request.user, rows), count, params)


@router.post(RECRUITMENTS, response=answers({201: RecruitmentOut}, 400, 401, 404, 422))
def recruitment_add(request, slug: str, program_slug: str, data: RecruitmentIn):
    """Open a call for partners with its questions (program managers). It stays a draft,
    seen by managers only, unless ``status`` says open."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "recruiting.add_recruitment", program)
        recruitment = recruitment_create(
            program, actor=request.user, **data.model_dump(exclude={"questions", "status"}),
            status=data.status.value, questions=[q.model_dump() for q in data.questions],
        )
        recruitment = recruitments_of(request.user, program).prefetch_related("questions").get(
            pk=recruitment.pk)
        return Status(201, _recruitment_outs(request.user, [recruitment])[0])


@router.get(RECRUITMENT, response=answers({200: RecruitmentOut}, 404), **PUBLIC)
def recruitment_detail(request, slug: str, program_slug: str, recruitment_id: int):
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        return _recruitment_outs(request.user, [recruitment])[0]


@router.post(RECRUITMENT + "/applications",
             response=answers({201: ApplicationOut, 200: ApplicationOut}, 400, 401, 404, 422))
def application_create(request, slug: str, program_slug: str, recruitment_id: int, data: ApplicationIn):
    """Apply with your answers and your consent to the use of your personal data; your
    profile is copied into the application as it is now. Applying again answers 200 with
    the application you already sent."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        if recruitment_is_open(request.user, recruitment):
            require(request.user, "recruiting.apply_recruitment", recruitment)
        # A closed call is refused by the service, with its reason.
        existed = Application.objects.filter(recruitment=recruitment, applicant=request.user).exists()
        application = application_submit(
            recruitment, applicant=request.user, consent=data.consent,
            answers={a.question_id: a.text for a in data.answers},
        )
        application = application_for_user(request.user, recruitment, application.pk)
        return Status(200 if existed else 201, _application_out(application))


@router.get(RECRUITMENT + "/applications", response=answers({200: Page[ApplicationSummaryOut]}, 401, 404))
def application_list(request, slug: str, program_slug: str, recruitment_id: int,
                     params: Query[ApplicationFilter]):
    """The applications to a call (the program's managers). Filter by ``status`` or search
    names and emails with ``q``."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        require(request.user, "recruiting.list_applications", recruitment)
        qs = applications_of(recruitment, status=params.status or None, query=params.q)
        rows, count = page_of(qs, params)
        # Names of applicants are personal data: the read is logged as on the page.
        record_list_view(request.user, recruitment, rows)
        return page([_summary(a) for a in rows], count, params)


@router.get(APPLICATION, response=answers({200: ApplicationOut}, 401, 404))
def application_detail(request, slug: str, program_slug: str, recruitment_id: int, application_id: int):
    """One application with the applicant's personal data, for the applicant and the
    program's managers. A manager's read is recorded in the audit log."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        return _application_out(application_for_user(request.user, recruitment, application_id))


def _decidable(request, org, program_slug, recruitment_id, application_id) -> Application:
    # Deciding shows no personal data, so the application is fetched without the audited
    # read; the answer is the summary.
    program = program_for_user(request.user, org, program_slug)
    recruitment = recruitment_for_user(request.user, program, recruitment_id)
    application = application_in(recruitment, application_id)
    require(request.user, "recruiting.decide_application", application)
    return application


@router.post(APPLICATION + "/select", response=answers({200: ApplicationSummaryOut}, 400, 401, 404))
def application_select_view(request, slug: str, program_slug: str, recruitment_id: int, application_id: int):
    """Pick the applicant: they join the program's cohort and are told so."""
    with organization_scope(request, slug) as org:
        application = _decidable(request, org, program_slug, recruitment_id, application_id)
        return _summary(application_select(application, actor=request.user))


@router.post(APPLICATION + "/decline", response=answers({200: ApplicationSummaryOut}, 400, 401, 404))
def application_decline_view(request, slug: str, program_slug: str, recruitment_id: int, application_id: int):
    """Decline the applicant, who is thanked and told."""
    with organization_scope(request, slug) as org:
        application = _decidable(request, org, program_slug, recruitment_id, application_id)
        return _summary(application_decline(application, actor=request.user))


# Screening rounds -------------------------------------------------------------------------

ROUNDS = RECRUITMENT + "/rounds"
ROUND = ROUNDS + "/{round_id}"


class StandingsParams(Schema):
    correction: Literal["standardise", "offset_model"] | None = None


def _round_out(round) -> RoundOut:
    return RoundOut(
        **{f: getattr(round, f) for f in ("id", "order", "name", "is_blind", "status", "opens_at", "closes_at")},
        criteria=[RubricCriterionOut.from_orm(c) for c in round.criteria.all()],
    )


def _round(request, org, program_slug, recruitment_id, round_id):
    program = program_for_user(request.user, org, program_slug)
    recruitment = recruitment_for_user(request.user, program, recruitment_id)
    return recruitment, round_for_user(request.user, recruitment, round_id)


@router.get(ROUNDS, response=answers({200: list[RoundOut]}, 401, 404))
def round_list(request, slug: str, program_slug: str, recruitment_id: int):
    """The call's screening rounds with their rubrics (the program's managers)."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        require(request.user, "recruiting.manage_rounds", recruitment)
        return [_round_out(r) for r in rounds_of(recruitment).prefetch_related("criteria")]


@router.post(ROUNDS, response=answers({201: RoundOut}, 400, 401, 404, 422))
def round_add(request, slug: str, program_slug: str, recruitment_id: int, data: RoundIn):
    """Add a screening round with its rubric; the weights add up to 100."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        require(request.user, "recruiting.manage_rounds", recruitment)
        round = round_create(recruitment, actor=request.user, **data.model_dump(exclude={"criteria", "status"}),
                             status=data.status.value, criteria=[c.model_dump() for c in data.criteria])
        return Status(201, _round_out(round))


@router.get(ROUND + "/standings", response=answers({200: list[StandingOut]}, 401, 404))
def round_standings_view(request, slug: str, program_slug: str, recruitment_id: int, round_id: int,
                         params: Query[StandingsParams]):
    """Each application's combined score, best first: for the managers, and for the round's
    reviewers once it closes (without names if the round is blind). ``correction`` removes
    reviewers' leniency first."""
    with organization_scope(request, slug) as org:
        recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.view_round_scores", round)
        show_names = request.user.has_perm("recruiting.manage_rounds", round) or not round.is_blind
        standings = round_standings(round, correction=params.correction)
        if show_names:
            record_list_view(request.user, recruitment, [s.application for s in standings])
        return [StandingOut(
            application_id=s.application.pk,
            applicant=(s.application.profile.get("name") or s.application.applicant.display_name)
            if show_names else None,
            score=s.score, capability=s.capability, willingness=s.willingness, criteria=s.per_criterion,
            reviewer_count=s.reviewer_count, outcome=s.outcome,
        ) for s in standings]


@router.put(ROUND + "/applications/{application_id}/review", response=answers({200: list[ReviewOut]}, 400, 401, 404))
def review_put(request, slug: str, program_slug: str, recruitment_id: int, round_id: int, application_id: int,
               data: ReviewIn):
    """Your scores of one application, one per reviewers' criterion; sending them again
    updates them. Only the round's reviewers, while it is open."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        # A reviewer meeting a closed round hears the service's reason, not a 404.
        require_actor(request.user, "recruiting.review_round", round, actor_rule=is_round_reviewer)
        application = round_result_in(round, application_id)
        reviews = review_submit(round, application, reviewer=request.user,
                                values={s.criterion_id: s.value for s in data.scores})
        return [ReviewOut(criterion_id=r.criterion_id, value=r.value, updated_at=r.updated_at) for r in reviews]


@router.post(ROUND + "/applications/{application_id}/move", response=answers({200: RoundResultOut}, 400, 401, 404))
def application_move_view(request, slug: str, program_slug: str, recruitment_id: int, round_id: int,
                          application_id: int, data: MoveIn):
    """Advance, waitlist or decline an application after this round; the applicant is told."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        application = round_result_in(round, application_id)
        result = application_move(application, round, outcome=data.outcome.value, actor=request.user)
        return RoundResultOut(application_id=application.pk, outcome=result.outcome, decided_at=result.decided_at)
