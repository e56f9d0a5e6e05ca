"""R1 recruiting: calls for partners, applications, and the manager's choice."""

from typing import Literal

from django.http import Http404
from django_scopes import scope, scopes_disabled
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from cocreate.core.api import (
    PUBLIC,
    TITLE,
    Id,
    Page,
    PageParams,
    PathId,
    UserRef,
    answers,
    organization_scope,
    page,
    page_of,
    require,
    require_actor,
)
from cocreate.programs.selectors import program_for_user

from . import cohorts
from . import imports as importing
from .enums import ApplicationStatus, RoundStatus
from .models import Application, Round
from .rules import is_round_reviewer, recruitment_is_open
from .schemas import (
    AnswerOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationSummaryOut,
    AssignmentApplicationsIn,
    AssignmentOut,
    DistributeIn,
    ImportColumnOut,
    ImportJobOut,
    ImportMappingIn,
    ImportRowErrorOut,
    InvitationAnswerIn,
    InvitationOut,
    MoveIn,
    MyAnswerOut,
    MyApplicationDetailOut,
    MyApplicationOut,
    MyApplicationSummaryOut,
    MyRoundOutcomeOut,
    QuestionOut,
    QuotaOut,
    QuotasIn,
    RecruitmentIn,
    RecruitmentOut,
    ReviewIn,
    ReviewOut,
    RoundIn,
    RoundOut,
    RoundResultOut,
    RubricCriterionOut,
    SelectionAcceptIn,
    SelectionEntryOut,
    SelectionOut,
    SelectionRunIn,
    StandingOut,
)
from .selectors import (
    application_assigned_to,
    application_for_user,
    application_in,
    applications_by_recruitment,
    applications_of,
    applications_of_user,
    assignment_in,
    assignments_with_applications,
    is_opinion_leader,
    record_list_view,
    recruitment_for_user,
    recruitments_of,
    reviewer_candidates,
    round_for_user,
    round_result_in,
    round_standings,
    rounds_of,
    told_outcomes,
)
from .selectors import my_application as my_application_of
from .services import (
    application_decline,
    application_move,
    application_select,
    application_submit,
    application_withdraw,
    assignment_set_applications,
    recruitment_create,
    review_submit,
    reviewer_assign,
    reviewers_distribute,
    round_create,
    round_transition,
)

router = Router(tags=["recruiting"])

RECRUITMENTS = "/organizations/{slug}/programs/{program_slug}/recruitments"
RECRUITMENT = RECRUITMENTS + "/{recruitment_id}"
APPLICATION = RECRUITMENT + "/applications/{application_id}"


class ApplicationFilter(PageParams):
    status: ApplicationStatus | None = None
    q: str = Field("", max_length=200)
    opinion_leaders: bool = False
    source: str | None = Field(None, max_length=TITLE,
                               description="A source community; an empty string is the open call.")


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
    return ApplicationSummaryOut(
        id=application.pk, applicant=None if application.applicant_id is None else UserRef.of(application.applicant),
        status=application.status, submitted_at=application.submitted_at, decided_at=application.decided_at,
        withdrawn_at=application.withdrawn_at, anonymised_at=application.anonymised_at,
        source=application.source,
        opinion_leader=None if application.anonymised_at else is_opinion_leader(application.profile,
                                                                                application.recruitment))


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
def recruitment_detail(request, slug: str, program_slug: str, recruitment_id: PathId):
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        return _recruitment_outs(request.user, [recruitment])[0]


@router.post(RECRUITMENT + "/applications",
             response=answers({201: ApplicationOut, 200: ApplicationOut}, 400, 401, 404, 422))
def application_create(request, slug: str, program_slug: str, recruitment_id: PathId, data: ApplicationIn):
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
def application_list(request, slug: str, program_slug: str, recruitment_id: PathId,
                     params: Query[ApplicationFilter]):
    """The applications to a call (the program's managers). Filter by ``status`` or search
    names and emails with ``q``."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        require(request.user, "recruiting.list_applications", recruitment)
        qs = applications_of(recruitment, status=params.status or None, query=params.q,
                             opinion_leaders=params.opinion_leaders, source=params.source)
        rows, count = page_of(qs, params)
        # Names of applicants are personal data: the read is logged as on the page.
        record_list_view(request.user, recruitment, rows)
        return page([_summary(a) for a in rows], count, params)


@router.get(APPLICATION, response=answers({200: ApplicationOut}, 401, 404))
def application_detail(request, slug: str, program_slug: str, recruitment_id: PathId, application_id: PathId):
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
def application_select_view(request, slug: str, program_slug: str, recruitment_id: PathId, application_id: PathId):
    """Pick the applicant: they join the program's cohort and are told so."""
    with organization_scope(request, slug) as org:
        application = _decidable(request, org, program_slug, recruitment_id, application_id)
        return _summary(application_select(application, actor=request.user))


