from config.settings import base


def test_product_defaults_to_korean_in_seoul():
    assert (base.LANGUAGE_CODE, base.TIME_ZONE, base.USE_TZ) == ("ko", "Asia/Seoul", True)
    assert [code for code, _ in base.LANGUAGES] == ["ko", "en"]


def test_sqlite_default_runs_in_wal_mode():
    if base.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "journal_mode=WAL" in base.DATABASES["default"]["OPTIONS"]["init_command"]
