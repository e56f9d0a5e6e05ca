"""API tokens expire and may be read-only: the service's rules and the tokens page, in English
and Korean. The API side is in test_tokens_api.py."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from cocreate.accounts.models import ApiToken
from cocreate.accounts.services import api_token_authenticate, api_token_create, api_token_expiry
from cocreate.core.errors import DomainError
from tests import factories as f

TOKENS = "/accounts/tokens/"
# Noon in Seoul on 10 March 2026: the site's time zone decides where "a day" ends.
NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """The wall clock, fixed at NOW (the edge of our code: Django's timezone.now)."""
    with mock.patch("django.utils.timezone.now", return_value=NOW) as now:
        yield now


# --- the lifetime ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (None, NOW + timedelta(days=90)),
        (30, NOW + timedelta(days=30)),
        (90, NOW + timedelta(days=90)),
        (365, NOW + timedelta(days=365)),
    ],
)
def test_a_token_lives_30_90_or_365_days_90_by_default(days, expected):
    assert api_token_expiry(days=days, now=NOW) == expected


def test_a_token_chosen_to_a_date_works_through_that_day_in_seoul():
    # The end of 20 March in Seoul is 15:00 UTC that day.
    assert api_token_expiry(on=date(2026, 3, 20), now=NOW) == datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
    assert api_token_expiry(on=date(2027, 3, 10), now=NOW) == datetime(2027, 3, 10, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"days": 7}, "expiry_invalid"),
        ({"on": date(2026, 3, 10)}, "expiry_invalid"),  # today: no later than today is refused
        ({"on": date(2026, 3, 9)}, "expiry_invalid"),
        ({"on": date(2027, 3, 11)}, "expiry_invalid"),  # more than a year ahead
        ({"days": 30, "on": date(2026, 4, 1)}, "expiry_ambiguous"),
    ],
)
def test_other_lifetimes_are_refused(kwargs, code):
    with pytest.raises(DomainError) as refused:
        api_token_expiry(now=NOW, **kwargs)
    assert refused.value.code == code


@pytest.mark.django_db
def test_an_expired_token_no_longer_authenticates(clock):
    user = f.UserFactory()
    token, secret = api_token_create(user, name="Script", expires_in_days=30)
    assert token.expires_at == NOW + timedelta(days=30) and token.read_only is False
    clock.return_value = NOW + timedelta(days=30) - timedelta(seconds=1)
    assert api_token_authenticate(secret) == user
    clock.return_value = NOW + timedelta(days=30)
    assert api_token_authenticate(secret) is None


# --- the page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_token_made_on_the_page_lives_90_days_unless_told_otherwise(client, clock):
    user = f.UserFactory()
    client.force_login(user)
    assert client.post(TOKENS, {"name": "Default"}).status_code == 200
    assert client.post(TOKENS, {"name": "Month", "expiry": "30", "read_only": "on"}).status_code == 200
    assert client.post(TOKENS, {"name": "Dated", "expiry": "date", "expires_on": "2026-06-30"}).status_code == 200
    tokens = {t.name: (t.expires_at, t.read_only) for t in ApiToken.objects.filter(user=user)}
    assert tokens == {
        "Default": (NOW + timedelta(days=90), False),
        "Month": (NOW + timedelta(days=30), True),
        "Dated": (datetime(2026, 6, 30, 15, 0, tzinfo=UTC), False),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_refuses_a_missing_or_distant_date_in_the_readers_language(client, clock, lang):
    user = f.UserFactory(language=lang)
    client.force_login(user)
    no_date = client.post(TOKENS, {"name": "Dated", "expiry": "date"})
    too_far = client.post(TOKENS, {"name": "Dated", "expiry": "date", "expires_on": "2027-04-01"})
    assert not ApiToken.objects.exists()
    with translation.override(lang):
        assert gettext("Choose the date the token expires.") in no_date.text
        assert gettext("Choose an expiry date after today and at most a year ahead.") in too_far.text
    if lang == "en":
        assert "Choose the date the token expires." in no_date.text


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_shows_expiry_scope_and_which_tokens_expired(client, clock, lang):
    user = f.UserFactory(language=lang)
    old, _secret = api_token_create(user, name="Old script", expires_in_days=30)
    api_token_create(user, name="Reader", expires_in_days=365, read_only=True)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=NOW - timedelta(days=1))
    client.force_login(user)
    response = client.get(TOKENS)
    assert response.status_code == 200
    with translation.override(lang):
        expired, read_only, read_write = gettext("Expired"), gettext("Read only"), gettext("Read and write")
    rows = {row.split("</th>")[0]: row for row in response.text.split('<th scope="row">')[1:]}
    assert set(rows) == {"Old script", "Reader"}
    assert f'<span class="badge badge-warning">{expired}</span>' in rows["Old script"]
    assert f"<td>{read_write}</td>" in rows["Old script"]
    assert f'<span class="badge badge-warning">{expired}</span>' not in rows["Reader"]
    assert f"<td>{read_only}</td>" in rows["Reader"]
    local = timezone.localtime(NOW + timedelta(days=365))
    assert f'<time datetime="{local.isoformat()}">' in rows["Reader"]
