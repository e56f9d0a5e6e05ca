"""The API's contract as a whole: schema, authentication, CSRF, errors, language, scope."""

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from cocreate.accounts.models import ApiToken
from cocreate.accounts.services import api_token_create, api_token_revoke
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from tests import factories as f

from .helpers import BASE, idea_url, org_url

pytestmark = pytest.mark.django_db

ROUTER_TAGS = {
    "me",
    "notifications",
    "organizations",
    "programs",
    "recruiting",
    "missions",
    "ideas",
    "evaluation",
    "realization",
    "retention",
    "pool",
    "incentives",
}


def test_openapi_schema_is_served_and_lists_every_router(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Cocreate API" and schema["info"]["version"] == "1"
    tags = {tag for op in schema["paths"].values() for spec in op.values() for tag in spec.get("tags", [])}
    assert tags == ROUTER_TAGS
    assert set(schema["components"]["securitySchemes"]) == {"BearerToken", "Session"}
    # Public reads also work without credentials; writes need them.
    assert {} in schema["paths"][f"{BASE}/organizations/{{slug}}/ideas"]["get"]["security"]
    assert {} not in schema["paths"][f"{BASE}/organizations/{{slug}}/ideas"]["post"]["security"]


def test_token_authenticates_and_records_use(api, lab, token):
    member = lab.users["member"]
    secret = token(member)
    response = api.with_token(secret).get("/me")
    assert response.status_code == 200 and response.json()["email"] == member.email
    assert ApiToken.objects.get(user=member).last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer cc_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "cc_raw"])
