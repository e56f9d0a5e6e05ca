"""R1 recruiting: calls for partners, applications, and the manager's choice."""

from ninja import Query, Router, Status

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
)
from cocreate.programs.selectors import program_for_user

from .enums import ApplicationStatus
from .models import Application
from .rules import recruitment_is_open
from .schemas import (
    AnswerOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationSummaryOut,
    MyApplicationOut,
    QuestionOut,
    RecruitmentIn,
    RecruitmentOut,
)
from .selectors import (
    application_for_user,
    application_in,
    applications_by_recruitment,
    applications_of,
    record_list_view,
    recruitment_for_user,
    recruitments_of,
)
from .services import application_decline, application_select, application_submit, recruitment_create

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
