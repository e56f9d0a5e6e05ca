"""Fixtures for the API tests: two labs (one organization's objects seen through another's
address must answer 404) and a small client wrapper that speaks JSON."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cocreate.accounts.services import api_token_create
from tests import factories as f

BASE = "/api/v1"


class Api:
    """A JSON client. ``as_user`` logs in through the session; ``with_token`` sends a bearer
    token instead."""

    def __init__(self, client: Client):
        self.client = client
        self.headers: dict[str, str] = {}

    def as_user(self, user) -> "Api":
        self.client.logout()
        self.headers.pop("Authorization", None)
        if user is not None:
            self.client.force_login(user)
        return self

    def with_token(self, secret: str) -> "Api":
        self.client.logout()
        self.headers["Authorization"] = f"Bearer {secret}"
        return self

    def request(self, method: str, path: str, data=None, **headers):
        kwargs = {"headers": {**self.headers, **headers}}
        if data is not None:
            kwargs |= {"data": json.dumps(data), "content_type": "application/json"}
        return getattr(self.client, method)(BASE + path, **kwargs)

    def get(self, path, params=None, **headers):
        return self.client.get(BASE + path, params or {}, headers={**self.headers, **headers})

    def post(self, path, data=None, **headers):
        return self.request("post", path, data if data is not None else {}, **headers)

    def put(self, path, data=None, **headers):
        return self.request("put", path, data, **headers)

    def patch(self, path, data=None, **headers):
        return self.request("patch", path, data, **headers)

    def delete(self, path, **headers):
        return self.request("delete", path, **headers)


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def labs(db):
    """Two organizations built alike; the second one's objects must stay invisible through
    the first one's addresses."""
    return f.make_lab(), f.make_lab()


@pytest.fixture
def token():
    def make(user) -> str:
        return api_token_create(user, name="test")[1]

    return make


def person(lab, role):
    """The user behind a role name of the permission matrices (``visitor`` is anonymous)."""
    return lab.users[role] or AnonymousUser()


ROLES = ["org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner",
         "partner", "partner_pending", "member", "visitor"]
STAFF = frozenset({"org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner"})
