"""The standing pool: program managers search it and invite members to programs; a member
answers their invitations under /me/pool. Same permissions as the pages."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled
from ninja import Query, Router, Status

from cocreate.core.api import (
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
from cocreate.core.errors import DomainError
from cocreate.programs.models import Program

from . import selectors, services
from .enums import PoolSource
from .rules import is_invitee
from .schemas import (
    CandidateOut,
    CandidateParams,
    InvitationOut,
    InviteIn,
    MyInvitationOut,
    MyMembershipOut,
    MyMembershipPatch,
    PoolAddIn,
    PoolFilter,
    PoolMemberDetailOut,
    PoolMemberOut,
    PoolMemberPatch,
    ProfileOut,
    ProgramRecordOut,
    RespondIn,
    TrackRecordOut,
)

router = Router(tags=["pool"])

POOL = "/organizations/{slug}/pool"
MEMBER = POOL + "/{int:member_id}"


def _track(m) -> TrackRecordOut:
    return TrackRecordOut(**{f: getattr(m, f) for f in TrackRecordOut.model_fields})


def _member_out(m) -> PoolMemberOut:
    return PoolMemberOut(
        id=m.pk, user=UserRef.of(m.user), status=m.status, source=m.source,
        source_program=m.source_program.slug if m.source_program else None, joined_at=m.joined_at,
        track_record=_track(m),
    )


def _invitation_fields(i) -> dict:
    return {"id": i.pk, "program": i.program.slug, "program_title": i.program.title, "message": i.message,
            "status": i.status, "is_expired": i.is_expired, "invited_by": UserRef.of(i.invited_by),
            "invited_at": i.invited_at, "deadline": i.deadline, "responded_at": i.responded_at}


def _detail(user, org, member) -> PoolMemberDetailOut:
    return PoolMemberDetailOut(
        **_member_out(member).model_dump(),
        profile=ProfileOut(**{f: getattr(member.user, f) for f in ProfileOut.model_fields}),
        note=member.note,
        by_program=[ProgramRecordOut(
            program=None if r["is_open_channel"] else r["program"].slug,
            title=None if r["is_open_channel"] else r["program"].title,
            **{k: r[k] for k in ("joined_at", "missions_with_ideas", "ideas_submitted", "ideas_accepted",
                                 "ideas_implemented", "average_score")},
        ) for r in selectors.track_record_by_program(member)],
        invitations=[InvitationOut(**_invitation_fields(i)) for i in selectors.invitations_of(member)],
        can_invite=user.has_perm("pool.invite_member", member),
    )


@router.get(POOL, response=answers({200: Page[PoolMemberOut]}, 401, 404))
def pool_list(request, slug: str, params: Query[PoolFilter]):
    """The pool with each member's track record, best first (program managers and admins).
    Reading it is recorded in the audit log (personal data)."""
    with organization_scope(request, slug) as org:
        require(request.user, "pool.view_pool", org)
        program = None
        if params.program:
            program = Program.objects.filter(organization=org, slug=params.program).first()
            if program is None:
                raise Http404
        qs = selectors.pool_members(
            org, query=params.q, status=params.status.value if params.status else "",
            interest=params.interest, region=params.region,
            age_band=params.age_band.value if params.age_band else "", opinion_leader=params.opinion_leader,
            program=program, has_accepted_ideas=params.has_accepted_ideas,
        )
        rows, count = page_of(qs, params)
        selectors.attach_scores(org, rows)
        selectors.record_pool_view(request.user, org, rows)
        return page([_member_out(m) for m in rows], count, params)


@router.post(POOL, response=answers({201: PoolMemberDetailOut}, 400, 401, 404, 422))
def pool_add(request, slug: str, data: PoolAddIn):
    """Add a person with an account to the pool, by id or email (program managers and admins).
    Adding someone already in it changes nothing; alumni become active again, and so do
    removed members added by hand."""
    with organization_scope(request, slug) as org:
        require(request.user, "pool.manage_pool", org)
        if data.source == PoolSource.SELECTED:
            raise DomainError(_("Partners join the pool when they are selected for a program."), code="source")
        users = get_user_model().objects.filter(is_active=True)
        if data.user_id is not None:
            user = users.filter(pk=data.user_id).first()
        elif data.email:
            user = users.filter(email__iexact=data.email.strip()).first()
        else:
            user = None
        if user is None:
            raise Http404
        member = services.pool_add(org, user, actor=request.user, source=data.source)
        return Status(201, _detail(request.user, org, selectors.pool_member_for_user(request.user, org, member.pk)))


@router.get(POOL + "/candidates", response=answers({200: Page[CandidateOut]}, 401, 404))
def pool_candidates(request, slug: str, params: Query[CandidateParams]):
    """Open-channel contributors outside the pool with an accepted idea or one with at least
    ``min_supports`` supports, ranked (program managers and admins)."""
    with organization_scope(request, slug) as org:
        require(request.user, "pool.manage_pool", org)
        rows, count = page_of(selectors.pool_candidates(org, min_supports=params.min_supports), params)
        return page([CandidateOut(user=UserRef.of(u), accepted_open_ideas=u.accepted_open_ideas,
                                  best_support=u.best_support, total_support=u.total_support,
                                  open_ideas=u.open_ideas) for u in rows], count, params)


@router.get(MEMBER, response=answers({200: PoolMemberDetailOut}, 401, 404))
def pool_member(request, slug: str, member_id: PathId):
    """One member: profile, track record per program and invitations. The read is audited."""
    with organization_scope(request, slug) as org:
        return _detail(request.user, org, selectors.pool_member_for_user(request.user, org, member_id))


@router.patch(MEMBER, response=answers({200: PoolMemberDetailOut}, 400, 401, 404, 422))
def pool_member_change(request, slug: str, member_id: PathId, data: PoolMemberPatch):
    """Set the status or the managers' note (program managers and admins). Resting or
    leaving withdraws the member's pending invitations."""
    with organization_scope(request, slug) as org:
        member = selectors.pool_member_in(org, member_id)
        require(request.user, "pool.manage_pool", member)
        if data.status is not None:
            services.pool_set_status(member, actor=request.user, status=data.status.value)
        if data.note is not None:
            services.pool_set_note(member, actor=request.user, note=data.note)
        return _detail(request.user, org, selectors.pool_member_for_user(request.user, org, member_id))


