import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import base


def test_product_defaults_to_korean_in_seoul():
    assert (base.LANGUAGE_CODE, base.TIME_ZONE, base.USE_TZ) == ("ko", "Asia/Seoul", True)
    assert [code for code, _ in base.LANGUAGES] == ["ko", "en"]


def test_sqlite_default_runs_in_wal_mode():
    if base.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "journal_mode=WAL" in base.DATABASES["default"]["OPTIONS"]["init_command"]


# --- production: nothing falls back silently (issue 12, item 11) ------------------------------

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k7#Qz9!vR2@mX5$wL8^pN3&tY6*bJ1(cF4)hD0_gS-eA+uK=iO[oP]lZ{qW}",
    "DATABASE_URL": "postgres://cocreate@db.internal:5432/cocreate",
    "COCREATE_CACHE": "database",
    "EMAIL_HOST": "smtp.example.com",
    "ALLOWED_HOSTS": "cocreate.example.com",
}
_OURS = {
    *PRODUCTION,
    "REDIS_URL",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "RATE_LIMITS_ENABLED",
    # Set by tests/browser/conftest.py when it is collected (Playwright's sync API beside the
    # live server); deploy checks rightly refuse it (async.E001), and it is no deployment's.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run(tmp_path, args, **env):
    """A fresh Python with exactly the given configuration (None removes a variable)."""
    environment = {k: v for k, v in os.environ.items() if k not in _OURS} | {"COCREATE_DATA_DIR": str(tmp_path)}
    environment |= {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def load_production(tmp_path, **env):
    code = (
        "from config.settings import production as s; print(s.DATABASES['default']['ENGINE'], "
        "s.CACHES['default']['BACKEND'], s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    return run(tmp_path, ["-c", code], **(PRODUCTION | env))


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (1 silenced).\n",
        "",
    )


def test_production_loads_postgresql_a_shared_cache_and_strict_hsts(tmp_path):
    assert load_production(tmp_path).stdout == (
        "django.db.backends.postgresql cocreate.core.cache.DatabaseCache True True\n"
    )
    redis = load_production(tmp_path, COCREATE_CACHE=None, REDIS_URL="redis://cache.internal:6379/0")
    assert redis.stdout == "django.db.backends.postgresql django.core.cache.backends.redis.RedisCache True True\n"


def test_hsts_subdomains_and_preload_can_be_turned_off(tmp_path):
    relaxed = load_production(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0")
    assert relaxed.stdout == "django.db.backends.postgresql cocreate.core.cache.DatabaseCache False False\n"


def _refusal(result) -> list[str]:
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("django.core.exceptions.ImproperlyConfigured"))
    return [line.split(":", 1)[0] if line.startswith("- ") else line for line in lines[start:]]


def test_production_refuses_to_start_without_its_services(tmp_path):
    result = load_production(tmp_path, SECRET_KEY=None, DATABASE_URL=None, COCREATE_CACHE=None, EMAIL_HOST=None)
    assert _refusal(result) == [
        "django.core.exceptions.ImproperlyConfigured: config.settings.production needs:",
        "- SECRET_KEY",
        "- DATABASE_URL naming PostgreSQL (postgres",
        "- a cache shared by every process",
        "- EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) of the SMTP server that "
        "sends the lab's mail.",
        "See README, Configuration.",
    ]


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DATABASE_URL": "sqlite:////tmp/cocreate.sqlite3"}, "- DATABASE_URL naming PostgreSQL (postgres"),
        ({"COCREATE_CACHE": None}, "- a cache shared by every process"),
        ({"COCREATE_CACHE": "memory", "REDIS_URL": None}, "- a cache shared by every process"),
        (
            {"COCREATE_CACHE": "memory", "REDIS_URL": "redis://cache.internal:6379/0"},
            "- COCREATE_CACHE=memory is per process; use redis or database.",
        ),
    ],
)
def test_production_refuses_sqlite_and_a_per_process_cache(tmp_path, env, missing):
    assert _refusal(load_production(tmp_path, **env))[1:-1] == [missing]


def test_without_redis_the_cache_is_the_database_shared_by_every_process(tmp_path):
    code = "from config.settings import base as s; print(s.CACHES['default']['BACKEND'], s.SILENCED_SYSTEM_CHECKS)"
    assert run(tmp_path, ["-c", code]).stdout == "cocreate.core.cache.DatabaseCache ['django_ratelimit.W001']\n"
    memory = run(tmp_path, ["-c", code], COCREATE_CACHE="memory").stdout
    assert memory == (
        "django.core.cache.backends.locmem.LocMemCache ['django_ratelimit.W001', 'django_ratelimit.E003']\n"
    )
