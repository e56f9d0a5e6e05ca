"""Every answer under /api/ is JSON with a stable ``code`` and a translated ``detail``, and
every number, string and body shape a client sends is bounded (issue 12, item 10): huge
offsets and ids, malformed JSON, bodies that are not objects, unknown addresses, trailing
slashes, wrong methods and server errors used to answer 500s, HTML or a body without a code."""

import json

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as _site
from tests import factories as f

from .helpers import BASE

pytestmark = pytest.mark.django_db

KO = {"Accept-Language": "ko"}
EN = {"Accept-Language": "en"}


def boom(request) -> HttpResponse:
    raise RuntimeError("secret traceback detail")


# A URLconf for the server-error test: the site plus one address under /api/ that fails.
urlpatterns = [path("api/v1/boom", boom), *_site]
handler500 = "config.api.handler500"


@pytest.fixture
def anonymous():
    # Exceptions become answers, as they do for a real client.
    return Client(raise_request_exception=False)


@pytest.fixture
def member(db):
    user = f.UserFactory(name="Member", language="en")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return user, client


def body(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def patch_me(client, raw: str, headers=EN):
    # The session needs no CSRF token in Django's test client (it does not enforce CSRF).
    return client.patch(BASE + "/me", data=raw, content_type="application/json", headers=headers)


# --- numbers --------------------------------------------------------------------------------

def test_a_huge_offset_is_invalid_input_not_a_server_error(anonymous):
    response = anonymous.get(BASE + "/organizations", {"offset": "9999999999999999999"}, headers=EN)
    assert response.status_code == 422
    assert body(response) == {
        "detail": "Some fields are missing or invalid.", "code": "invalid_request",
        "errors": [{"loc": ["query", "offset"], "code": "less_than_equal",
                    "detail": "Enter a value of at most 1000000000.",
                    "msg": "Input should be less than or equal to 1000000000"}]}


def test_a_huge_offset_in_korean(anonymous):
    response = anonymous.get(BASE + "/organizations", {"offset": "9999999999999999999"}, headers=KO)
    assert response.status_code == 422
    assert body(response)["detail"] == "누락되었거나 올바르지 않은 항목이 있습니다."
    assert body(response)["errors"][0]["detail"] == "1000000000 이하의 값을 입력하세요."


def test_the_largest_offset_answers_an_empty_page(anonymous):
    f.OrganizationFactory()
    response = anonymous.get(BASE + "/organizations", {"offset": "1000000000"})
    assert response.status_code == 200
    assert body(response) == {"count": 1, "limit": 25, "offset": 1000000000, "items": []}


@pytest.mark.parametrize("idea_id", ["99999999999999999999", "9223372036854775808", "0", "-1"])
def test_an_id_out_of_range_in_a_path_is_invalid_input(anonymous, idea_id):
    org = f.OrganizationFactory()
    response = anonymous.get(f"{BASE}/organizations/{org.slug}/ideas/{idea_id}")
    assert response.status_code == 422
    error = body(response)["errors"][0]
    assert (error["loc"], body(response)["code"]) == (["path", "idea_id"], "invalid_request")


def test_the_largest_id_is_simply_not_found(anonymous):
    org = f.OrganizationFactory()
    response = anonymous.get(f"{BASE}/organizations/{org.slug}/ideas/9223372036854775807")
    assert (response.status_code, body(response)) == (404, {"detail": "Not found.", "code": "not_found"})


# --- bodies ---------------------------------------------------------------------------------

def test_malformed_json_answers_400_with_a_code(member):
    _user, client = member
    response = patch_me(client, '{"name": "x"')
    assert (response.status_code, body(response)) == (
        400, {"detail": "The request body is not valid JSON.", "code": "invalid_json"})
    response = patch_me(client, '{"name": "x"', headers=KO)
    assert body(response) == {"detail": "요청 본문이 올바른 JSON이 아닙니다.", "code": "invalid_json"}


def test_nan_is_not_json(member):
    _user, client = member
    response = patch_me(client, '{"follower_count": NaN}')
    assert (response.status_code, body(response)["code"]) == (400, "invalid_json")


@pytest.mark.parametrize("raw", ["[null,null]", '"name"', "3", "null", "true"])
def test_a_body_that_is_not_an_object_is_refused(member, raw):
    user, client = member
    response = patch_me(client, raw)
    assert response.status_code == 422
    assert body(response) == {
        "detail": "Some fields are missing or invalid.", "code": "invalid_request",
        "errors": [{"loc": ["body"], "code": "model_type", "detail": "Give an object.",
                    "msg": "Input should be a JSON object"}]}
    user.refresh_from_db()
    assert user.name == "Member"


def test_a_body_that_is_not_an_object_in_korean(member):
    _user, client = member
    response = patch_me(client, "[null,null]", headers=KO)
    assert body(response)["errors"][0]["detail"] == "객체를 보내세요."


def test_a_26000_character_expertise_is_refused(member):
    user, client = member
    response = patch_me(client, json.dumps({"expertise": "가" * 26000}))
    assert response.status_code == 422
    assert body(response)["errors"] == [{
        "loc": ["body", "data", "expertise"], "code": "string_too_long",
        "detail": "Enter at most 2000 characters.", "msg": "String should have at most 2000 characters"}]
    response = patch_me(client, json.dumps({"expertise": "가" * 26000}), headers=KO)
    assert body(response)["errors"][0]["detail"] == "2000자 이하로 입력하세요."
    user.refresh_from_db()
    assert user.expertise == ""


def test_an_expertise_within_the_limit_is_kept(member):
    user, client = member
    response = patch_me(client, json.dumps({"expertise": "가" * 2000}))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.expertise == "가" * 2000


def test_a_nul_character_is_refused_in_a_body_and_a_query(member, anonymous):
    _user, client = member
    response = patch_me(client, json.dumps({"name": "a\x00b"}))
    assert (response.status_code, body(response)["errors"]) == (422, [{
        "loc": ["body"], "code": "null_character", "detail": "Null characters are not allowed.",
        "msg": "Text may not contain NUL characters"}])
    org = f.OrganizationFactory()
    response = anonymous.get(f"{BASE}/organizations/{org.slug}/ideas", {"q": "a\x00b"})
    assert (response.status_code, body(response)["errors"][0]["loc"]) == (422, ["query"])
    response = anonymous.get(f"{BASE}/organizations/a%00b/ideas")
    assert (response.status_code, body(response)["code"]) == (404, "not_found")


def test_a_time_with_any_utc_offset_is_stored_as_the_same_instant(client):
    from datetime import UTC, datetime

    from cocreate.recruiting.models import Recruitment

    lab = f.make_lab()
    client.force_login(lab.user("program_manager"))
    response = client.post(
        f"{BASE}/organizations/{lab.org.slug}/programs/{lab.program.slug}/recruitments",
        data=json.dumps({"title": "Offsets", "purpose": "p", "consent_text": "c",
                         "opens_at": "2030-01-01T10:00:00-16:06", "closes_at": "2030-02-01T10:00:00+14:00"}),
        content_type="application/json")
    assert response.status_code == 201, response.content
    recruitment = Recruitment.objects.get(title="Offsets")
    assert (recruitment.opens_at, recruitment.closes_at) == (
        datetime(2030, 1, 2, 2, 6, tzinfo=UTC), datetime(2030, 1, 31, 20, 0, tzinfo=UTC))


# --- addresses and methods ------------------------------------------------------------------

@pytest.mark.parametrize("address", ["/api/v1/nope", "/api/v1/organizations/x/y/z/w", "/api/nope", "/api",
                                     "/api/", "/api/v1/", "/api/v2/organizations"])
def test_an_unknown_api_address_answers_json_404(anonymous, address):
    response = anonymous.get(address, headers=EN)
    assert (response.status_code, body(response)) == (404, {"detail": "Not found.", "code": "not_found"})


def test_an_unknown_api_address_in_korean(anonymous):
    response = anonymous.get("/api/v1/nope", headers=KO)
    assert body(response) == {"detail": "찾을 수 없습니다.", "code": "not_found"}


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_trailing_slash_answers_json_404_naming_the_address(anonymous, method):
    response = getattr(anonymous, method)("/api/v1/organizations/", headers=EN)
    assert (response.status_code, body(response)) == (404, {
        "detail": "Not found. API addresses end without a slash: /api/v1/organizations", "code": "not_found"})


def test_a_wrong_method_answers_json_405_with_allow(anonymous):
    response = anonymous.delete(BASE + "/organizations", headers=EN)
    assert (response.status_code, body(response)) == (
        405, {"detail": "This address does not take this method.", "code": "method_not_allowed"})
    assert response["Allow"] == "GET"


def test_pages_keep_their_html_404(anonymous):
    response = anonymous.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- authentication -------------------------------------------------------------------------

def test_not_signed_in_answers_json_401(anonymous):
    response = anonymous.get(BASE + "/me", headers=EN)
    assert response.status_code == 401
    assert body(response)["code"] == "not_authenticated"


def test_a_session_write_without_csrf_answers_json_403(db):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(f.UserFactory())
    response = patch_me(client, json.dumps({"name": "x"}))
    assert (response.status_code, body(response)["code"]) == (403, "csrf_failed")


# --- server errors --------------------------------------------------------------------------

@pytest.mark.urls(__name__)
def test_a_server_error_answers_generic_json_without_the_traceback(anonymous):
    response = anonymous.get(BASE + "/boom", headers=EN)
    assert (response.status_code, body(response)) == (
        500, {"detail": "Something went wrong on our side. Try again later.", "code": "server_error"})
    assert b"secret" not in response.content and b"Traceback" not in response.content