@router.post(APPLICATION + "/decline", response=answers({200: ApplicationSummaryOut}, 400, 401, 404))
def application_decline_view(request, slug: str, program_slug: str, recruitment_id: PathId, application_id: PathId):
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
def round_list(request, slug: str, program_slug: str, recruitment_id: PathId):
    """The call's screening rounds with their rubrics (the program's managers)."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        require(request.user, "recruiting.manage_rounds", recruitment)
        return [_round_out(r) for r in rounds_of(recruitment).prefetch_related("criteria")]


@router.post(ROUNDS, response=answers({201: RoundOut}, 400, 401, 404, 422))
def round_add(request, slug: str, program_slug: str, recruitment_id: PathId, data: RoundIn):
    """Add a screening round with its rubric; the weights add up to 100."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        recruitment = recruitment_for_user(request.user, program, recruitment_id)
        require(request.user, "recruiting.manage_rounds", recruitment)
        round = round_create(recruitment, actor=request.user, **data.model_dump(exclude={"criteria", "status"}),
                             status=data.status.value, criteria=[c.model_dump() for c in data.criteria])
        return Status(201, _round_out(round))


@router.get(ROUND + "/standings", response=answers({200: list[StandingOut]}, 401, 404))
def round_standings_view(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId,
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
            applicant=s.application.applicant_name
            if show_names and not s.application.anonymised_at else None,
            score=s.score, capability=s.capability, willingness=s.willingness, criteria=s.per_criterion,
            reviewer_count=s.reviewer_count, outcome=s.outcome,
        ) for s in standings]


@router.put(ROUND + "/applications/{application_id}/review", response=answers({200: list[ReviewOut]}, 400, 401, 404))
def review_put(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId, application_id: PathId,
               data: ReviewIn):
    """Your scores of one application, one per reviewers' criterion; sending them again
    updates them. Only the round's reviewers, while it is open."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        # A reviewer meeting a closed round hears the service's reason, not a 404.
        require_actor(request.user, "recruiting.review_round", round, actor_rule=is_round_reviewer)
        # An application not assigned to this reviewer answers 404, as if it did not exist.
        application = application_assigned_to(round, request.user, application_id)
        reviews = review_submit(round, application, reviewer=request.user,
                                values={s.criterion_id: s.value for s in data.scores})
        return [ReviewOut(criterion_id=r.criterion_id, value=r.value, updated_at=r.updated_at) for r in reviews]


@router.post(ROUND + "/applications/{application_id}/move", response=answers({200: RoundResultOut}, 400, 401, 404))
def application_move_view(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId,
                          application_id: PathId, data: MoveIn):
    """Advance, waitlist or decline an application after this round; the applicant is told."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        application = round_result_in(round, application_id)
        result = application_move(application, round, outcome=data.outcome.value, actor=request.user)
        return RoundResultOut(application_id=application.pk, outcome=result.outcome, decided_at=result.decided_at)


# The applicant's own applications, reviewer assignment ---------------------------------------

def _my_summary(user, application) -> dict:
    recruitment = application.recruitment
    return dict(
        id=application.pk, recruitment_id=recruitment.pk, recruitment=recruitment.title,
        program=recruitment.program.title, organization=recruitment.program.organization.slug,
        status=application.status, submitted_at=application.submitted_at, decided_at=application.decided_at,
        withdrawn_at=application.withdrawn_at, anonymised_at=application.anonymised_at,
        can_withdraw=user.has_perm("recruiting.withdraw_application", application),
    )


def _my_detail(user, application) -> MyApplicationDetailOut:
    return MyApplicationDetailOut(
        **_my_summary(user, application),
        answers=[MyAnswerOut(question_id=a.question_id, question=a.question.text, kind=a.question.kind, text=a.text)
                 for a in application.answers.all()],
        outcomes=[MyRoundOutcomeOut(round=r.round.name, outcome=r.outcome, decided_at=r.decided_at)
                  for r in told_outcomes(application)],
    )


@router.get("/me/applications", response=answers({200: Page[MyApplicationSummaryOut]}, 401))
def my_applications(request, params: Query[PageParams]):
    """Every application you sent, in any organization, newest first, with where it stands."""
    # The applicant filter is the tenant boundary here, as on the "my applications" page.
    with scopes_disabled():
        rows, count = page_of(applications_of_user(request.user), params)
        return page([MyApplicationSummaryOut(**_my_summary(request.user, a)) for a in rows], count, params)


