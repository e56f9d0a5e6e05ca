"""Tests run on whatever DATABASE_URL names (SQLite by default, PostgreSQL in `make test`)."""

from .base import *  # noqa: F401,F403
from .base import DATA_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run at once, after commit, inside the test so their effects can be asserted.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = DATA_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
# Tests read English unless they ask for Korean (Accept-Language, a user's language or
# translation.override); the product's default stays Korean (base.LANGUAGE_CODE), which
# tests/core/test_settings.py checks.
LANGUAGE_CODE = "en"
# Most tests build many accounts that are minutes old and let them vote; bursts from new
# accounts are held only where a test asks for it (tests/evaluation/test_integrity.py).
VOTE_BURST_MIN_VOTES = 1000
# The rate limits (allauth's and cocreate.core.ratelimits') stay on with their real values and
# the real cache (the database's, rolled back with each test), as in production:
# tests/core/test_ratelimits.py proves them. Only the browser journeys, which sign in dozens of
# people from 127.0.0.1 and post hundreds of ideas against a live server whose cache outlives a
# test, lift them (tests/browser/conftest.py).
