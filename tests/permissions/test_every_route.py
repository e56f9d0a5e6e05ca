"""Every route of the pages (walked from the URL conf) and of the API (walked from its OpenAPI
schema), as every person of the world (tests/permissions/world.py), on objects of every
visibility of both tenants. The routes are found, not listed, so a new page or endpoint is
walked the day it is added.

What each answer is held to, the object's own permission deciding:
- no server error, ever;
- an object the person may not see (its view permission says no, or it belongs to the other
  tenant) is answered exactly as a missing one is, and never with success: forbidden and
  missing look alike (404), so ids walked one by one tell nothing;
- an object's own page and endpoint answer 200 exactly when its permission allows;
- no answer carries a canary (a token in every idea, comment, mission and applicant's name)
  of an object its reader may not see: a list that leaks is caught as well as a detail;
- a write (POST, PUT, PATCH, DELETE) on an object the person may not see is answered as on a
  missing one and writes nothing to the database.
The confidential leaks of issue 12 failed every one of these."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api as ninja_api

from . import world as w

pytestmark = pytest.mark.django_db

MISSING_ID = 999_999_999
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\{(\w+)\}")
# The segment before an id names what it is an id of; a few parameters say it themselves.
SEGMENT_KIND = {"ideas": "idea", "submissions": "idea", "missions": "mission", "recruitments": "recruitment",
                "applications": "application", "review": "application", "outcomes": "outcome"}
NAME_KIND = {"idea_id": "idea", "idea_pk": "idea", "mission_id": "mission", "recruitment_id": "recruitment",
             "application_id": "application", "application_pk": "application", "outcome_id": "outcome",
             "program_slug": "program"}
# Answers that are neither success nor a leak: the route takes no such method (405), the
# visitor is sent to sign in (302 on pages, 401 in the API).
WRITE_METHODS = ("post", "put", "patch", "delete")
# Tables a request may write to without changing anything of the product's: the session, the
# shared cache (rate limits), idempotency keys.
HOUSEKEEPING = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(django_session|cocreate_cache|'
                          r'accounts_idempotencykey)', re.I)
WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
# Each object's own page and endpoint: 200 exactly when its view permission allows.
DETAIL = {
    "o/<slug:organization_slug>/ideas/<int:pk>/": "idea",
    "/api/v1/organizations/{slug}/ideas/{idea_id}": "idea",
    "o/<slug:organization_slug>/programs/<slug:program_slug>/missions/<int:pk>/": "mission",
    "/api/v1/organizations/{slug}/programs/{program_slug}/missions/{mission_id}": "mission",
    "o/<slug:organization_slug>/outcomes/<int:pk>/": "outcome",
    "/api/v1/organizations/{slug}/outcomes/{outcome_id}": "outcome",
    "o/<slug:organization_slug>/programs/<slug:program_slug>/": "program",
    "/api/v1/organizations/{slug}/programs/{program_slug}": "program",
}


def _page_routes() -> list[str]:
    routes = []

    def walk(patterns, prefix):
        for p in patterns:
            text = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if not text.startswith("api/"):
                    walk(p.url_patterns, text)
            elif isinstance(p, URLPattern) and "(?P<" not in text and "^" not in text:
                routes.append(text)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


def _api_routes() -> list[tuple[str, tuple[str, ...]]]:
    paths = ninja_api.get_openapi_schema()["paths"]
    return sorted((path, tuple(sorted(m for m in ops if m in ("get", *WRITE_METHODS)))) for path, ops in paths.items())


PAGES = _page_routes()
API = _api_routes()


def _params(route: str) -> list[tuple[str, str, str | None]]:
    """(name, converter, kind) of each parameter, in order."""
    out = []
    for m in PARAM.finditer(route):
        converter, name = (m.group(1) or ("int" if (m.group(3) or "").endswith(("_id", "pk")) else "str"),
                           m.group(2) or m.group(3))
        if m.group(3) and name in ("version",):
            converter = "int"
        before = route[: m.start()].rstrip("/").rsplit("/", 1)[-1]
        kind = NAME_KIND.get(name) or (SEGMENT_KIND.get(before) if name == "pk" or name.endswith(("_pk", "_id"))
                                       else None)
        out.append((name, converter, kind))
    return out


def _context(world: w.World, kind: str, obj) -> dict[str, object]:
    """The object and the ones above it in its address, from its own tenant."""
    tenant = "" if w.organization_of(kind, obj) == _org_id(world, "") else "other "
    first = {k: dict(v) for k, v in world.objects.items()}

    def default(k):
        return {
            "program": first["program"][tenant + "program"],
            "mission": first["mission"][tenant + "public"],
            "idea": first["idea"].get(tenant + "public") or first["idea"][tenant + "open"],
            "recruitment": first["recruitment"][tenant + "recruitment"],
            "application": first["application"][tenant + "application"],
            "outcome": first["outcome"][tenant + "confidential"],
        }[k]

    ctx = {kind: obj}
    if kind == "outcome":
        ctx["idea"] = obj.idea
    idea = ctx.get("idea")
    if idea is not None:
        ctx.setdefault("mission", idea.mission or default("mission"))
        ctx.setdefault("program", idea.program or default("program"))
    if "mission" in ctx:
        ctx.setdefault("program", ctx["mission"].program)
    if kind == "application":
        ctx["recruitment"] = obj.recruitment
    if "recruitment" in ctx:
        ctx.setdefault("program", ctx["recruitment"].program)
    for k in w.MODELS:
        ctx.setdefault(k, default(k))
    return ctx


_ORG_IDS: dict[str, int] = {}


def _org_id(world, tenant):
    from cocreate.organizations.models import Organization

    slug = world.org_slug if tenant == "" else world.other_slug
    if slug not in _ORG_IDS:
        _ORG_IDS[slug] = Organization.objects.get(slug=slug).pk
    return _ORG_IDS[slug]


def _fill(route: str, world: w.World, ctx: dict | None,
          missing: frozenset[str] = frozenset()) -> tuple[str, list[tuple[str, object]]]:
    """The address with every parameter filled from ``ctx``, and the objects it names;
    ``missing``: the kinds to name by an id (or slug) that does not exist instead."""
    named = []
    values = {}
    for name, converter, kind in _params(route):
        if name in ("organization_slug", "slug"):
            value = world.org_slug
        elif kind in missing:
            value = "no-such-program" if kind == "program" else MISSING_ID
        elif kind is not None:
            obj = ctx[kind]
            value = obj.slug if kind == "program" else obj.pk
            named.append((kind, obj))
        elif converter == "int":
            value = 1 if name == "version" else MISSING_ID
        else:
            value = "x"
        values[name] = value

    def put(m):
        return str(values[m.group(2) or m.group(3)])

    url = PARAM.sub(put, route)
    return (url if url.startswith("/") else "/" + url), named


def _primary(route: str) -> str | None:
    kinds = [k for _, _, k in _params(route) if k is not None]
    return kinds[-1] if kinds else None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once and committed (hundreds of routes are walked in it); each test's own writes
    are rolled back; the tables are emptied when the module ends."""
    with django_db_blocker.unblock():
        built = w.build()
        clients = {}
        for name in w.PEOPLE:
            client = Client()
            user = built.user(name)
            if user.is_authenticated:
                client.force_login(user)
            clients[name] = client
        yield built, clients
        _flush()


