"""Settings shared by every environment. Everything an operator may change comes from the
environment (see README "Configuration"); nothing here names a path of one machine."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("COCREATE_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = os.environ.get("DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from our own static files (no CDN)
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "django_ratelimit",  # its system checks refuse a cache that is not shared between processes
    "cocreate.core",
    "cocreate.accounts",
    "cocreate.organizations",
    "cocreate.programs",
    "cocreate.recruiting",
    "cocreate.missions",
    "cocreate.ideas",
    "cocreate.evaluation",
    "cocreate.realization",
    "cocreate.retention",
    "cocreate.pool",
    "cocreate.incentives",
    "cocreate.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cocreate.accounts.middleware.UserLanguageMiddleware",
    "cocreate.core.middleware.OrganizationScopeMiddleware",
    # A retry answered from the Idempotency-Key store writes nothing: before the limiter counts it.
    "cocreate.core.idempotency.IdempotencyReplayMiddleware",
    "cocreate.core.ratelimits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: a POST under /api/ with an Idempotency-Key runs its view in one transaction with the key.
    "cocreate.core.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cocreate" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocreate.core.context_processors.navigation",
            ],
        },
    }
]

# SQLite in a data directory is the zero-set-up default; DATABASE_URL picks PostgreSQL.
_sqlite_url = f"sqlite:///{DATA_DIR / 'cocreate.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _sqlite_url), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# allauth: accounts are identified by email; there are no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_SIGNUP_FORM_CLASS = "cocreate.accounts.forms.SignupExtraForm"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "cocreate" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The largest file a participant may attach to a mission submission (images, PDF); at most
# ten per submission. The message of a refused file names this limit.
COCREATE_ATTACHMENT_MAX_BYTES = int(os.environ.get("COCREATE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

# Vote integrity (evaluation.integrity): at least VOTE_BURST_MIN_VOTES votes of one kind on one idea
# within VOTE_BURST_WINDOW_MINUTES from accounts younger than VOTE_NEW_ACCOUNT_DAYS are held for a person.
VOTE_BURST_WINDOW_MINUTES = int(os.environ.get("VOTE_BURST_WINDOW_MINUTES", 60))
VOTE_BURST_MIN_VOTES = int(os.environ.get("VOTE_BURST_MIN_VOTES", 5))
VOTE_NEW_ACCOUNT_DAYS = int(os.environ.get("VOTE_NEW_ACCOUNT_DAYS", 7))

# Mail goes through Django's mailers: SMTP when EMAIL_HOST is set, files under the data
# directory otherwise, so that a demo operator can read every message that was sent.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": os.environ["EMAIL_HOST"],
        "port": int(os.environ.get("EMAIL_PORT", "587")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": os.environ.get("EMAIL_USE_TLS", "1") == "1",
    }}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                           "OPTIONS": {"file_path": str(DATA_DIR / "mail")}}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cocreate <noreply@cocreate.localhost>")

# Background work: Django's tasks API, stored in the database and run by `cocreate worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The cache holds the rate-limit counters (allauth's login limits and cocreate.core.ratelimits),
# so every web process and worker must share it: 4 gunicorn workers with a per-process cache
# each counted alone and let 4x the login attempts through. COCREATE_CACHE picks it: "redis"
# (the default when REDIS_URL is set), "database" (the default otherwise: a table that
# `cocreate migrate` creates with createcachetable) or "memory" (per process: only for a
# single process, never behind `cocreate serve`'s several workers).
COCREATE_CACHE = os.environ.get("COCREATE_CACHE", "redis" if os.environ.get("REDIS_URL") else "database")
if COCREATE_CACHE == "redis":
    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("COCREATE_CACHE=redis needs REDIS_URL (redis://host:6379/0).")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"]}}
elif COCREATE_CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "cocreate.core.cache.DatabaseCache",  # Django's, with an atomic incr
            "LOCATION": "cocreate_cache",
            # Counters must not be culled while their window runs: expired rows go first, and a
            # lab rarely holds more than a few thousand live ones.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", 100_000))},
        }
    }
elif COCREATE_CACHE == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"COCREATE_CACHE must be redis, database or memory, not {COCREATE_CACHE!r}.")
# django-ratelimit warns about every backend outside its short list, which predates Django's own
# RedisCache and cannot know that ours increments atomically; it still refuses LocMemCache
# (E003) unless the operator chose "memory" for a single process.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + (["django_ratelimit.E003"] if COCREATE_CACHE == "memory" else [])

# Rate limits on creating things, per account and per IP address, on the pages and the API
# alike (cocreate.core.ratelimits maps each create route to one of these groups; a refusal is
# a 429 with Retry-After). A value lists "amount/period/per" rates separated by commas: period
# in s, m, h or d with an optional multiple (10m), per "user" or "ip". RATE_LIMIT_<GROUP>
# replaces a group's value (RATE_LIMIT_IDEA="5/10m/user,100/h/ip"); an empty value lifts it.
# Logins, sign-ups and password resets are limited by allauth (ACCOUNT_RATE_LIMITS, its defaults).
_RATE_LIMIT_DEFAULTS = {
    "idea": "20/10m/user,200/d/user,600/h/ip",  # open-channel and mission ideas
    "submission": "20/10m/user,200/d/user,600/h/ip",  # mission submissions sent
    "autosave": "300/10m/user,3000/d/user,3000/h/ip",  # drafts saved as one types
    "comment": "30/10m/user,300/d/user,600/h/ip",
    "vote": "300/10m/user,3000/h/ip",  # supports, ratings, pairwise votes, purchase intent
    "application": "10/h/user,100/h/ip",  # applications to a recruitment call
    "upload": "30/h/user,300/h/ip",  # requests that carry files (attachments, imports)
    "token": "10/h/user,30/h/ip",  # personal API tokens created
}
COCREATE_RATE_LIMITS = {
    group: os.environ.get(f"RATE_LIMIT_{group.upper()}", rates) for group, rates in _RATE_LIMIT_DEFAULTS.items()
}
RATELIMIT_ENABLE = os.environ.get("RATE_LIMITS_ENABLED", "1") == "1"
# Behind a load balancer every request comes from its address: name how many proxies in front
# append to X-Forwarded-For, or per-IP limits (ours and allauth's) count everyone as one.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# A strict Content Security Policy: no inline script or style anywhere in our templates.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token travels in a header we render
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
