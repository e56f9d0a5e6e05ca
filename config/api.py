"""The versioned REST API at /api/v1/. Each app contributes a router from its api.py; this
file mounts them and turns errors into one JSON shape: ``{"detail": "<translated>",
"code": "<code>"}``. Authentication and the organization scope live in cocreate.core.api.

Every answer under /api/ is JSON with a ``code``, whatever went wrong: malformed JSON (400),
a body that is not an object (422), an unknown address or a trailing slash (404), a method the
address does not take (405), and the errors Django answers itself (400, 403, 404, 500 without
the traceback; ``handler*`` below, named in config/urls.py). The OpenAPI document lists those
answers for every operation (``CocreateAPI.get_openapi_schema``), so a client, and the
schemathesis run in tests/api/test_schemathesis.py, can rely on it."""

import json
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser

from cocreate.accounts.api import router as accounts_router
from cocreate.core import idempotency, ratelimits
from cocreate.core.api import SIGNED_IN, ApiRefusal, CsrfFailed, ValidationErrorOut
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

**Lists** take `limit` (1–100, default 25) and `offset` (0–10⁹) and answer `{count, limit, offset, items}`.

**Input is bounded**: ids 1–2⁶³−1, texts and lists to stated lengths; a body is a JSON object.
Every answer under `/api/`, unknown addresses (no trailing slashes) and wrong methods included,
is JSON with a `code`.
"""


PREFIX = "/api/"


class BodyNotAnObject(ValueError):
    """A request body that is valid JSON but not an object (``[null, null]``, ``"x"``, ``3``)."""


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


class NulCharacter(ValueError):
    """Text with a NUL character, which PostgreSQL cannot store (a 500); Django's forms refuse
    it too."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def _refuse_nul(value, where: str) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise NulCharacter(where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, where)
            _refuse_nul(item, where)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item, where)


class ObjectParser(Parser):
    """Every request body of this API is a JSON object, parsed strictly. ninja's schemas read
    their fields with ``getattr`` from whatever they are given, so a list or a string used to
    validate as "no fields sent" (``PATCH /me`` with ``[null,null]`` answered 200). NaN and
    Infinity are not JSON and would reach float columns; NUL characters are refused in bodies
    and queries alike."""

    def parse_body(self, request: HttpRequest):
        data = json.loads(request.body, parse_constant=_refuse_constant)
        if not isinstance(data, dict):
            raise BodyNotAnObject
        _refuse_nul(data, "body")
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result, "query" if data is request.GET else "form")
        return result


class CocreateAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja documents only the answers an operation declares; add the ones every
        operation may give: 401 (a bad token, even on public operations), 403 (a session
        without its CSRF token on a write), 404 (an address with an object in it), 400
        (malformed JSON) and 422 (invalid input, with the offending fields); then the
        Idempotency-Key header of every POST and the 429 of the rate-limited operations."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        definition = ValidationErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(definition.pop("$defs", {}))
        components["ValidationErrorOut"] = definition
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        invalid = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorOut"}}}}
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                expected = {401: error}
                if method.upper() not in ("GET", "HEAD", "OPTIONS"):
                    expected[403] = error
                if "{" in path:
                    expected[404] = error
                if "requestBody" in operation:
                    expected[400] = error
                if "requestBody" in operation or operation.get("parameters"):
                    expected[422] = invalid
                responses = operation.setdefault("responses", {})
                for status, body in expected.items():
                    responses.setdefault(status, {"description": _DESCRIPTIONS[status], **body})
        return ratelimits.document(idempotency.document(schema))


_DESCRIPTIONS = {
    400: "Malformed JSON, or a rule of the domain refused the change.",
    401: "Not signed in, or the token is not valid.",
    403: "The session's CSRF token is missing.",
    404: "Not found, or not yours to see.",
    422: "Invalid input: each offending field under `errors`.",
}


api = CocreateAPI(
    title="Cocreate API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=SIGNED_IN,
    parser=ObjectParser(),
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


def _not_an_object() -> dict:
    return {"loc": ["body"], "code": "model_type", "detail": _("Give an object."),
            "msg": "Input should be a JSON object"}


def _nul_character(where: str) -> dict:
    return {"loc": [where], "code": "null_character", "detail": _("Null characters are not allowed."),
            "msg": "Text may not contain NUL characters"}


@api.exception_handler(NulCharacter)
def nul_character(request, exc: NulCharacter):
    return _error(request, 422, _("Some fields are missing or invalid."), "invalid_request",
                  errors=[_nul_character(exc.where)])


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals (a body it cannot parse, a rate limit) in our shape."""
    if isinstance(exc.__cause__, BodyNotAnObject):
        return _error(request, 422, _("Some fields are missing or invalid."), "invalid_request",
                      errors=[_not_an_object()])
    if isinstance(exc.__cause__, NulCharacter):
        return nul_character(request, exc.__cause__)
    if exc.status_code == 400:
        return _error(request, 400, _("The request body is not valid JSON."), "invalid_json")
    code, detail = _STATUS.get(exc.status_code, _STATUS[500])
    return _error(request, exc.status_code, str(detail()), code)


# --- answers Django gives under /api/ ---------------------------------------------------------

_STATUS = {
    400: ("bad_request", lambda: _("The request could not be understood.")),
    403: ("forbidden", lambda: _("You may not do this.")),
    404: ("not_found", lambda: _("Not found.")),
    405: ("method_not_allowed", lambda: _("This address does not take this method.")),
    429: ("rate_limited", lambda: _("Too many requests. Try again later.")),
    500: ("server_error", lambda: _("Something went wrong on our side. Try again later.")),
}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(PREFIX) or request.path == PREFIX.rstrip("/")


def json_error(request: HttpRequest, status: int, detail: str | None = None) -> JsonResponse:
    code, default = _STATUS[status]
    return JsonResponse({"detail": detail or str(default()), "code": code}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any address under /api/ that no operation has. An address with a trailing slash is
    told the address without it, which is what it most likely meant."""
    path = request.path
    if path.endswith("/") and path.rstrip("/") != PREFIX.rstrip("/"):
        try:
            match = resolve(path.rstrip("/"))
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return json_error(request, 404, _("Not found. API addresses end without a slash: %(path)s")
                              % {"path": path.rstrip("/")})
    return json_error(request, 404)


api_not_found.csrf_exempt = True


def json_not_allowed(view):
    """ninja answers a method an address does not take with a plain-text 405; give JSON,
    keeping the ``Allow`` header. An address with a NUL character names nothing (and would
    reach PostgreSQL as a 500): 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if any("\x00" in str(value) for value in kwargs.values()):
            return json_error(request, 404)
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = json_error(request, 405)
            response["Allow"] = allowed
        return response

    return wrapper


def api_urls():
    """``api.urls`` with every view answering a wrong method in JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = json_not_allowed(pattern.callback)
    return patterns, app_name, namespace


def handler400(request, exception=None):
    return json_error(request, 400) if is_api(request) else defaults.bad_request(request, exception)


def handler403(request, exception=None):
    return json_error(request, 403) if is_api(request) else defaults.permission_denied(request, exception)


def handler404(request, exception=None):
    return json_error(request, 404) if is_api(request) else defaults.page_not_found(request, exception)


def handler500(request):
    """A generic JSON 500 under /api/: the traceback goes to the log (Django logged it
    already), never to the client."""
    return json_error(request, 500) if is_api(request) else defaults.server_error(request)