def _flush():
    import importlib

    from django.core.management import call_command

    if connection.vendor == "sqlite":
        migration = importlib.import_module("cocreate.core.migrations.0002_audit_append_only")
        with connection.cursor() as cursor:
            for sql in migration.SQLITE_REVERSE:
                cursor.execute(sql)
    call_command("flush", interactive=False, verbosity=0)


def _bindings(route: str, world: w.World):
    primary = _primary(route)
    if primary is None:
        return [(None, None)]
    return [(label, _context(world, primary, obj)) for label, obj in world.objects[primary]]


def _forbidden(user, world, named) -> list[str]:
    own = _org_id(world, "")
    return [f"{kind} {obj.pk}" for kind, obj in named
            if w.organization_of(kind, obj) != own or not w.may_see(user, kind, obj)]


def _leaked_canaries(user, world: w.World, response) -> list[str]:
    content_type = response.get("Content-Type", "")
    if response.status_code != 200 or not content_type.startswith(("text/", "application/json")):
        return []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if "json" in content_type:
        text = json.dumps(json.loads(text), ensure_ascii=False) if text else ""
    leaked = []
    for token in sorted(set(re.findall(w.CANARY, text))):
        kind, obj = world.canaries[token]
        if not w.may_see(user, kind, obj):
            leaked.append(f"{kind} {obj.pk} ({token})")
    return leaked


