"""The incentive portfolio and its ledger under /api/v1/: the same permissions as the pages.
Partners read the portfolio; program managers change it and work the ledger; everyone reads
their own grants under /me/incentives."""

from django.http import Http404
from django_scopes import scopes_disabled
from ninja import Query, Router, Status

from cocreate.core.api import Page, PageParams, PathId, UserRef, answers, organization_scope, page, page_of, require
from cocreate.missions.models import Mission
from cocreate.programs.models import Partner

from . import selectors, services
from .schemas import (
    BalanceOut,
    CancelIn,
    EvaluationOut,
    GrantIn,
    GrantOut,
    IncentiveIn,
    IncentiveOut,
    IncentivePatch,
    LedgerFilter,
    MyGrantOut,
    PortfolioOut,
)

router = Router(tags=["incentives"])

PROGRAM = "/organizations/{slug}/programs/{program_slug}"
MANAGE = "incentives.manage_portfolio"


def _incentive_out(i) -> IncentiveOut:
    return IncentiveOut(
        id=i.pk, kind=i.kind, nature=i.nature, title=i.title, description=i.description,
        invitation_to=i.invitation_to or None, amount=i.amount, currency=i.currency, quantity=i.quantity,
        budget=i.budget, condition=i.condition, mission_id=i.mission_id, top_n=i.top_n, order=i.order)


def _grant_fields(g) -> dict:
    return {"id": g.pk, "incentive_id": g.incentive_id, "incentive": g.incentive.title, "user": UserRef.of(g.user),
            "reason": g.reason, "source": g.source, "status": g.status, "granted_at": g.granted_at,
            "delivered_at": g.delivered_at, "delivered_by": UserRef.of(g.delivered_by) if g.delivered_by else None,
            "cancelled_at": g.cancelled_at, "cancel_reason": g.cancel_reason}


def _values(program, data: dict) -> dict:
    """Schema input as service keywords: enums to values, the mission id to a mission of
    this program (another program's mission is a 404)."""
    out = {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}
    if "invitation_to" in out:
        out["invitation_to"] = out["invitation_to"] or ""
    if "mission_id" in out:
        mission_id = out.pop("mission_id")
        out["mission"] = None
        if mission_id is not None:
            out["mission"] = Mission.objects.filter(program=program, pk=mission_id).first()
            if out["mission"] is None:
                raise Http404
    return out


@router.get(PROGRAM + "/incentives", response=answers({200: PortfolioOut}, 401, 404))
def portfolio(request, slug: str, program_slug: str):
    """The portfolio in order, with its balance (program managers and the program's partners)."""
    with organization_scope(request, slug) as org:
        program = selectors.program_for_incentives(request.user, org, program_slug)
        items = list(selectors.incentives_of(program))
        b = selectors.balance_of(items)
        return PortfolioOut(
            balance=BalanceOut(extrinsic=b.extrinsic, intrinsic=b.intrinsic, extrinsic_share=b.extrinsic_share,
                               extrinsic_value=b.extrinsic_value, extrinsic_dominates=b.extrinsic_dominates),
            items=[_incentive_out(i) for i in items])


@router.post(PROGRAM + "/incentives", response=answers({201: IncentiveOut}, 400, 401, 404, 422))
def incentive_create(request, slug: str, program_slug: str, data: IncentiveIn):
    """Add an incentive (program managers)."""
    with organization_scope(request, slug) as org:
        program = selectors.program_for_incentives(request.user, org, program_slug, MANAGE)
        incentive = services.incentive_create(program, actor=request.user,
                                              **_values(program, data.model_dump()))
        return Status(201, _incentive_out(selectors.incentive_in(program, incentive.pk)))


@router.patch(PROGRAM + "/incentives/{int:incentive_id}", response=answers({200: IncentiveOut}, 400, 401, 404, 422))
def incentive_update(request, slug: str, program_slug: str, incentive_id: PathId, data: IncentivePatch):
    """Change an incentive (program managers); only the fields sent change."""
    with organization_scope(request, slug) as org:
        program = selectors.program_for_incentives(request.user, org, program_slug, MANAGE)
        incentive = selectors.incentive_in(program, incentive_id)
        services.incentive_update(incentive, actor=request.user,
                                  **_values(program, data.model_dump(exclude_unset=True)))
        return _incentive_out(selectors.incentive_in(program, incentive_id))