@router.get("/me/applications/{application_id}", response=answers({200: MyApplicationDetailOut}, 401, 404))
def my_application(request, application_id: PathId):
    """One of your applications with your answers and the round outcomes you were told."""
    with scopes_disabled():
        return _my_detail(request.user, my_application_of(request.user, application_id))


@router.post("/me/applications/{application_id}/withdraw",
             response=answers({200: MyApplicationDetailOut}, 400, 401, 404))
def my_application_withdraw(request, application_id: PathId):
    """Take back your application while nobody has decided on it; withdrawing again changes
    nothing. A decided application answers 400 with the reason."""
    with scopes_disabled():
        application = my_application_of(request.user, application_id)
        application_withdraw(application, actor=request.user)
        return _my_detail(request.user, my_application_of(request.user, application_id))


def _assignment_out(assignment) -> AssignmentOut:
    return AssignmentOut(id=assignment.pk, reviewer=UserRef.of(assignment.reviewer),
                         application_ids=sorted(a.pk for a in assignment.applications.all()))


@router.get(ROUND + "/reviewers", response=answers({200: list[AssignmentOut]}, 401, 404))
def round_reviewers(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId):
    """The round's reviewers and the applications each reviews (the program's managers)."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        return [_assignment_out(a) for a in assignments_with_applications(round)]


@router.put(ROUND + "/reviewers/{assignment_id}/applications",
            response=answers({200: AssignmentOut}, 400, 401, 404, 422))
def round_reviewer_applications(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId,
                                assignment_id: PathId, data: AssignmentApplicationsIn):
    """Which applications of the round this reviewer reviews; an empty list means every one."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        assignment = assignment_in(round, assignment_id)
        assignment_set_applications(assignment, applications=data.application_ids, actor=request.user)
        return _assignment_out(assignment_in(round, assignment_id))


@router.post(ROUND + "/reviewers/distribute", response=answers({200: list[AssignmentOut]}, 400, 401, 404, 422))
def round_reviewers_distribute(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId,
                               data: DistributeIn):
    """Give each application ``per_application`` of the assigned reviewers, balancing their
    load (deterministic); replaces the applications chosen for each reviewer."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        reviewers_distribute(round, per_application=data.per_application, actor=request.user)
        return [_assignment_out(a) for a in assignments_with_applications(round)]


# Assigning a reviewer and opening or closing a round, as the round page does ----------------



class ReviewerAssignIn(Schema):
    reviewer_id: Id
    application_ids: list[Id] = Field([], max_length=100_000)


class RoundStatusIn(Schema):
    status: RoundStatus


@router.post(ROUND + "/reviewers", response=answers({201: AssignmentOut}, 400, 401, 404, 422))
def round_reviewer_add(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId,
                       data: ReviewerAssignIn):
    """Assign a reviewer or program manager of the organization to the round: every application,
    or only ``application_ids``. Assigning again changes which applications."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        reviewer = {u.pk: u for u in reviewer_candidates(org)}.get(data.reviewer_id)
        if reviewer is None:
            raise Http404
        assignment = reviewer_assign(round, reviewer=reviewer, actor=request.user, applications=data.application_ids)
        return Status(201, _assignment_out(assignment_in(round, assignment.pk)))


@router.post(ROUND + "/status", response=answers({200: RoundOut}, 400, 401, 404, 422))
def round_status_view(request, slug: str, program_slug: str, recruitment_id: PathId, round_id: PathId,
                      data: RoundStatusIn):
    """Open the round for reviews or close it (its reviewers then see the combined scores)."""
    with organization_scope(request, slug) as org:
        _recruitment, round = _round(request, org, program_slug, recruitment_id, round_id)
        require(request.user, "recruiting.manage_rounds", round)
        round_transition(round, actor=request.user, to=data.status.value)
        return _round_out(round)


# Applicant imports -------------------------------------------------------------------------



IMPORTS = RECRUITMENT + "/imports"
IMPORT = IMPORTS + "/{import_id}"


