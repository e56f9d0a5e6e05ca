"""The versioned REST API at /api/v1/. Each app contributes a router from its api.py; this
file mounts them and turns errors into one JSON shape: ``{"detail": "<translated>",
"code": "<code>"}``. Authentication and the organization scope live in cocreate.core.api."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError

from cocreate.accounts.api import router as accounts_router
from cocreate.core.api import SIGNED_IN, ApiRefusal, CsrfFailed
from cocreate.core.api_errors import field_error
from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.evaluation.api import router as evaluation_router
from cocreate.ideas.api import router as ideas_router
from cocreate.incentives.api import router as incentives_router
from cocreate.missions.api import router as missions_router
from cocreate.notifications.api import router as notifications_router
from cocreate.organizations.api import router as organizations_router
from cocreate.pool.api import router as pool_router
from cocreate.programs.api import router as programs_router
from cocreate.realization.api import router as realization_router
from cocreate.recruiting.api import router as recruiting_router
from cocreate.retention.api import router as retention_router

DESCRIPTION = """
Everything a person can do on the Cocreate pages, as JSON, under the same permission rules.

**Authentication.** Either the browser session (POST/PUT/PATCH/DELETE must send the CSRF
token in `X-CSRFToken`) or a personal token created under `/me/tokens`, sent as
`Authorization: Bearer cc_…` (no CSRF needed). A bad token answers 401. Operations whose
security list contains an empty entry can also be called anonymously and then show only what
is public: the organizations, public programs, open-channel ideas.

**Addresses.** Everything that belongs to an organization lives under
`/organizations/{slug}/…`: programs (`/programs/{program_slug}` with their agreement,
recruitments and missions), ideas (`/ideas/{idea_id}` with comments, support, scores,
breakdown, decision), the evaluation queue, the executive board and outcomes. Your own things
live under `/me/…`.

**Not found means forbidden too.** An object that does not exist, belongs to another
organization or is not yours to see answers 404 alike.

**Errors** have the body `{"detail": "…", "code": "…"}`; `detail` is translated. A rule of
the domain that refuses a change answers 400; a state change that is not allowed answers 409;
malformed input answers 422 with the offending fields under `errors`, each with its `loc`, a
stable `code` (pydantic's error type), a translated `detail` and pydantic's own `msg`.

**Language.** `Accept-Language: ko` or `en`; without it, the signed-in person's profile language.

**Lists** take `limit` (1–100, default 25) and `offset` and answer `{count, limit, offset, items}`.
"""


api = NinjaAPI(
    title="Cocreate API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=SIGNED_IN,
    # Swagger UI needs ninja's static files; without the app installed ninja would load them
    # from a CDN, which the Content Security Policy (and our no-CDN rule) forbids.
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
)

for router in (
    accounts_router, notifications_router, organizations_router, programs_router, recruiting_router,
    missions_router, ideas_router, evaluation_router, realization_router, retention_router, pool_router,
    incentives_router,
):
    api.add_router("", router)


def _error(request, status: int, detail: str, code: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    """A service refused: its (lazily translated) message is rendered in the request's
    language now. Several messages at once (a form-like refusal) are joined in ``detail``
    and listed one by one under ``errors``."""
    errors = [{"detail": " ".join(e.messages), "code": e.code or "invalid"} for e in exc.error_list]
    code = getattr(exc, "code", None) or (errors[0]["code"] if errors else "invalid")
    status = 409 if isinstance(exc, TransitionNotAllowed) else 400
    extra = {"errors": errors} if len(errors) > 1 else {}
    return _error(request, status, exc.text, code, **extra)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    response = _error(request, 401, _("Sign in, or send a valid personal API token as "
                                      "“Authorization: Bearer cc_…”."), "not_authenticated")
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(ApiRefusal)
def refused(request, exc: ApiRefusal):
    response = _error(request, exc.status_code, exc.detail, exc.code)
    for name, value in exc.headers.items():
        response[name] = value
    return response


@api.exception_handler(CsrfFailed)
def csrf_failed(request, exc):
    return _error(request, 403, _("CSRF check failed. Send the value of the csrftoken cookie in the "
                                  "X-CSRFToken header, or use a personal API token."), "csrf_failed")


@api.exception_handler(RequestValidationError)
def invalid_request(request, exc: RequestValidationError):
    return _error(request, 422, _("Some fields are missing or invalid."), "invalid_request",
                  errors=[field_error(e) for e in exc.errors])