@router.post(PROGRAM + "/incentives/evaluate", response=answers({200: EvaluationOut}, 401, 404))
def evaluate(request, slug: str, program_slug: str):
    """Grant everything whose condition is met now (program managers). Idempotent."""
    with organization_scope(request, slug) as org:
        program = selectors.program_for_incentives(request.user, org, program_slug, MANAGE)
        r = services.incentives_evaluate(program, actor=request.user)
        return EvaluationOut(granted=r.granted, already=r.already, refused=r.refused)


@router.post(PROGRAM + "/incentives/{int:incentive_id}/grants",
             response=answers({201: GrantOut}, 400, 401, 404, 422))
def grant(request, slug: str, program_slug: str, incentive_id: PathId, data: GrantIn):
    """Award an incentive to a partner of the program (program managers). The same
    (incentive, person, source) again returns the grant already made."""
    with organization_scope(request, slug) as org:
        program = selectors.program_for_incentives(request.user, org, program_slug, MANAGE)
        incentive = selectors.incentive_in(program, incentive_id)
        partner = Partner.objects.filter(program=program, user_id=data.user_id).select_related("user").first()
        if partner is None:
            raise Http404
        g = services.incentive_grant(incentive, user=partner.user, actor=request.user, reason=data.reason,
                                     source=data.source)
        return Status(201, GrantOut(**_grant_fields(g)))


@router.get(PROGRAM + "/incentive-grants", response=answers({200: Page[GrantOut]}, 401, 404))
def ledger(request, slug: str, program_slug: str, params: Query[LedgerFilter]):
    """The ledger, newest first (program managers)."""
    with organization_scope(request, slug) as org:
        program = selectors.program_for_incentives(request.user, org, program_slug, "incentives.view_ledger")
        qs = selectors.ledger(program, status=params.status.value if params.status else "",
                              incentive_id=params.incentive_id, query=params.q)
        rows, count = page_of(qs, params)
        return page([GrantOut(**_grant_fields(g)) for g in rows], count, params)


def _entry(request, slug, program_slug, grant_id):
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug, "incentives.view_ledger")
    g = selectors.grant_in(program, grant_id)
    require(request.user, MANAGE, g)
    return g


@router.post(PROGRAM + "/incentive-grants/{int:grant_id}/deliver", response=answers({200: GrantOut}, 400, 401, 404))
def deliver(request, slug: str, program_slug: str, grant_id: PathId):
    """Mark a promised reward delivered; the person is told."""
    with organization_scope(request, slug):
        g = services.incentive_deliver(_entry(request, slug, program_slug, grant_id), actor=request.user)
        return GrantOut(**_grant_fields(g))


@router.post(PROGRAM + "/incentive-grants/{int:grant_id}/cancel",
             response=answers({200: GrantOut}, 400, 401, 404, 422))
def cancel(request, slug: str, program_slug: str, grant_id: PathId, data: CancelIn):
    """Cancel a promised reward with a reason the person reads."""
    with organization_scope(request, slug):
        g = services.incentive_cancel(_entry(request, slug, program_slug, grant_id), actor=request.user,
                                      reason=data.reason)
        return GrantOut(**_grant_fields(g))


@router.get("/me/incentives", response=answers({200: Page[MyGrantOut]}, 401))
def my_incentives(request, params: Query[PageParams]):
    """Your incentives from every program, newest first."""
    with scopes_disabled():
        rows, count = page_of(selectors.grants_of_user(request.user).select_related("user", "delivered_by"), params)
        return page([MyGrantOut(**_grant_fields(g), organization=g.incentive.program.organization.slug,
                                program=g.incentive.program.slug, program_title=g.incentive.program.title,
                                kind=g.incentive.kind) for g in rows], count, params)
