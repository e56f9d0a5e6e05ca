"""Rate limits with their real values (config/settings/base.py) and the real, shared cache.

The probe behind issue 12 found 40 wrong passwords in 55 s on one account through 4 gunicorn
workers (each counted in its own memory) and 965 ideas from 14 accounts in 8 s. Here: login
failures on one account are counted once across two processes that share the database cache,
and creating ideas is refused per account and per IP address, on the pages and the API."""

import os
import sqlite3
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import django_ratelimit.core
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from cocreate.accounts.services import api_token_create
from cocreate.core import ratelimits
from cocreate.core.ratelimits import API_ROUTES, PAGE_ROUTES, Rate, parse_rates, rates_for, wait_text
from cocreate.ideas.models import Idea
from config.api import api as ninja_api
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
IDEA_FORM = {"title": "Refill", "body": "Stations", "submit": "1"}


@pytest.fixture
def frozen_windows(monkeypatch):
    """django-ratelimit counts in fixed windows of the wall clock; hold the clock so that no
    window ends in the middle of a test (the edge: no code of ours is replaced)."""
    clock = types.SimpleNamespace(time=lambda: 1_800_000_000.0)
    monkeypatch.setattr(django_ratelimit.core, "time", clock)


def limit(group: str, per: str) -> int:
    """The amount of the shortest real window of ``group`` for ``per``."""
    return min((r for r in rates_for(group) if r.per == per), key=lambda r: r.seconds).amount


