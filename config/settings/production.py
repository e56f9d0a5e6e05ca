"""Production: PostgreSQL through DATABASE_URL, a cache shared by every process (Redis, or a
table in PostgreSQL), secure cookies and HSTS, SMTP mail.

Nothing falls back silently: without a PostgreSQL DATABASE_URL, a shared cache, SMTP or a
SECRET_KEY the settings refuse to load (ImproperlyConfigured naming every missing piece at
once), and `cocreate check --deploy` is clean with them (tests/core/test_settings.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import COCREATE_CACHE, DATABASES

DEBUG = False


def _missing() -> list[str]:
    env = os.environ
    missing = []
    if not env.get("SECRET_KEY"):
        missing.append(
            "SECRET_KEY: a long random string (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not env.get("DATABASE_URL") or DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append(
            "DATABASE_URL naming PostgreSQL (postgres://user:password@host:5432/cocreate); "
            "production does not run on the SQLite file."
        )
    if not env.get("REDIS_URL") and env.get("COCREATE_CACHE") != "database":
        # The default "database" is not enough here: the operator says which shared cache runs.
        missing.append(
            "a cache shared by every process: REDIS_URL=redis://host:6379/0, or COCREATE_CACHE=database "
            "to keep it in PostgreSQL. A per-process cache lets each web worker count the rate limits "
            "alone."
        )
    elif COCREATE_CACHE == "memory":
        missing.append("COCREATE_CACHE=memory is per process; use redis or database.")
    if not env.get("EMAIL_HOST"):
        # Without it mail would be written to files that nobody reads (Django's check mail.E001):
        # invitations, reminders, decisions and password resets would never arrive.
        missing.append(
            "EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) of the "
            "SMTP server that sends the lab's mail."
        )
    return missing


if _problems := _missing():
    raise ImproperlyConfigured(
        "config.settings.production needs:\n- " + "\n- ".join(_problems) + "\nSee README, Configuration."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS: browsers that once saw the site over HTTPS refuse plain HTTP to it for a year. Including
# subdomains closes the hole of a cookie-stealing http://anything.<domain>; preload lets the
# domain be submitted to the browsers' built-in list, so even the first visit is HTTPS. Both are
# on by default. Turn them off (=0) when another service under the same domain still speaks
# plain HTTP, or before you are sure: a preloaded domain takes months to leave the list.
# Sending the preload flag alone submits nothing: the list has its own submission form.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
