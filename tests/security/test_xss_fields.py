"""What the XSS corpus covers, checked without a browser (the browser run is
tests/browser/test_xss_corpus.py): every user text field is filled or excluded with a reason,
and the corpus itself has the shapes the issue lists."""

from tests.security.xss_corpus import (
    EXCLUDED,
    LONG_LENGTH,
    PAYLOADS,
    corpus_json,
    filled_fields,
    label,
    user_text_fields,
)


def test_every_exclusion_names_a_real_field_and_a_reason():
    fields = {label(f) for f in user_text_fields()}
    models = {name.rsplit(".", 1)[0] for name in fields}
    # An exclusion of a model not installed here is another branch's; one of a field that is
    # gone (or no longer free text) is stale.
    assert sorted(n for n in set(EXCLUDED) - fields if n.rsplit(".", 1)[0] in models) == []
    assert [name for name, reason in EXCLUDED.items() if len(reason) < 5] == []


def test_the_free_text_people_write_is_filled():
    filled = {label(f) for f in filled_fields()}
    # A sample of what people write: if one of these ever got excluded, the corpus would stop
    # reaching the pages that show it.
    assert {
        "ideas.Idea.title",
        "ideas.Idea.body",
        "ideas.Idea.details",
        "ideas.Comment.body",
        "ideas.Attachment.name",
        "accounts.User.name",
        "accounts.User.expertise",
        "accounts.User.social_links",
        "recruiting.Answer.text",
        "recruiting.Application.profile",
        "recruiting.ImportJob.original_name",
        "recruiting.ImportJob.columns",
        "missions.Team.name",
        "realization.Decision.reason",
        "realization.Appeal.grounds",
        "realization.Concept.name",
        "retention.OutcomeUpdate.text",
        "organizations.Department.name",
        "organizations.Organization.name",
        "notifications.Notification.params",
        "evaluation.Score.comment",
    } <= filled


def test_the_corpus_has_every_kind_of_attack():
    texts = dict(PAYLOADS)
    assert "<script" in texts["script"] and "onerror=" in texts["img"] and "<svg" in texts["svg"]
    assert texts["js-url"].startswith("javascript:") and "{%" in texts["django-template"]
    assert "${" in texts["js-template"] and "hx-on" in texts["htmx"] and "\u202e" in texts["rtl"]
    assert len(texts["long"]) == LONG_LENGTH and "\u200d" in texts["hangul-emoji"]
    assert "\x07" in texts["control"]


def test_json_keeps_codes_dates_and_keys_and_replaces_prose_and_links():
    value = {
        "gender": "female",
        "visit_date": "2026-12-05",
        "email": "a@example.com",
        "count": 3,
        "region": "경기 성남",
        "post_url": "https://example.com/x",
        "items": ["Wave lines"],
    }
    out = corpus_json(value, 0)
    assert (out["gender"], out["visit_date"], out["email"], out["count"]) == (
        "female",
        "2026-12-05",
        "a@example.com",
        3,
    )
    assert out["post_url"].lstrip().lower().startswith(("javascript:", "data:"))
    assert out["region"] != "경기 성남" and out["items"][0] != "Wave lines"


def test_only_web_addresses_become_links():
    from cocreate.core.templatetags.links import web_link

    assert [web_link(v) for v in ["https://example.com/a?b=1", " HTTP://example.com ", "javascript:xss(1)",
                                  " \tJaVaScRiPt:xss(1)", "data:text/html,<script>", "java\nscript:x",
                                  "//evil.example", "http://[::1", None]] == \
        ["https://example.com/a?b=1", "HTTP://example.com", "", "", "", "", "", "", ""]
