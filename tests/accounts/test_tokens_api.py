"""API tokens through the API: created with a lifetime and a scope; an expired token answers
401 ``token_expired`` and a read-only one 403 ``token_read_only`` to any write, in the
reader's language."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext

from cocreate.accounts.models import ApiToken
from cocreate.accounts.services import api_token_create
from cocreate.ideas.models import Idea
from tests import factories as f
from tests.api.helpers import Api

from .test_tokens import NOW, clock  # noqa: F401 - the fixed clock fixture

pytestmark = pytest.mark.django_db

EXPIRED_EN = "This API token expired on March 9, 2026. Create a new one under /me/tokens."
READ_ONLY_EN = "This API token is read-only: it cannot create, change or delete anything. Use a token with full access."


@pytest.fixture
def api(client):
    return Api(client)


@pytest.mark.usefixtures("clock")
def test_a_token_is_created_with_its_lifetime_and_scope(api):
    user = f.UserFactory()
    api.as_user(user)
    default = api.post("/me/tokens", {"name": "default"})
    dated = api.post("/me/tokens", {"name": "dated", "expires_on": "2026-04-30", "read_only": True})
    yearly = api.post("/me/tokens", {"name": "yearly", "expires_in_days": 365})
    assert [r.status_code for r in (default, dated, yearly)] == [201, 201, 201]

    def lifetime(response):
        body = response.json()
        return datetime.fromisoformat(body["expires_at"]), body["expired"], body["read_only"]

    assert lifetime(default) == (datetime(2026, 6, 8, 3, 0, tzinfo=UTC), False, False)
    assert lifetime(dated) == (datetime(2026, 4, 30, 15, 0, tzinfo=UTC), False, True)  # midnight in Seoul
    assert lifetime(yearly) == (datetime(2027, 3, 10, 3, 0, tzinfo=UTC), False, False)
    listed = api.get("/me/tokens").json()["items"]
    assert [(t["name"], t["read_only"], t["expired"]) for t in listed] == [
        ("yearly", False, False),
        ("dated", True, False),
        ("default", False, False),
    ]


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({"name": "x", "expires_in_days": 7}, 422, "invalid_request"),
        ({"name": "x", "expires_on": "2026-03-10"}, 400, "expiry_invalid"),
        ({"name": "x", "expires_on": "2027-03-11"}, 400, "expiry_invalid"),
        ({"name": "x", "expires_in_days": 30, "expires_on": "2026-04-01"}, 400, "expiry_ambiguous"),
    ],
)
@pytest.mark.usefixtures("clock")
def test_a_lifetime_outside_the_rules_is_refused(api, data, status, code):
    api.as_user(f.UserFactory())
    response = api.post("/me/tokens", data)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.usefixtures("clock")
def test_an_expired_token_answers_401_token_expired_in_the_owners_language(api, lang):
    user = f.UserFactory(language=lang)
    token, secret = api_token_create(user, name="old script", expires_in_days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
    api.with_token(secret)
    for response in (api.get("/me"), api.post("/me/tokens", {"name": "new"}), api.get("/organizations")):
        assert response.status_code == 401
        body = response.json()
        assert body["code"] == "token_expired"
        with translation.override(lang):
            date = "2026년 3월 9일" if lang == "ko" else "March 9, 2026"
            assert body["detail"] == gettext(
                "This API token expired on %(date)s. Create a new one under /me/tokens."
            ) % {"date": date}
        assert response["WWW-Authenticate"] == (
            'Bearer realm="api", error="invalid_token", error_description="The token expired"'
        )
    if lang == "en":
        assert body["detail"] == EXPIRED_EN
    assert ApiToken.objects.count() == 1  # nothing was created with it
    # A token that has not expired yet is let through, to the second.
    ApiToken.objects.filter(pk=token.pk).update(expires_at=NOW + timedelta(seconds=1))
    assert api.get("/me").status_code == 200


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_read_only_token_reads_but_every_write_answers_403(api, lab, lang):
    member = lab.users["member"]
    _token, secret = api_token_create(member, name="reader", read_only=True)
    api.with_token(secret)
    headers = {"Accept-Language": lang}
    assert api.get("/me", headers=headers).status_code == 200
    assert api.get(f"/organizations/{lab.org.slug}/ideas", headers=headers).status_code == 200
    writes = [
        api.post(f"/organizations/{lab.org.slug}/ideas", {"title": "Refill", "body": "Cans refilled."}, headers),
        api.patch("/me", {"name": "Changed"}, headers),
        api.post("/me/tokens", {"name": "escalate"}, headers),
        api.delete(f"/me/tokens/{_token.pk}", headers),
        api.put(f"/organizations/{lab.org.slug}/ideas/1/scores", {"scores": []}, headers),
    ]
    with translation.override(lang):
        detail = gettext(
            "This API token is read-only: it cannot create, change or delete anything. Use a token with full access."
        )
    assert [(r.status_code, r.json()) for r in writes] == [(403, {"detail": detail, "code": "token_read_only"})] * 5
    if lang == "en":
        assert detail == READ_ONLY_EN
    member.refresh_from_db()
    assert member.name != "Changed"
    assert ApiToken.objects.filter(user=member).count() == 1
    assert not Idea.objects.filter(author=member).exists()


def test_a_full_token_still_writes(api, lab):
    _token, secret = api_token_create(lab.users["member"], name="writer")
    response = api.with_token(secret).post(
        f"/organizations/{lab.org.slug}/ideas", {"title": "Refill", "body": "Cans refilled."}
    )
    assert response.status_code == 201


def test_the_openapi_schema_tells_of_expiry_and_scope(api):
    schema = api.client.get("/api/v1/openapi.json").json()
    bearer = schema["components"]["securitySchemes"]["BearerToken"]
    assert "token_expired" in bearer["description"] and "token_read_only" in bearer["description"]
    token_in = schema["components"]["schemas"]["TokenIn"]["properties"]
    assert set(token_in) == {"name", "expires_in_days", "expires_on", "read_only"}