def _import_out(job) -> ImportJobOut:
    return ImportJobOut(
        **{f: getattr(job, f) for f in ("id", "recruitment_id", "original_name", "source", "consent_basis", "status",
                                        "total_rows", "processed_rows", "created_count", "duplicate_count",
                                        "created_at", "finished_at")},
        columns=[ImportColumnOut(index=i, header=h, target=job.mapping.get(str(i))) for i, h in enumerate(job.columns)],
        error_count=job.error_count,
        # The first refused rows only: a file of 200,000 bad rows must not make a 24 MB answer.
        errors=[ImportRowErrorOut(row=e.row, codes=[r["code"] for r in e.reasons],
                                  errors=importing.row_errors_text(e.reasons))
                for e in importing.row_errors(job)[:importing.API_ROW_ERRORS]]
        + ([ImportRowErrorOut(row=None, codes=[job.problem], errors=[importing.problem_text(job.problem)])]
           if job.problem else []),
    )


def _importable(request, org, program_slug, recruitment_id):
    program = program_for_user(request.user, org, program_slug)
    recruitment = recruitment_for_user(request.user, program, recruitment_id)
    require(request.user, "recruiting.import_applications", recruitment)
    return recruitment


@router.post(IMPORTS, response=answers({201: ImportJobOut}, 400, 401, 404, 422))
def import_create(request, slug: str, program_slug: str, recruitment_id: PathId, file: File[UploadedFile],
                  source: Form[str], consent_basis: Form[str]):
    """Upload an intermediary's export (multipart: ``file``, CSV or XLSX up to 10 MB with a header row;
    ``source``, the community; ``consent_basis``, how consent was obtained). Answers the columns with
    the mapping guessed from their headers; nothing is imported before ``start``."""
    with organization_scope(request, slug) as org:
        recruitment = _importable(request, org, program_slug, recruitment_id)
        job = importing.import_upload(recruitment, actor=request.user, file=file, source=source,
                                      consent_basis=consent_basis)
        return Status(201, _import_out(job))


@router.get(IMPORT, response=answers({200: ImportJobOut}, 401, 404))
def import_detail(request, slug: str, program_slug: str, recruitment_id: PathId, import_id: PathId):
    """An import's status, progress (``processed_rows`` of ``total_rows``), counts and refused rows."""
    with organization_scope(request, slug) as org:
        recruitment = _importable(request, org, program_slug, recruitment_id)
        return _import_out(importing.import_for_user(request.user, recruitment, import_id))


@router.put(IMPORT + "/mapping", response=answers({200: ImportJobOut}, 400, 401, 404, 422))
def import_mapping(request, slug: str, program_slug: str, recruitment_id: PathId, import_id: PathId,
                   data: ImportMappingIn):
    """Say which column fills what, replacing the guessed mapping; only before the import starts."""
    with organization_scope(request, slug) as org:
        recruitment = _importable(request, org, program_slug, recruitment_id)
        job = importing.import_for_user(request.user, recruitment, import_id)
        return _import_out(importing.import_set_mapping(job, actor=request.user, mapping=data.mapping))


@router.post(IMPORT + "/start", response=answers({202: ImportJobOut}, 400, 401, 404))
def import_start_view(request, slug: str, program_slug: str, recruitment_id: PathId, import_id: PathId):
    """Queue the import; follow it with GET. Starting again changes nothing."""
    with organization_scope(request, slug) as org:
        recruitment = _importable(request, org, program_slug, recruitment_id)
        job = importing.import_for_user(request.user, recruitment, import_id)
        return Status(202, _import_out(importing.import_start(job, actor=request.user)))


# Optimal, diverse selection (recruiting.cohorts) ------------------------------------------



SELECTIONS = RECRUITMENT + "/selections"


def _selection_manager(request, org, program_slug, recruitment_id):
    program = program_for_user(request.user, org, program_slug)
    recruitment = recruitment_for_user(request.user, program, recruitment_id)
    require(request.user, "recruiting.manage_selection", recruitment)
    return recruitment


def _selection_out(request, recruitment, selection) -> SelectionOut:
    entries = cohorts.entries_of(selection)
    # Names of applicants are personal data: the read is logged as on the page.
    record_list_view(request.user, recruitment, [e.application for e in entries])
    r = selection.result
    return SelectionOut(
        **{f: getattr(selection, f) for f in ("id", "status", "size", "seed", "round_id", "correction", "created_at",
                                              "accepted_at", "confirm_days")},
        **{f: r.get(f) or 0 for f in ("total", "unconstrained_total", "price_of_diversity", "price_percent",
                                      "lottery_window", "pool_size")},
        method=r.get("method", ""), quotas=r.get("quotas", []),
        entries=[SelectionEntryOut(
            id=e.pk, application_id=e.application_id,
            applicant=e.application.applicant_name,
            **{f: getattr(e, f) for f in ("role", "rank", "score", "status", "invited_at", "deadline",
                                          "responded_at")},
        ) for e in entries],
    )