def test_bad_token_is_401_even_on_public_endpoints(client, lab, header):
    for path in ("/me", "/organizations"):
        response = client.get(BASE + path, headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_revoked_token_is_401(api, lab):
    member = lab.users["member"]
    token, secret = api_token_create(member, name="old script")
    api_token_revoke(token, actor=member)
    assert api.with_token(secret).get("/me").status_code == 401


def test_token_of_deactivated_account_is_401(api, lab, token):
    member = lab.users["member"]
    secret = token(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert api.with_token(secret).get("/me").status_code == 401


def test_anonymous_write_is_401_and_personal_reads_too(api, lab):
    assert api.get("/me").status_code == 401
    response = api.post(f"{org_url(lab)}/ideas", {"title": "T", "body": "B"})
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert not Idea.objects.exists()


def test_session_post_without_csrf_token_is_refused(lab):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lab.users["member"])
    response = client.post(
        f"{BASE}{org_url(lab)}/ideas", {"title": "T", "body": "B"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Idea.objects.exists()


def test_session_post_with_csrf_token_is_accepted(lab):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lab.users["member"])
    # What a page rendering {% csrf_token %} hands the browser: a cookie and a token.
    request = RequestFactory().get("/")
    csrf = get_token(request)
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    response = client.post(
        f"{BASE}{org_url(lab)}/ideas",
        {"title": "T", "body": "B"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201
    # Safe methods never need it.
    assert client.get(f"{BASE}/me").status_code == 200


def test_token_post_needs_no_csrf_token(lab, token):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}{org_url(lab)}/ideas",
        {"title": "T", "body": "B", "submit": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token(lab.users['member'])}"},
    )
    assert response.status_code == 201
    assert Idea.objects.get().author == lab.users["member"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_domain_error_is_400_with_the_services_message_in_the_request_language(api, lab, language):
    api.as_user(lab.users["member"])
    response = api.post(
        f"{org_url(lab)}/ideas", {"title": " ", "body": "B"}, headers={"Accept-Language": language}
    )
    with translation.override(language):
        expected = gettext("Give your idea a title.")
    assert response.status_code == 400
    assert response.json() == {"detail": expected, "code": "title_required"}
    assert response["Content-Language"] == language


def test_domain_error_with_several_messages_lists_each(api, lab):
    question = lab.recruitment.questions.get()
    api.as_user(lab.users["member"])
    response = api.post(
        f"/organizations/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/applications",
        {"consent": True, "answers": [{"question_id": question.pk, "text": "x" * 141}]},
    )
    body = response.json()
    assert response.status_code == 400 and body["code"] == "answer_too_long"
    assert body["detail"] == f"“{question.text}” can be at most 140 characters long (now 141)."


def test_without_accept_language_the_profile_language_is_used(api, lab, token):
    member = lab.users["member"]
    member.language = "ko"
    member.save(update_fields=["language"])
    response = api.with_token(token(member)).post(f"{org_url(lab)}/ideas", {"title": "", "body": "B"})
    assert response.status_code == 400 and response["Content-Language"] == "ko"
    with translation.override("ko"):
        assert response.json()["detail"] == gettext("Give your idea a title.")


def test_transition_not_allowed_is_409(api, lab):
    idea = f.IdeaFactory(organization=lab.org, author=lab.users["member"])  # already submitted
    api.as_user(lab.users["member"])
    response = api.post(idea_url(lab, idea, "/submit"))
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert response.json()["detail"] == "An idea that is “Submitted” cannot become “Submitted”."


def test_malformed_input_is_422_with_a_translated_detail_and_the_fields(api, lab):
    api.as_user(lab.users["member"])
    response = api.post(f"{org_url(lab)}/ideas", {"title": "no body"})
    body = response.json()
    assert response.status_code == 422
    assert body["detail"] == "Some fields are missing or invalid." and body["code"] == "invalid_request"
    assert [e["loc"] for e in body["errors"]] == [["body", "data", "body"]]


def test_unknown_organization_and_missing_object_are_404_with_the_json_body(api, lab):
    assert api.get("/organizations/nope/ideas").json() == {"detail": "Not found.", "code": "not_found"}
    assert api.get(f"{org_url(lab)}/ideas/999999").status_code == 404


@pytest.mark.scoped
def test_org_endpoints_run_inside_the_organizations_scope(api):
    """With django-scopes enforced, as in production: an endpoint that forgot to open the
    organization's scope would fail with ScopeError instead of answering."""
    with scopes_disabled():
        lab = f.make_lab()
        idea = f.IdeaFactory(organization=lab.org, title="Scoped")
        judge = lab.users["judge"]
        mission_idea = f.IdeaFactory(
            organization=lab.org, channel="mission", program=lab.program, mission=lab.mission
        )
    assert api.get(f"{org_url(lab)}/ideas").json()["items"][0]["title"] == "Scoped"
    assert api.get(idea_url(lab, idea)).status_code == 200
    api.as_user(judge)
    assert api.get(f"{org_url(lab)}/evaluation/queue").json()["count"] == 1
    values = [{"criterion_id": c.pk, "value": 7} for c in lab.criteria]
    assert api.put(idea_url(lab, mission_idea, "/scores"), {"scores": values}).status_code == 200
    api.as_user(lab.users["partner"])
    assert api.get(f"/organizations/{lab.org.slug}/programs/{lab.program.slug}/missions").json()["count"] == 1
    response = api.post(f"{org_url(lab)}/ideas", {"title": "New", "body": "B", "submit": True})
    assert response.status_code == 201 and response.json()["state"] == IdeaState.SUBMITTED
    assert api.get("/me/ideas").json()["count"] == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_malformed_field_is_explained_in_the_readers_language(api, lab, lang):
    api.as_user(lab.users["member"])
    response = api.post(f"{org_url(lab)}/ideas", {"title": 5, "body": "x", "submit": "perhaps"},
                        headers={"Accept-Language": lang})
    assert response.status_code == 422 and response["Content-Language"] == lang
    errors = {e["loc"][-1]: e for e in response.json()["errors"]}
    with translation.override(lang):
        assert errors["title"]["code"] == "string_type" and errors["title"]["detail"] == gettext("Enter text.")
        assert errors["submit"]["code"] == "bool_parsing"
        assert errors["submit"]["detail"] == gettext("Enter true or false.")
    assert errors["title"]["msg"]  # pydantic's own words stay for developers
    if lang == "ko":
        assert errors["title"]["detail"] != "Enter text."


def test_field_errors_name_their_limits_and_unknown_types_get_a_general_sentence():
    from cocreate.core.api_errors import field_error

    with translation.override("en"):
        assert field_error({"type": "string_too_long", "loc": ("body", "title"), "msg": "x",
                            "ctx": {"max_length": 200}})["detail"] == "Enter at most 200 characters."
        assert field_error({"type": "less_than_equal", "loc": ("q",), "ctx": {"le": 100}})["detail"] == (
            "Enter a value of at most 100.")
        assert field_error({"type": "less_than_equal", "loc": ("q",)})["detail"] == "This value is not valid."
        assert field_error({"type": "something_new", "loc": ()})["detail"] == "This value is not valid."
