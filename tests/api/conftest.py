"""Fixtures for the API tests: two labs (one organization's objects seen through another's
address must answer 404), a JSON client and personal tokens."""

import pytest

from cocreate.accounts.services import api_token_create

from .helpers import Api


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def token():
    def make(user) -> str:
        return api_token_create(user, name="test")[1]

    return make