@router.get(RECRUITMENT + "/quotas", response=answers({200: list[QuotaOut]}, 401, 404))
def quotas_list(request, slug: str, program_slug: str, recruitment_id: PathId):
    """The recruitment's quotas (the program's managers)."""
    with organization_scope(request, slug) as org:
        recruitment = _selection_manager(request, org, program_slug, recruitment_id)
        return [QuotaOut.from_orm(q) for q in cohorts.quotas_of(recruitment)]


@router.put(RECRUITMENT + "/quotas", response=answers({200: list[QuotaOut]}, 400, 401, 404, 422))
def quotas_put(request, slug: str, program_slug: str, recruitment_id: PathId, data: QuotasIn):
    """Replace the quotas; every problem is listed at once and nothing changes then."""
    with organization_scope(request, slug) as org:
        recruitment = _selection_manager(request, org, program_slug, recruitment_id)
        saved = cohorts.quotas_set(recruitment, actor=request.user, quotas=[
            q.model_dump() | {"attribute": q.attribute.value} for q in data.quotas])
        return [QuotaOut.from_orm(q) for q in saved]


@router.post(SELECTIONS, response=answers({201: SelectionOut}, 400, 401, 404, 422))
def selection_run_view(request, slug: str, program_slug: str, recruitment_id: PathId, data: SelectionRunIn):
    """Propose the proven-optimal cohort of ``size`` under the quotas. Quotas that no cohort can
    meet answer 400 with each reason (and the smallest change that would work) under ``errors``."""
    with organization_scope(request, slug) as org:
        recruitment = _selection_manager(request, org, program_slug, recruitment_id)
        round = None
        if data.round_id is not None:
            round = Round.objects.filter(recruitment=recruitment, pk=data.round_id).first()
            if round is None:
                raise Http404
        selection = cohorts.selection_run(recruitment, actor=request.user, size=data.size, round=round,
                                          correction=data.correction, seed=data.seed, tie_window=data.tie_window)
        return Status(201, _selection_out(request, recruitment, selection))


@router.get(SELECTIONS + "/{selection_id}", response=answers({200: SelectionOut}, 401, 404))
def selection_detail_view(request, slug: str, program_slug: str, recruitment_id: PathId, selection_id: PathId):
    """One run: its proof, quotas and, once accepted, where each invitation stands."""
    with organization_scope(request, slug) as org:
        recruitment = _selection_manager(request, org, program_slug, recruitment_id)
        return _selection_out(request, recruitment, cohorts.selection_in(recruitment, selection_id))


@router.post(SELECTIONS + "/{selection_id}/accept", response=answers({200: SelectionOut}, 400, 401, 404, 422))
def selection_accept_view(request, slug: str, program_slug: str, recruitment_id: PathId, selection_id: PathId,
                          data: SelectionAcceptIn):
    """Accept the latest proposal: the chosen are invited and told, with the deadline."""
    with organization_scope(request, slug) as org:
        recruitment = _selection_manager(request, org, program_slug, recruitment_id)
        selection = cohorts.selection_in(recruitment, selection_id)
        cohorts.selection_accept(selection, actor=request.user, confirm_days=data.confirm_days)
        return _selection_out(request, recruitment, selection)


def _invitation_out(entry) -> InvitationOut:
    recruitment = entry.selection.recruitment
    return InvitationOut(id=entry.pk, recruitment_id=recruitment.pk, recruitment=recruitment.title,
                         program=recruitment.program.title, status=entry.status, invited_at=entry.invited_at,
                         deadline=entry.deadline, responded_at=entry.responded_at)


@router.get("/me/invitations", response=answers({200: list[InvitationOut]}, 401))
def my_invitations(request):
    """Your invitations from every organization, open ones with their deadline."""
    return [_invitation_out(e) for e in cohorts.invitations_of_user(request.user)]


@router.post("/me/invitations/{entry_id}/respond", response=answers({200: InvitationOut}, 400, 401, 404, 422))
def invitation_respond_view(request, entry_id: PathId, data: InvitationAnswerIn):
    """Confirm your place (you join the program's cohort) or decline it (it goes to the next
    person on the waiting list who keeps the quotas). Only before the deadline."""
    entry = cohorts.invitation_for_user(request.user, entry_id)
    with scope(organization=entry.selection.recruitment.program.organization):
        cohorts.invitation_respond(entry, actor=request.user, accept=data.accept)
        return _invitation_out(entry)
