"""Signing up and in, the profile, the language switcher and personal API tokens."""

import pytest
from django.conf import settings

from cocreate.accounts.models import ApiToken, User
from cocreate.accounts.services import api_token_authenticate
from tests import factories as f

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"
TOKENS = "/accounts/tokens/"


def profile_data(**overrides):
    data = {"name": "Kim Minji", "language": "en", "birth_year": "2003", "gender": "female",
            "region": "Busan",
            "interests": "grooming, music", "expertise": "Video editing", "languages": "Korean, English",
            "follower_count": "12000", "social_links": "https://example.com/minji",
            "community_roles": "Club leader"}
    return data | overrides


# allauth -------------------------------------------------------------------------------------

def test_sign_up_by_email_with_name_and_language(client):
    response = client.post("/accounts/signup/", {
        "email": "Minji@Example.com", "password1": "a-long-good-passphrase",
        "password2": "a-long-good-passphrase", "name": "Kim Minji", "language": "ko",
    })
    assert response.status_code == 302
    user = User.objects.get(email="minji@example.com")
    assert (user.name, user.language) == ("Kim Minji", "ko")
    assert client.session["_auth_user_id"] == str(user.pk)
    # The first page after signing up already speaks the chosen language.
    assert '<html lang="ko">' in client.get(PROFILE).text


def test_sign_up_without_a_name_is_refused(client):
    response = client.post("/accounts/signup/", {
        "email": "nameless@example.com", "password1": "a-long-good-passphrase",
        "password2": "a-long-good-passphrase", "name": "", "language": "en",
    })
    assert response.status_code == 200
    assert "nameless@example.com" in response.text
    assert not User.objects.filter(email="nameless@example.com").exists()


def test_log_in_by_email(client):
    user = f.UserFactory(email="sam@example.com")
    response = client.post("/accounts/login/", {"login": "sam@example.com", "password": f.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_does_not_log_in(client):
    f.UserFactory(email="sam@example.com")
    response = client.post("/accounts/login/", {"login": "sam@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# Profile -------------------------------------------------------------------------------------

def test_profile_needs_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_profile_shows_the_current_values(client):
    user = f.UserFactory(name="Sam", region="Seoul", follower_count=321)
    client.force_login(user)
    text = client.get(PROFILE).text
    assert 'value="Sam"' in text and 'value="Seoul"' in text and 'value="321"' in text
    assert user.email in text


def test_saving_the_profile_switches_the_language_at_once(client):
    user = f.UserFactory(language="en")
    client.force_login(user)
    response = client.post(PROFILE, profile_data(language="ko"))
    assert response.status_code == 302 and response["Location"] == PROFILE
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    user.refresh_from_db()
    assert user.language == "ko"
    assert (user.name, user.birth_year, user.gender, user.region, user.follower_count) == (
        "Kim Minji", 2003, "female", "Busan", 12000)
    assert (user.interests, user.expertise, user.languages, user.social_links, user.community_roles) == (
        "grooming, music", "Video editing", "Korean, English", "https://example.com/minji", "Club leader")
    assert '<html lang="ko">' in client.get(PROFILE).text


def test_invalid_profile_keeps_what_was_typed_and_saves_nothing(client):
    user = f.UserFactory(name="Sam", birth_year=2000)
    client.force_login(user)
    response = client.post(PROFILE, profile_data(birth_year="1850", region="Jeju"))
    assert response.status_code == 200
    assert "Enter a real birth year." in response.text
    assert 'value="Jeju"' in response.text and 'value="1850"' in response.text
    user.refresh_from_db()
    assert (user.name, user.birth_year, user.region) == ("Sam", 2000, "")
    response = client.post(PROFILE, profile_data(follower_count="-5", name=""))
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Ensure this value is greater than or equal to 0." in response.text


@pytest.mark.parametrize(("language", "expertise", "message"), [
    ("en", "Video editing. " * 1733 + "Sound", "Ensure this value has at most 2000 characters (it has 26000)."),
    ("ko", "영상편집 " * 5199 + "영상편집끝", "값이 최대 2000자 이하여야 합니다 (현재 26000자)."),
])
def test_a_too_long_expertise_is_refused_in_the_readers_language_and_kept(client, language, expertise, message):
    """The API refuses more than 2,000 characters of expertise; the page did not (issue 12 stored
    26,000 through it). Django's own message, translated; the text stays in the box to shorten."""
    user = f.UserFactory(name="Sam", language=language, expertise="Brewing")
    client.force_login(user)
    response = client.post(PROFILE, profile_data(language=language, expertise=expertise, region="Jeju"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"expertise": [message]}
    assert message in response.text
    assert f'maxlength="2000" aria-invalid="true" aria-describedby="id_expertise_error" id="id_expertise">\n' \
           f"{expertise}</textarea>" in response.text
    assert 'value="Jeju"' in response.text
    user.refresh_from_db()
    assert (user.expertise, user.region) == ("Brewing", "")
    # At the bound it is saved.
    response = client.post(PROFILE, profile_data(language=language, expertise=expertise[:2000]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.expertise == expertise[:2000].strip()


# Language switcher ----------------------------------------------------------------------------

def test_switcher_updates_a_signed_in_persons_profile(client):
    user = f.UserFactory(language="en")
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": "ko", "next": "/me/ideas/"})
    assert response.status_code == 302 and response["Location"] == "/me/ideas/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    user.refresh_from_db()
    assert user.language == "ko"
    assert '<html lang="ko">' in client.get("/me/ideas/").text


def test_switcher_for_visitors_sets_the_cookie_only(client):
    response = client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_switcher_ignores_unknown_languages(client):
    user = f.UserFactory(language="en")
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"


def test_switcher_is_post_only(client):
    assert client.get("/accounts/language/").status_code == 405


# API tokens ----------------------------------------------------------------------------------

def test_tokens_need_login(client):
    assert client.get(TOKENS).status_code == 302


def test_create_a_token_shows_the_secret_once(client):
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "My script"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user)
    secret = response.context["secret"]
    assert secret.startswith("cc_") and secret in response.text
    assert token.name == "My script" and token.prefix == secret[3:11]
    assert secret not in token.digest  # only a hash is kept
    assert api_token_authenticate(secret) == user
    text = client.get(TOKENS).text
    assert secret not in text
    assert "My script" in text and f"cc_{token.prefix}…" in text


def test_token_without_a_name_is_refused(client):
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "  "})
    assert response.status_code == 200
    assert "Name the token so you can recognise it later." in response.text
    assert not ApiToken.objects.exists()


def test_tokens_list_only_my_own(client, django_assert_max_num_queries):
    from cocreate.accounts.services import api_token_create

    me, other = f.UserFactory(), f.UserFactory()
    api_token_create(other, name="Not mine")
    for i in range(3):
        api_token_create(me, name=f"Mine {i}")
    client.force_login(me)
    with django_assert_max_num_queries(8) as small:
        text = client.get(TOKENS).text
    assert "Mine 0" in text and "Not mine" not in text
    for i in range(3, 33):
        api_token_create(me, name=f"Mine {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(TOKENS).status_code == 200


def test_revoke_my_token(client):
    from cocreate.accounts.services import api_token_create

    user = f.UserFactory()
    token, secret = api_token_create(user, name="Old")
    client.force_login(user)
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == TOKENS
    assert not ApiToken.objects.exists()
    assert api_token_authenticate(secret) is None


def test_revoking_someone_elses_token_is_404(client):
    from cocreate.accounts.services import api_token_create

    token, secret = api_token_create(f.UserFactory(), name="Theirs")
    client.force_login(f.UserFactory())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert api_token_authenticate(secret) is not None
