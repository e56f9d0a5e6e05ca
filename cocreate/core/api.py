"""What every API router shares: authentication, the organization scope, pagination and the
error body. Routers live in each app's ``api.py``; ``config/api.py`` mounts them.

Authentication is either the browser session (unsafe methods must carry the CSRF token) or a
personal token sent as ``Authorization: Bearer cc_…`` (never CSRF-checked: a cross-site form
cannot set that header). An ``Authorization`` header that does not hold a valid token is a
401, never a silent fall-back to anonymous. Endpoints that anonymous visitors may read are
declared with ``**PUBLIC``; everything else needs a signed-in person."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any

import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Path, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from cocreate.accounts.models import ApiToken
from cocreate.accounts.services import api_token_find, api_token_touch
from cocreate.core.limits import LONG_TEXT, PROFILE_TEXT, TEXT, TITLE  # noqa: F401  (re-exported to the schemas)
from cocreate.organizations.models import Organization
from cocreate.organizations.selectors import organization_by_slug

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


# --- language -------------------------------------------------------------------------------

def activate_request_language(request: HttpRequest, user) -> None:
    """An API client names its language per request: an ``Accept-Language`` header (or the
    language cookie) wins, as LocaleMiddleware reads it; without one, a signed-in person
    gets the language of their profile. Pages differ on purpose: a browser always sends
    Accept-Language, an API client only when it means it."""
    if "Accept-Language" in request.headers or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        language = translation.get_language_from_request(request)
    elif getattr(user, "is_authenticated", False) and user.language:
        language = user.language
    else:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language


# --- authentication ------------------------------------------------------------------------

class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class ApiRefusal(HttpError):
    """A refusal with its own status, stable ``code`` and translated ``detail``, answered by
    config/api.py as ``{"detail", "code"}`` with the extra ``headers``."""

    def __init__(self, status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, detail)
        self.code = code
        self.detail = detail
        self.headers = headers or {}


_NO_TOKEN = object()


def request_token(request: HttpRequest) -> ApiToken | None:
    """The personal token named by the request's ``Authorization: Bearer`` header (expired
    ones too), looked up once per request: the idempotency middleware and BearerToken both
    ask. None for a missing, malformed, unknown or revoked token."""
    cached = getattr(request, "_cocreate_api_token", _NO_TOKEN)
    if cached is not _NO_TOKEN:
        return cached
    kind, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    token = api_token_find(secret.strip()) if kind.lower() == "bearer" else None
    request._cocreate_api_token = token
    return token


def token_refusal(request: HttpRequest, token: ApiToken) -> ApiRefusal | None:
    """Why a known token may not make this request: it expired (401), or it is read-only and
    the request would change something (403). None when it may."""
    if token.is_expired():
        detail = _("This API token expired on %(date)s. Create a new one under /me/tokens.") % {
            "date": formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")}
        return ApiRefusal(401, "token_expired", detail, headers={
            "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", error_description="The token expired"'})
    if token.read_only and request.method not in SAFE_METHODS:
        return ApiRefusal(403, "token_read_only", _("This API token is read-only: it cannot create, change or "
                                                    "delete anything. Use a token with full access."))
    return None


class BearerToken(AuthBase):
    """A personal API token: ``Authorization: Bearer cc_…``. An expired token answers 401
    ``token_expired``; a read-only token answers 403 ``token_read_only`` to
    POST/PUT/PATCH/DELETE."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_description = ("A personal token created under /me/tokens, sent as `Authorization: Bearer cc_…`. "
                           "Tokens expire (401 `token_expired`); a read-only token answers 403 `token_read_only` "
                           "to POST, PUT, PATCH and DELETE.")

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            return None
        token = request_token(request)
        if token is None:
            # A client that sends credentials means to be someone; answering as an anonymous
            # visitor would hide a revoked or mistyped token.
            raise AuthenticationError()
        activate_request_language(request, token.user)
        refusal = token_refusal(request, token)
        if refusal is not None:
            raise refusal
        api_token_touch(token)
        request.user = token.user
        return token.user


