"""Helpers shared by the API tests: a JSON client, role names and addresses."""

import json

from django.test import Client

from tests.roles import ROLES, STAFF, user_of  # noqa: F401 - re-exported for the API tests

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

    def request(self, method: str, path: str, data=None, headers: dict | None = None):
        kwargs: dict = {"headers": {**self.headers, **(headers or {})}}
        if data is not None:
            kwargs |= {"data": json.dumps(data), "content_type": "application/json"}
        return getattr(self.client, method)(BASE + path, **kwargs)

    def get(self, path, params=None, headers: dict | None = None):
        return self.client.get(BASE + path, params or {}, headers={**self.headers, **(headers or {})})

    def post(self, path, data=None, headers: dict | None = None):
        return self.request("post", path, data if data is not None else {}, headers)

    def put(self, path, data=None, headers: dict | None = None):
        return self.request("put", path, data, headers)

    def patch(self, path, data=None, headers: dict | None = None):
        return self.request("patch", path, data, headers)

    def delete(self, path, headers: dict | None = None):
        return self.request("delete", path, None, headers)


person = user_of  # the user behind a role name (``visitor`` is anonymous)


def org_url(lab) -> str:
    return f"/organizations/{lab.org.slug}"


def program_url(lab) -> str:
    return f"{org_url(lab)}/programs/{lab.program.slug}"


def idea_url(lab, idea, suffix: str = "") -> str:
    return f"{org_url(lab)}/ideas/{idea.pk}{suffix}"


def mission_url(lab, mission=None, suffix: str = "") -> str:
    return f"{program_url(lab)}/missions/{(mission or lab.mission).pk}{suffix}"


def recruitment_url(lab, suffix: str = "") -> str:
    return f"{program_url(lab)}/recruitments/{lab.recruitment.pk}{suffix}"


def application_url(lab, application, suffix: str = "") -> str:
    return recruitment_url(lab, f"/applications/{application.pk}{suffix}")
