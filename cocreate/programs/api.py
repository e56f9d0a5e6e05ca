"""Programs of an organization and the agreement their partners accept."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router, Status

from cocreate.core.api import (
    PUBLIC,
    Page,
    PageParams,
    PathId,
    UserRef,
    answers,
    organization_scope,
    page,
    page_of,
    require,
    values_of,
)

from .enums import AgreementStatus
from .schemas import (
    AcceptanceOut,
    AcceptanceRowOut,
    AgreementDraftIn,
    AgreementOut,
    AgreementVersionOut,
    CriterionOut,
    PartnerOut,
    ProgramDetailOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    TimelineRow,
)
from .selectors import (
    acceptance_of,
    acceptance_overview,
    agreement_versions,
    current_agreement,
    draft_agreement,
    is_partner,
    partners_with_acceptance,
    program_for_user,
    programs_visible_to,
    published_version,
)
from .services import agreement_accept, agreement_save, program_create, program_update

router = Router(tags=["programs"])

PROGRAM = "/organizations/{slug}/programs/{program_slug}"


def program_out(program) -> ProgramOut:
    return ProgramOut.from_orm(program)


def _detail(user, program) -> ProgramDetailOut:
    return ProgramDetailOut(
        **program_out(program).model_dump(),
        timeline=[TimelineRow(stage=row["stage"], label=str(row["stage"].label), starts=row["starts"],
                              ends=row["ends"], state=row["state"]) for row in program.timeline()],
        is_partner=is_partner(user, program),
        can_change=user.has_perm("programs.change_program", program),
    )


@router.get("/organizations/{slug}/programs", response=answers({200: Page[ProgramOut]}, 404), **PUBLIC)
def program_list(request, slug: str, params: Query[PageParams]):
    """Programs you may see: public programs that have started, those you are a partner of,
    and every program for the organization's staff."""
    with organization_scope(request, slug) as org:
        rows, count = page_of(programs_visible_to(request.user, org).order_by("-created_at", "-id"), params)
        return page([program_out(p) for p in rows], count, params)


@router.post("/organizations/{slug}/programs", response=answers({201: ProgramDetailOut}, 400, 401, 404, 422))
def program_add(request, slug: str, data: ProgramIn):
    """Create a program (program managers and organization admins)."""
    with organization_scope(request, slug) as org:
        require(request.user, "programs.add_program", org)
        program = program_create(organization=org, actor=request.user, **values_of(data, partial=False))
        return Status(201, _detail(request.user, program))


@router.get(PROGRAM, response=answers({200: ProgramDetailOut}, 404), **PUBLIC)
def program_detail(request, slug: str, program_slug: str):
    with organization_scope(request, slug) as org:
        return _detail(request.user, program_for_user(request.user, org, program_slug))


