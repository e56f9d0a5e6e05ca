"""/me: the signed-in person's profile and personal API tokens."""

from django.http import Http404
from ninja import Query, Router, Status

from cocreate.core.api import Page, PageParams, PathId, answers, page, page_of, values_of
from cocreate.organizations.models import Membership

from .models import ApiToken
from .schemas import MembershipOut, ProfileIn, ProfileOut, TokenCreatedOut, TokenIn, TokenOut
from .services import api_token_create, api_token_revoke, profile_update

router = Router(tags=["me"])


def _profile(user) -> ProfileOut:
    memberships = Membership.objects.filter(user=user).select_related("organization").order_by(
        "organization__name", "role"
    )
    return ProfileOut(
        **{f: getattr(user, f) for f in ProfileOut.model_fields if f not in {"memberships", "display_name"}},
        display_name=user.display_name,
        memberships=[
            MembershipOut(organization=m.organization.slug, organization_name=m.organization.name,
                          role=m.role, department_id=m.department_id)
            for m in memberships
        ],
    )


@router.get("/me", response=answers({200: ProfileOut}, 401))
def me(request):
    """Your profile and your roles in organizations."""
    return _profile(request.user)


@router.patch("/me", response=answers({200: ProfileOut}, 400, 401, 422))
def me_update(request, data: ProfileIn):
    """Change your profile; fields you leave out stay as they are."""
    profile_update(request.user, **values_of(data))
    return _profile(request.user)


@router.get("/me/export", response=answers({200: None}, 401),
            openapi_extra={"responses": {200: {"description": "A ZIP file", "content": {
                "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}})
def me_export(request):
    """Everything Cocreate keeps about you, as a ZIP of JSON and CSV files plus the files you
    attached (the same as the page's download). Only ever your own data; every export is
    audited."""
    from django.http import FileResponse

    from .privacy import export_zip

    handle, filename = export_zip(request.user, via="api")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
    response["Cache-Control"] = "no-store"
    return response


@router.get("/me/tokens", response=answers({200: Page[TokenOut]}, 401))
def token_list(request, params: Query[PageParams]):
    """Your personal API tokens (never their secrets)."""
    rows, count = page_of(ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id"), params)
    return page([TokenOut.from_orm(t) for t in rows], count, params)


@router.post("/me/tokens", response=answers({201: TokenCreatedOut}, 400, 401, 422))
def token_create(request, data: TokenIn):
    """Create a token. Its secret is in this answer only: store it now. It expires after
    `expires_in_days` (30, 90 or 365; 90 by default) or at the end of `expires_on`; a
    `read_only` token can only read."""
    token, secret = api_token_create(request.user, name=data.name, expires_in_days=data.expires_in_days,
                                     expires_on=data.expires_on, read_only=data.read_only)
    token.secret = secret  # read by TokenCreatedOut only; never stored
    return Status(201, TokenCreatedOut.from_orm(token))


@router.delete("/me/tokens/{token_id}", response=answers({204: None}, 401, 404))
def token_revoke(request, token_id: PathId):
    """Revoke one of your tokens; requests sending it are refused from now on."""
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    api_token_revoke(token, actor=request.user)
    return Status(204, None)