class Session(AuthBase):
    """The browser session of a signed-in person. Unsafe methods must send the CSRF token
    (``X-CSRFToken`` header with the ``csrftoken`` cookie's value)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The session of a signed-in person; POST/PUT/PATCH/DELETE need `X-CSRFToken`."

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # The permission predicates cache roles and partnerships on the user object; hand
        # everyone the one real User rather than the lazy wrapper, so they share one cache.
        request.user = user = getattr(user, "_wrapped", user)
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise CsrfFailed()
        activate_request_language(request, user)
        return user


def anonymous(request: HttpRequest):
    """Lets a visitor through to endpoints that show what is public. Not an OpenAPI scheme:
    public operations list an empty security requirement instead (see PUBLIC)."""
    user = getattr(request, "user", None) or AnonymousUser()
    activate_request_language(request, user)
    return user  # truthy, so ninja stops here; request.user stays anonymous


SIGNED_IN: list[Callable] = [BearerToken(), Session()]
#: Keyword arguments for operations anyone may call: ``@router.get("/x", **PUBLIC)``.
PUBLIC: dict[str, Any] = {
    "auth": [*SIGNED_IN, anonymous],
    # ninja lists the two schemes itself; the empty requirement adds "or none at all".
    "openapi_extra": {"security": [{}]},
}


# --- the organization scope -----------------------------------------------------------------

@contextmanager
def organization_scope(request: HttpRequest, slug: str) -> Iterator[Organization]:
    """Resolve the organization of an org-bound endpoint (404 when the slug names none) and
    run the body inside its django-scopes scope, as OrganizationScopeMiddleware does for
    pages: every query on a scoped model is then filtered to this organization. Build the
    response inside the block, so nothing is read from the database outside the scope."""
    organization = organization_by_slug(slug)
    request.organization = organization
    with scope(organization=organization):
        yield organization


# --- permissions -----------------------------------------------------------------------------

def require(user, perm: str, obj=None) -> None:
    """404 when the permission is missing: a forbidden object looks like a missing one."""
    if not user.has_perm(perm, obj):
        raise Http404


def require_actor(user, perm: str, obj, *, actor_rule: rules.Predicate) -> None:
    """For actions whose rule is "who you are" AND "what state the object is in": a person
    who passes ``actor_rule`` (the who-part of the rule) but meets the object in the wrong
    state is let through, so that the service, which checks the state itself, answers with
    its own reason (400, or 409 for a transition that is not allowed) instead of a puzzling
    404 on an object the person can see. Anyone else gets the 404.

    Only use it where the service refuses every state the rule refuses."""
    if user.has_perm(perm, obj) or actor_rule.test(user, obj):
        return
    raise Http404


# --- pagination and shared schemas ----------------------------------------------------------

# --- bounded input ---------------------------------------------------------------------------
# Every number and string a client sends has a bound the database can hold: an unbounded
# integer reached the database as an offset or a key and answered 500 (SQLite's and
# PostgreSQL's integers stop at 2**63 - 1, PostgreSQL's ``integer`` columns at 2**31 - 1).

#: The largest primary key (a signed 64-bit integer).
MAX_ID = 2**63 - 1
#: The largest value of a ``PositiveIntegerField`` on PostgreSQL.
MAX_INT = 2**31 - 1
#: The largest value of a ``PositiveSmallIntegerField``.
MAX_SMALL = 2**15 - 1
#: How far a list may be paged: far beyond any list we hold, far below any integer limit.
MAX_OFFSET = 10**9

#: An object's id in a path: a huge or negative id is refused (422) before any lookup.
PathId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
#: An object's id in a body or a query.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]



def _as_utc(value: datetime) -> datetime:
    """The same instant in UTC. pydantic accepts UTC offsets up to ±24 h; PostgreSQL refuses
    any beyond ±15:59 (a 500), so a time is stored as UTC whatever offset it came with."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError("datetime_parsing", "Input should be a valid datetime") from None


#: A date and time sent by a client.
DateTime = Annotated[datetime, AfterValidator(_as_utc)]

# Text limits (TITLE, PROFILE_TEXT, TEXT, LONG_TEXT) live in cocreate.core.limits, shared with
# the pages' forms; imported above so that the schemas keep importing them from here.
#: How many items a list in a request may hold.
MAX_ITEMS = 500


class PageParams(Schema):
    limit: int = Field(25, ge=1, le=100, description="How many items to return (1–100).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class Page[T](Schema):
    """One slice of a list: ``count`` is the length of the whole list."""

    count: int
    limit: int
    offset: int
    items: list[T]


def page_of(queryset, params: PageParams) -> tuple[list, int]:
    """The rows of one page, evaluated now (inside the caller's organization scope), and the
    total count. Two queries, whatever the number of rows."""
    rows = list(queryset[params.offset: params.offset + params.limit])
    if params.offset == 0 and len(rows) < params.limit:
        return rows, len(rows)
    return rows, queryset.count()


def page(items: Sequence, count: int, params: PageParams) -> dict:
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": list(items)}


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the language of the request.")
    code: str = Field(description="A stable machine-readable code, e.g. `not_found`, `reason_required`.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="Where: `body`, `query` or `path`, then the field.")
    code: str = Field(description="pydantic's error type, stable for programs, e.g. `string_too_long`.")
    detail: str = Field(description="What is wrong, in the language of the request.")
    msg: str = Field(description="pydantic's own words, in English, for developers.")


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


def answers(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """The ``response=`` mapping of an operation: its success schema(s) and the error codes it
    may answer with, all documented with ErrorOut."""
    return {**ok, **{code: ErrorOut for code in errors}}


class UserRef(Schema):
    id: int
    name: str

    @classmethod
    def of(cls, user) -> "UserRef":
        return cls(id=user.pk, name=user.display_name)


def values_of(schema: Schema, *, partial: bool = True) -> dict[str, Any]:
    """The input as keyword arguments for a service, enums turned back into their values;
    ``partial`` keeps only the fields the client actually sent (PATCH)."""
    data = schema.model_dump(exclude_unset=partial)
    return {k: v.value if isinstance(v, Enum) else v for k, v in data.items()}