@router.patch(PROGRAM, response=answers({200: ProgramDetailOut}, 400, 401, 404, 422))
def program_change(request, slug: str, program_slug: str, data: ProgramPatch):
    """Change a program; fields you leave out stay as they are."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "programs.change_program", program)
        program = program_update(program, actor=request.user, **values_of(data))
        return _detail(request.user, program)


def _agreement(request, org, program_slug):
    program = program_for_user(request.user, org, program_slug)
    agreement = current_agreement(program)
    if agreement is None:
        raise Http404
    require(request.user, "programs.view_agreement", agreement)
    return agreement


def _agreement_out(user, agreement) -> AgreementOut:
    acceptance = acceptance_of(user, agreement) if agreement.status == AgreementStatus.PUBLISHED else None
    return AgreementOut(
        **{f: getattr(agreement, f) for f in ("version", "status", "evaluators", "method", "ip_ownership",
                                              "confidentiality", "result_consent", "rejection_process",
                                              "data_use", "is_material", "crowd_vote_share", "published_at",
                                              "leniency", "crowd_source", "min_judges", "comments_to_author")},
        criteria=[CriterionOut.from_orm(c) for c in agreement.criteria.all()],
        accepted_at=acceptance.accepted_at if acceptance else None,
        can_accept=acceptance is None and user.has_perm("programs.accept_agreement", agreement),
    )


@router.get(PROGRAM + "/agreement", response=answers({200: AgreementOut}, 404), **PUBLIC)
def agreement_detail(request, slug: str, program_slug: str):
    """The agreement in force: who evaluates, how, on which weighted criteria, who owns the
    results, what stays confidential. 404 while none is published."""
    with organization_scope(request, slug) as org:
        return _agreement_out(request.user, _agreement(request, org, program_slug))


@router.post(PROGRAM + "/agreement/accept", response=answers({200: AcceptanceOut}, 400, 401, 404))
def agreement_accept_view(request, slug: str, program_slug: str):
    """Accept the agreement in force (the program's partners). Accepting twice changes
    nothing; the first acceptance, with its version and time, is what counts."""
    with organization_scope(request, slug) as org:
        agreement = _agreement(request, org, program_slug)
        require(request.user, "programs.accept_agreement", agreement)
        acceptance = agreement_accept(agreement, user=request.user)
        return AcceptanceOut(version=acceptance.version, accepted_at=acceptance.accepted_at)


@router.get(PROGRAM + "/agreement/draft", response=answers({200: AgreementOut}, 401, 404))
def agreement_draft_detail(request, slug: str, program_slug: str):
    """The version a manager is preparing (program managers); 404 when none is open."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "programs.add_agreement", program)
        draft = draft_agreement(program)
        if draft is None:
            raise Http404
        return _agreement_out(request.user, draft)


@router.put(PROGRAM + "/agreement/draft", response=answers({200: AgreementOut}, 400, 401, 404, 422))
def agreement_draft_save(request, slug: str, program_slug: str, data: AgreementDraftIn):
    """Write the next version of the agreement and, with ``publish: true``, put it in force
    (program managers). A version somebody accepted is never edited: a change is a new
    version. When publishing is refused (weights that do not add up to 100, a missing text)
    the draft is still saved and the answer is 400 with the reason."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "programs.add_agreement", program)
        values = data.model_dump(exclude_unset=True, exclude={"publish", "criteria"})
        for name in ("is_material", "leniency", "crowd_source", "min_judges", "comments_to_author"):
            if name in values and values[name] is None:
                values.pop(name)
        criteria = [c.model_dump() for c in data.criteria] if data.criteria is not None else None
        agreement = agreement_save(program, actor=request.user, criteria=criteria, publish=data.publish,
                                   **values)
        agreement.refresh_from_db()
        return _agreement_out(request.user, agreement)


@router.get(PROGRAM + "/partners", response=answers({200: Page[PartnerOut]}, 401, 404))
def partner_list(request, slug: str, program_slug: str, params: Query[PageParams]):
    """The program's cohort and who accepted the agreement in force (the organization's staff)."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "programs.view_partners", program)
        rows, count = page_of(partners_with_acceptance(program).order_by("joined_at", "id"), params)
        return page([PartnerOut(user=UserRef.of(p.user), joined_at=p.joined_at, accepted_at=p.accepted_at)
                     for p in rows], count, params)


def _version(request, org, program_slug, version):
    program = program_for_user(request.user, org, program_slug)
    agreement = published_version(program, version)
    if agreement is None:
        raise Http404
    require(request.user, "programs.view_agreement", agreement)
    return agreement


@router.get(PROGRAM + "/agreement/versions", response=answers({200: list[AgreementVersionOut]}, 404), **PUBLIC)
def agreement_version_list(request, slug: str, program_slug: str):
    """The versions put in force, newest first, that you may read: the one in force for
    everyone who sees the program, earlier ones for its partners and staff."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        return [AgreementVersionOut(version=a.version, status=a.status, is_material=a.is_material,
                                    published_at=a.published_at)
                for a in agreement_versions(program) if request.user.has_perm("programs.view_agreement", a)]


@router.get(PROGRAM + "/agreement/versions/{version}", response=answers({200: AgreementOut}, 404), **PUBLIC)
def agreement_version_detail(request, slug: str, program_slug: str, version: PathId):
    """One version's terms and criteria; 404 for drafts and for versions you may not read."""
    with organization_scope(request, slug) as org:
        return _agreement_out(request.user, _version(request, org, program_slug, version))


@router.get(PROGRAM + "/agreement/versions/{version}/pdf", response=answers({200: None}, 404), **PUBLIC)
def agreement_version_pdf(request, slug: str, program_slug: str, version: PathId):
    """The printable PDF of one version, labelled in your language (Korean or English)."""
    from .pdf import agreement_pdf

    with organization_scope(request, slug) as org:
        agreement = _version(request, org, program_slug, version)
        language = "ko" if (get_language() or "").startswith("ko") else "en"
        return HttpResponse(agreement_pdf(agreement, language=language), content_type="application/pdf")


@router.get(PROGRAM + "/agreement/acceptances", response=answers({200: Page[AcceptanceRowOut]}, 401, 404))
def acceptance_list(request, slug: str, program_slug: str, params: Query[PageParams]):
    """Every partner with the latest version they accepted and whether it is the one in force
    (program managers)."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "programs.view_acceptances", program)
        current = current_agreement(program)
        rows, count = page_of(acceptance_overview(program), params)
        return page([AcceptanceRowOut(
            user=UserRef.of(p.user), joined_at=p.joined_at, accepted_version=p.accepted_version,
            accepted_at=p.accepted_at, carried_forward=p.carried_from_id is not None,
            up_to_date=current is not None and p.accepted_version == current.version,
        ) for p in rows], count, params)
