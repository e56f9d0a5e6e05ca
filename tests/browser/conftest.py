"""Headless Chromium (Debian's package) driven by Playwright against a live server.

Playwright's own browser download is not used: the system Chromium is launched through
``executable_path``. `make test` installs it when missing; without it these tests fail
loudly rather than skip, so a green run always means the browser journeys really ran."""

import os
import shutil
import urllib.request

import pytest

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by fixtures
# are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"



_WARMED: set[str] = set()


@pytest.fixture(autouse=True)
def _warm_live_server(live_server):
    """The live server's first request imports every view and compiles the templates: 7 s on
    an idle machine, past a page's 15 s timeout on a loaded one. Take that hit once, with room."""
    if live_server.url not in _WARMED:
        urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=120).read()
        _WARMED.add(live_server.url)


@pytest.fixture(autouse=True)
def _audit_log_flushable(flushable_audit_log):
    """Live-server tests are transactional; see tests/conftest.py."""


@pytest.fixture(autouse=True)
def _rate_limits_off(settings):
    """The journeys sign in dozens of people from 127.0.0.1 and post hundreds of ideas within
    minutes against one live server, whose cache rows outlive each test; the limits themselves
    are proven with their real values in tests/core/test_ratelimits.py."""
    settings.RATELIMIT_ENABLE = False
    settings.ACCOUNT_RATE_LIMITS = False
