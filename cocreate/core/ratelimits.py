"""How fast one account and one IP address may create things, on the pages and the API alike.

One table maps every route that creates something to the groups it counts towards: pages by
their view name (any POST, PUT, PATCH or DELETE), the API by method and path as the OpenAPI
document writes them. The limits themselves are settings (``COCREATE_RATE_LIMITS``, one
``RATE_LIMIT_<GROUP>`` environment variable per group, see config/settings/base.py), counted by
django-ratelimit in the shared cache, so every web process counts the same attempts. Each
attempt counts, whether or not the form was valid: a refusal is the same for a person pressing
the button too often and a script posting in a loop. Logins, sign-ups and password resets are
allauth's own limits, in the same cache.

A refused request is a 429 with ``Retry-After``: the page ``429.html`` for the pages, the API's
error body ``{"detail", "code": "rate_limited"}`` under /api/. The request never reaches the
view, so nothing is written.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
API_PREFIX = "/api/"

#: Pages: view name -> groups. "upload" counts only a request that carries files.
PAGE_ROUTES: dict[str, tuple[str, ...]] = {
    "ideas:create": ("idea", "upload"),
    "ideas:edit": ("upload",),
    "ideas:comment": ("comment",),
    "ideas:support": ("vote",),
    "ideas:purchase_intent": ("vote",),
    "evaluation:rate": ("vote",),
    "evaluation:pairwise": ("vote",),
    "missions:submit": ("submission", "upload"),
    "missions:submission_edit": ("upload",),
    "missions:autosave": ("autosave",),
    "recruiting:apply": ("application", "upload"),
    "recruiting:import_upload": ("upload",),
    "accounts:tokens": ("token",),
}

_MISSION = "/api/v1/organizations/{slug}/programs/{program_slug}/missions/{mission_id}"
_IDEA = "/api/v1/organizations/{slug}/ideas/{idea_id}"
_RECRUITMENT = "/api/v1/organizations/{slug}/programs/{program_slug}/recruitments/{recruitment_id}"
#: The API: (method, path as in the OpenAPI document) -> groups.
API_ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("POST", "/api/v1/organizations/{slug}/ideas"): ("idea",),
    ("POST", f"{_MISSION}/ideas"): ("idea",),
    ("POST", f"{_MISSION}/submissions"): ("submission",),
    ("POST", f"{_MISSION}/submissions/{{idea_id}}/attachments"): ("upload",),
    ("POST", f"{_IDEA}/comments"): ("comment",),
    ("POST", f"{_IDEA}/support"): ("vote",),
    ("DELETE", f"{_IDEA}/support"): ("vote",),
    ("PUT", f"{_IDEA}/rating"): ("vote",),
    ("DELETE", f"{_IDEA}/rating"): ("vote",),
    ("PUT", f"{_IDEA}/purchase-intent"): ("vote",),
    ("POST", "/api/v1/organizations/{slug}/programs/{program_slug}/pairwise/votes"): ("vote",),
    ("POST", f"{_RECRUITMENT}/applications"): ("application",),
    ("POST", f"{_RECRUITMENT}/imports"): ("upload",),
    ("POST", "/api/v1/me/tokens"): ("token",),
}

_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])/(user|ip)$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    """``amount`` attempts per ``seconds`` for each account (per="user") or IP address."""

    amount: int
    seconds: int
    per: str

    @property
    def django_ratelimit(self) -> str:
        return f"{self.amount}/{self.seconds}s"


def parse_rates(text: str) -> list[Rate]:
    """``"20/10m/user,600/h/ip"`` -> two rates; an empty text is no limit."""
    rates = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        found = _RATE.match(part)
        if found is None:
            raise ImproperlyConfigured(
                f"A rate limit reads amount/period/per, like 20/10m/user or 600/h/ip, not {part!r}."
            )
        amount, multiple, unit, per = found.groups()
        rates.append(Rate(int(amount), int(multiple or 1) * _SECONDS[unit], per))
    return rates


def rates_for(group: str) -> list[Rate]:
    return parse_rates(settings.COCREATE_RATE_LIMITS.get(group, ""))


def openapi_path(route: str) -> str:
    """Django's route of an API operation in the OpenAPI document's spelling:
    ``api/v1/organizations/<slug>/ideas`` -> ``/api/v1/organizations/{slug}/ideas``."""
    return "/" + _CONVERTER.sub(r"{\1}", route)


def groups_for(request: HttpRequest) -> tuple[str, ...]:
    match = request.resolver_match
    if match is None or request.method in SAFE_METHODS:
        return ()
    if request.path.startswith(API_PREFIX):
        groups = API_ROUTES.get((request.method, openapi_path(match.route)), ())
    else:
        groups = PAGE_ROUTES.get(match.view_name, ())
    if "upload" in groups and not _carries_files(request):
        groups = tuple(g for g in groups if g != "upload")
    return groups


def _carries_files(request: HttpRequest) -> bool:
    # Only a multipart body can hold files; reading FILES of another kind of body would not.
    return request.content_type == "multipart/form-data" and bool(request.FILES)


def _account(request: HttpRequest):
    """Who is asking: the session's person, or under /api/ the owner of the bearer token (the
    API authenticates tokens later, in its operations; a bad token counts by IP alone and is
    refused there)."""
    if request.path.startswith(API_PREFIX) and request.headers.get("Authorization"):
        from cocreate.core.api import request_token  # looked up once per request, shared with the API

        token = request_token(request)
        if token is None or token.is_expired():
            return None
        return token.user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth reads it (ALLAUTH_TRUSTED_PROXY_COUNT behind a load
    balancer), so that its login limits and ours agree on who a client is. An IPv6 client owns
    its whole /64, so the /64 is counted."""
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)
        address = ipaddress.ip_address(ip)
    except (PermissionDenied, ValueError):
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(address)