def _request(client, method: str, url: str, is_api: bool):
    if method == "get":
        return client.get(url)
    if is_api:
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(url, {})


def _walk(route: str, methods: tuple[str, ...], world_and_clients, *, is_api: bool):
    world, clients = world_and_clients
    problems = []
    primary = _primary(route)
    for name in w.PEOPLE:
        if name == "applicant" and primary != "application" and "/me" not in "/" + route:
            continue  # an applicant is a member like any other but on their application
        user = world.user(name)
        client = clients[name]
        for label, ctx in _bindings(route, world):
            url, named = _fill(route, world, ctx)
            forbidden = _forbidden(user, world, named) if ctx is not None else []
            if forbidden:
                # The same address with what may not be seen replaced by what does not exist.
                gone = frozenset(k for k, obj in named if f"{k} {obj.pk}" in forbidden)
                missing_url, _ = _fill(route, world, ctx, gone)
                missing = {m: _request(client, m, missing_url, is_api).status_code
                           for m in methods}
            for method in methods:
                if method != "get" and not forbidden:
                    continue  # allowed writes are each feature's own tests
                with CaptureQueriesContext(connection) as queries:
                    response = _request(client, method, url, is_api)
                status = response.status_code
                where = f"{name} {method.upper()} {url} [{label}]"
                if status >= 500:
                    problems.append(f"{where}: {status}")
                    continue
                if forbidden:
                    if status != missing[method] or 200 <= status < 300:
                        problems.append(f"{where}: {status} on {', '.join(forbidden)}; missing answers "
                                        f"{missing[method]}")
                    writes = [q["sql"][:120] for q in queries.captured_queries
                              if WRITE_SQL.match(q["sql"]) and not HOUSEKEEPING.match(q["sql"])]
                    if writes:
                        problems.append(f"{where}: wrote on {', '.join(forbidden)}: {writes[:3]}")
                if method == "get" and route in DETAIL and ctx is not None:
                    anonymous_refused = not user.is_authenticated and status in (302, 401)
                    if not forbidden and status != 200 and not anonymous_refused:
                        problems.append(f"{where}: {status} though its permission allows")
                if method == "get":
                    leaked = _leaked_canaries(user, world, response)
                    if leaked:
                        problems.append(f"{where}: shows {', '.join(leaked)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", PAGES)
def test_page(route, world):
    _walk(route, ("get", "post"), world, is_api=False)


@pytest.mark.parametrize("route,methods", API, ids=[path for path, _ in API])
def test_api(route, methods, world):
    _walk(route, methods, world, is_api=True)


def test_the_walk_finds_the_routes_that_matter():
    """The walk cannot silently lose the routes the leaks were found on."""
    assert "o/<slug:organization_slug>/ideas/<int:pk>/" in PAGES
    assert "o/<slug:organization_slug>/programs/<slug:program_slug>/pairwise/ranking/" in PAGES
    assert "/api/v1/organizations/{slug}/ideas/{idea_id}" in {path for path, _ in API}
    assert any(path.endswith("/pairwise/ranking") for path, _ in API)
    assert len(PAGES) > 150 and len(API) > 140
    assert set(DETAIL) <= set(PAGES) | {path for path, _ in API}