@router.post(MEMBER + "/invitations", response=answers({201: InvitationOut}, 400, 401, 404, 422))
def pool_invite(request, slug: str, member_id: PathId, data: InviteIn):
    """Invite an active member to a program, without an open call. The member is told in
    their language, in the app and by mail."""
    with organization_scope(request, slug) as org:
        member = selectors.pool_member_in(org, member_id)
        require(request.user, "pool.manage_pool", member)
        program = selectors.programs_for_invitation(org).filter(slug=data.program).first()
        if program is None:
            raise Http404
        invitation = services.pool_invite(member, program, actor=request.user, message=data.message,
                                          deadline=data.deadline)
        return Status(201, InvitationOut(**_invitation_fields(invitation)))


@router.get("/me/pool", response=answers({200: list[MyMembershipOut]}, 401))
def my_memberships(request):
    """The pools you belong to."""
    with scopes_disabled():
        return [MyMembershipOut(id=m.pk, organization=m.organization.slug, organization_name=m.organization.name,
                                status=m.status, joined_at=m.joined_at)
                for m in selectors.memberships_of_user(request.user)]


@router.patch("/me/pool/{int:member_id}", response=answers({200: MyMembershipOut}, 400, 401, 404, 422))
def my_membership_change(request, member_id: PathId, data: MyMembershipPatch):
    """Rest (no invitations for now) or come back: ``active`` or ``resting``."""
    with scopes_disabled():
        member = selectors.membership_of_user(request.user, member_id)
    require(request.user, "pool.rest_membership", member)
    with scope(organization=member.organization):
        services.pool_set_status(member, actor=request.user, status=data.status.value)
    return MyMembershipOut(id=member.pk, organization=member.organization.slug,
                           organization_name=member.organization.name, status=member.status,
                           joined_at=member.joined_at)


def _my_invitation(user, i) -> MyInvitationOut:
    return MyInvitationOut(**_invitation_fields(i), organization=i.member.organization.slug,
                           organization_name=i.member.organization.name,
                           can_respond=user.has_perm("pool.respond_invitation", i))


@router.get("/me/pool/invitations", response=answers({200: Page[MyInvitationOut]}, 401))
def my_invitations(request, params: Query[PageParams]):
    """Your invitations from every organization's pool, newest first."""
    with scopes_disabled():
        qs = selectors.invitations_of_user(request.user).select_related("invited_by")
        rows, count = page_of(qs, params)
        return page([_my_invitation(request.user, i) for i in rows], count, params)


@router.post("/me/pool/invitations/{invitation_id}/respond", response=answers({200: MyInvitationOut}, 400, 401, 404,
                                                                           422))
def my_invitation_respond(request, invitation_id: PathId, data: RespondIn):
    """Accept (you join the program's cohort; then accept its agreement) or decline."""
    with scopes_disabled():
        invitation = selectors.invitation_of_user(request.user, invitation_id)
    # The invitee meets an answered or expired invitation with the service's reason, not a 404.
    require_actor(request.user, "pool.respond_invitation", invitation, actor_rule=is_invitee)
    with scope(organization=invitation.member.organization):
        services.pool_invitation_respond(invitation, actor=request.user, accept=data.accept)
    with scopes_disabled():
        return _my_invitation(request.user, selectors.invitation_of_user(request.user, invitation_id))