def consume(request: HttpRequest, groups: tuple[str, ...], account) -> int | None:
    """Count this attempt by ``account`` (None: anonymous) in every rate of ``groups``; the
    seconds until the attempt would be allowed again when some rate is exceeded, None when it
    is allowed."""
    keys = {"user": None if account is None else str(account.pk), "ip": client_ip(request)}
    refused: list[int] = []
    for group in groups:
        for rate in rates_for(group):
            value = keys[rate.per]
            if value is None:
                continue
            usage = get_usage(
                request,
                group=f"cocreate.{group}.{rate.per}",
                key=lambda _g, _r, v=value: v,
                rate=rate.django_ratelimit,
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                refused.append(max(1, usage["time_left"]))
    return max(refused) if refused else None


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def refusal(request: HttpRequest, retry_after: int) -> HttpResponse:
    wait = wait_text(retry_after)
    if request.path.startswith(API_PREFIX):
        body = {"detail": _("Too many requests. Try again in %(wait)s.") % {"wait": wait}, "code": "rate_limited"}
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), status=429, content_type="application/json; charset=utf-8"
        )
    else:
        response = render(request, "429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


RESPONSE = {
    "description": "Too many requests from this account or address: wait the seconds in Retry-After.",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


def document(schema: dict) -> dict:
    """Add the 429 answer, with its ``Retry-After`` header, to exactly the operations of
    ``API_ROUTES`` in an OpenAPI document (a route missing from it is reported by
    tests/core/test_ratelimits.py)."""
    paths = schema.get("paths", {})
    for method, path in API_ROUTES:
        operation = paths.get(path, {}).get(method.lower())
        if operation is not None:
            operation.setdefault("responses", {}).setdefault(429, {**RESPONSE})
    return schema


class RateLimitMiddleware:
    """Refuses a create request over its limits before the view runs (see the module's
    docstring). Sits after authentication, so the person is known, and after CSRF, so a
    forged request is refused without counting against its victim."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        groups = groups_for(request)
        if not groups:
            return None
        account = _account(request)
        if request.path.startswith(API_PREFIX):
            # The API answers in the token owner's language when the client names none.
            from cocreate.core.api import activate_request_language

            activate_request_language(request, account)
        retry_after = consume(request, groups, account)
        return None if retry_after is None else refusal(request, retry_after)