def _view_names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _view_names(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def test_every_limited_route_exists():
    """A renamed route would silently lose its limit."""
    names = set(_view_names(get_resolver().url_patterns))
    assert sorted(set(PAGE_ROUTES) - names) == []
    schema = ninja_api.get_openapi_schema()
    operations = {(method.upper(), path) for path, item in schema["paths"].items() for method in item}
    assert sorted(set(API_ROUTES) - operations) == []


def test_the_openapi_document_lists_429_on_exactly_the_limited_operations(client):
    """Derived from the table, so a client and the schemathesis run know which operations may
    answer 429, with the API's error body and how long to wait."""
    schema = client.get("/api/v1/openapi.json").json()
    documented = {
        (method.upper(), path): operation["responses"]["429"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "429" in operation["responses"]
    }
    assert sorted(documented) == sorted(API_ROUTES)
    assert documented[("POST", "/api/v1/organizations/{slug}/ideas")] == {
        "description": "Too many requests from this account or address: wait the seconds in Retry-After.",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }
    assert len({str(answer) for answer in documented.values()}) == 1
    assert "ErrorOut" in schema["components"]["schemas"]


def test_every_group_has_a_rate_per_account_and_per_ip():
    groups = {g for groups in (*PAGE_ROUTES.values(), *API_ROUTES.values()) for g in groups}
    assert groups == set(settings.COCREATE_RATE_LIMITS)
    assert {g: sorted({r.per for r in rates_for(g)}) for g in sorted(groups)} == {
        g: ["ip", "user"] for g in sorted(groups)
    }


def test_rates_read_amount_period_and_whom():
    assert parse_rates("20/10m/user, 600/h/ip,5/30s/user") == [
        Rate(20, 600, "user"),
        Rate(600, 3600, "ip"),
        Rate(5, 30, "user"),
    ]
    assert parse_rates("") == []
    with pytest.raises(Exception, match="amount/period/per"):
        parse_rates("20 per minute")


def test_the_database_cache_counts_atomically_and_keeps_the_window(db):
    """Django's own DatabaseCache.incr rewrote the row with the default timeout (300 s), so a
    counter of a one-day window vanished after five quiet minutes."""
    cache.add("counter", 1, 86_400)
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")
        (expires,) = cursor.fetchone()
        assert [cache.incr("counter") for _ in range(3)] == [2, 3, 4]
        cursor.execute(f"SELECT expires FROM {table}")
        assert cursor.fetchone() == (expires,)
    assert cache.get("counter") == 4
    with pytest.raises(ValueError):
        cache.incr("missing")


# --- ideas, per account ----------------------------------------------------------------------


def test_a_member_posting_ideas_on_the_page_is_refused_beyond_the_limit(client, lab, frozen_windows):
    member, allowed = lab.users["member"], limit("idea", "user")
    client.force_login(member)
    url = f"/o/{lab.org.slug}/ideas/new/"
    assert [client.post(url, IDEA_FORM).status_code for _ in range(allowed)] == [302] * allowed
    response = client.post(url, IDEA_FORM)
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 600
    assert response.templates[0].name == "429.html"
    assert f"You did this too often in a short time. Wait {wait_text(retry_after)}, then try again." in response.text
    assert Idea.objects.filter(author=member).count() == allowed
    # Another member from the same address still may (the per-IP limit is far higher).
    client.force_login(lab.users["partner"])
    assert client.post(url, IDEA_FORM).status_code == 302


def test_a_token_posting_ideas_through_the_api_is_refused_beyond_the_limit(lab, frozen_windows):
    member, allowed = lab.users["member"], limit("idea", "user")
    secret = api_token_create(member, name="script")[1]
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    url = f"/api/v1/organizations/{lab.org.slug}/ideas"

    def post():
        return api.post(url, {"title": "T", "body": "B"}, content_type="application/json")

    assert [post().status_code for _ in range(allowed)] == [201] * allowed
    response = post()
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert response.json() == {
        "detail": f"Too many requests. Try again in {wait_text(retry_after)}.",
        "code": "rate_limited",
    }
    assert Idea.objects.filter(author=member).count() == allowed
    # The same account through its browser session counts against the same limit.
    session = Client()
    session.force_login(member)
    assert session.post(url, {"title": "T", "body": "B"}, content_type="application/json").status_code == 429


def test_a_replay_of_a_stored_answer_neither_counts_nor_is_refused(lab, frozen_windows):
    """A client retrying with the same Idempotency-Key only asks for the answer it missed:
    over the limit it still gets the stored 201 (nothing is written), and replays do not use
    up the limit for new ideas either."""
    member, allowed = lab.users["member"], limit("idea", "user")
    secret = api_token_create(member, name="script")[1]
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    url = f"/api/v1/organizations/{lab.org.slug}/ideas"

    def post(key):
        return api.post(
            url, {"title": "T", "body": "B"}, content_type="application/json", headers={"Idempotency-Key": key}
        )

    first = post("key-0")
    assert first.status_code == 201
    # Replays before the limit is reached take nothing from it.
    assert [post("key-0").status_code for _ in range(allowed)] == [201] * allowed
    assert [post(f"key-{n}").status_code for n in range(1, allowed)] == [201] * (allowed - 1)
    assert post("key-over").status_code == 429
    replay = post("key-0")
    assert (replay.status_code, replay["Idempotent-Replayed"], replay.content) == (201, "true", first.content)
    assert Idea.objects.filter(author=member).count() == allowed


def test_the_api_refusal_is_in_the_clients_language(lab, frozen_windows, settings):
    settings.COCREATE_RATE_LIMITS = {**settings.COCREATE_RATE_LIMITS, "comment": "1/10m/user,600/h/ip"}
    idea = f.IdeaFactory(organization=lab.org, author=lab.users["partner"])
    client = Client(headers={"Accept-Language": "ko"})
    client.force_login(lab.users["member"])
    url = f"/api/v1/organizations/{lab.org.slug}/ideas/{idea.pk}/comments"
    assert client.post(url, {"body": "좋아요"}, content_type="application/json").status_code == 201
    response = client.post(url, {"body": "좋아요"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (429, "rate_limited")
    assert response.headers["Content-Language"] == "ko"


# --- ideas, per IP address -------------------------------------------------------------------


def test_many_accounts_from_one_address_are_refused_beyond_the_limit(lab, frozen_windows):
    """Accounts are cheap; the address is not. The real per-IP limit is used up by attempts
    that never get past sign-in (they count too: every attempt does), then everyone behind
    that address is refused, on the pages and the API, and other addresses are not."""
    allowed = limit("idea", "ip")
    here, elsewhere = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.9"}
    page, api = f"/o/{lab.org.slug}/ideas/new/", f"/api/v1/organizations/{lab.org.slug}/ideas"
    anonymous = Client(**here)
    statuses = {anonymous.post(page, IDEA_FORM).status_code for _ in range(allowed)}
    assert statuses == {302}  # to the login page
    assert not Idea.objects.exists()

    member, partner = Client(**here), Client(**elsewhere)
    member.force_login(lab.users["member"])
    partner.force_login(lab.users["partner"])
    assert member.post(page, IDEA_FORM).status_code == 429
    assert member.post(api, {"title": "T", "body": "B"}, content_type="application/json").status_code == 429
    assert partner.post(page, IDEA_FORM).status_code == 302
    assert list(Idea.objects.values_list("author__email", flat=True)) == [lab.users["partner"].email]


def test_reading_is_never_limited(client, lab, frozen_windows, settings):
    settings.COCREATE_RATE_LIMITS = {**settings.COCREATE_RATE_LIMITS, "idea": "1/10m/user,1/h/ip"}
    client.force_login(lab.users["member"])
    url = f"/o/{lab.org.slug}/ideas/new/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert [client.post(url, IDEA_FORM).status_code for _ in range(2)] == [302, 429]


def test_limits_can_be_lifted_for_one_group(client, lab, frozen_windows, settings):
    total = limit("idea", "user") + 1
    settings.COCREATE_RATE_LIMITS = {**settings.COCREATE_RATE_LIMITS, "idea": ""}
    client.force_login(lab.users["member"])
    url = f"/o/{lab.org.slug}/ideas/new/"
    assert {client.post(url, IDEA_FORM).status_code for _ in range(total)} == {302}


# --- logins, counted once across processes ---------------------------------------------------

LOGIN_SCRIPT = textwrap.dedent("""
    import sys
    import django

    django.setup()
    from django.test import Client

    email, *passwords = sys.argv[1:]
    client = Client()
    for password in passwords:
        response = client.post("/accounts/login/", {"login": email, "password": password})
        refused = "Too many failed login attempts" in response.text
        print(response.status_code, "_auth_user_id" in client.session, refused)
""")


def _database_for_other_processes(tmp_path) -> str:
    """A URL another process can open holding this test's committed rows: PostgreSQL's test
    database itself, or a file copy of SQLite's in-memory one."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        login = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{login}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def _other_process_env(tmp_path, database_url: str) -> dict[str, str]:
    """The test settings on ``database_url`` with the default cache, the database's."""
    env = {k: v for k, v in os.environ.items() if k not in ("COCREATE_CACHE", "REDIS_URL")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "COCREATE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "testserver",
    }


def test_login_failures_are_counted_once_across_processes(transactional_db, flushable_audit_log, tmp_path):
    """Two processes, as two gunicorn workers, each with its own memory: the first sees three
    wrong passwords, the second two more and then the right one, which is refused, because
    allauth's limit (5 failures per account in 5 minutes) is counted in the shared cache."""
    assert not hasattr(settings, "ACCOUNT_RATE_LIMITS")  # allauth's defaults, as in production
    user = f.UserFactory(email="target@example.com")
    user.set_password("right-horse-battery")
    user.save()
    env = _other_process_env(tmp_path, _database_for_other_processes(tmp_path))

    def worker(*passwords):
        run = subprocess.run(
            [sys.executable, "-c", LOGIN_SCRIPT, user.email, *passwords],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.splitlines()

    assert worker("wrong1", "wrong2", "wrong3") == ["200 False False"] * 3
    assert worker("wrong4", "wrong5", "right-horse-battery") == ["200 False False", "200 False False", "200 False True"]


def test_login_limit_refuses_the_sixth_failure_in_one_process(client, db):
    user = f.UserFactory(email="target@example.com")
    user.set_password("right-horse-battery")
    user.save()
    for n in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": f"wrong{n}"})
        assert "Too many failed login attempts" not in response.text
    response = client.post("/accounts/login/", {"login": user.email, "password": "right-horse-battery"})
    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_the_refusal_page_is_translated(client, lab, frozen_windows, settings):
    settings.COCREATE_RATE_LIMITS = {**settings.COCREATE_RATE_LIMITS, "token": "1/h/user,30/h/ip"}
    member = lab.users["member"]
    member.language = "ko"
    member.save(update_fields=["language"])
    client.force_login(member)
    assert client.post("/accounts/tokens/", {"name": "one"}).status_code == 200
    response = client.post("/accounts/tokens/", {"name": "two"})
    assert response.status_code == 429
    assert response["Content-Language"] == "ko"
    with translation.override("en"):  # the request left Korean active in this thread
        assert ratelimits.wait_text(59) == "59 seconds" and ratelimits.wait_text(61) == "2 minutes"


def test_cocreate_migrate_creates_the_cache_table(transactional_db, flushable_audit_log, tmp_path):
    """`cocreate migrate` (make demo, make serve, an operator's upgrade) makes the table of the
    database cache, which is not a migration. pytest-django's test database gets it from Django's
    test set-up (createcachetable), which every test here relies on."""
    table = settings.CACHES["default"]["LOCATION"]
    url = _database_for_other_processes(tmp_path)
    if connection.vendor == "sqlite":  # the copy, not the test's own database
        with sqlite3.connect(url.removeprefix("sqlite:///")) as copy:
            copy.execute(f"DROP TABLE {table}")

        def tables():
            with sqlite3.connect(url.removeprefix("sqlite:///")) as copy:
                return {name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")

        def tables():
            return set(connection.introspection.table_names())

    assert table not in tables()
    env = _other_process_env(tmp_path, url)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "cocreate.cli", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert (run.returncode, run.stderr) == (0, "")
        assert table in tables()
    finally:
        call_command("createcachetable")  # whatever happened, the next tests have their cache
