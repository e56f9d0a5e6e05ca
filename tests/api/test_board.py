"""H6 in /api/v1/: the board with keyset cursor, first looks, overdue report, export,
forwardings and the archive."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from cocreate.ideas.enums import IdeaState
from cocreate.realization.models import Forwarding
from tests import factories as f

from .helpers import ROLES, org_url, user_of

pytestmark = pytest.mark.django_db


def test_board_keyset_walk_and_flags(api, lab):
    lab.org.review_time_limit_days = 3
    lab.org.save()
    for i in range(7):
        f.IdeaFactory(organization=lab.org, title=f"I{i}", submitted_at=timezone.now() - timedelta(days=i))
    api.as_user(lab.users["executive"])
    seen, cursor = [], ""
    while True:
        body = api.get(f"{org_url(lab)}/board", {"limit": 3, "cursor": cursor, "sort": "oldest"}).json()
        seen += [i["title"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [f"I{i}" for i in range(6, -1, -1)]
    assert body["count"] == 7 and body["count_more"] is False
    items = {i["title"]: i for i in api.get(f"{org_url(lab)}/board", {"overdue": True}).json()["items"]}
    assert set(items) == {"I3", "I4", "I5", "I6"} and all(i["overdue"] and i["new"] for i in items.values())
    assert items["I5"]["waited_days"] >= 5


def test_board_query_count_is_constant(api, lab):
    api.as_user(lab.users["executive"])
    f.IdeaFactory(organization=lab.org)
    with CaptureQueriesContext(connection) as small:
        api.get(f"{org_url(lab)}/board")
    for _ in range(30):
        f.IdeaFactory(organization=lab.org)
    with CaptureQueriesContext(connection) as big:
        body = api.get(f"{org_url(lab)}/board", {"limit": 10}).json()
    with CaptureQueriesContext(connection) as deep:
        api.get(f"{org_url(lab)}/board", {"limit": 10, "cursor": body["next_cursor"]})
    assert len(big.captured_queries) <= len(small.captured_queries)
    assert len(deep.captured_queries) <= len(small.captured_queries)


def test_mark_seen_and_overdue_report(api, lab):
    idea = f.IdeaFactory(organization=lab.org, submitted_at=timezone.now() - timedelta(days=30))
    api.as_user(lab.users["executive"])
    report = api.get(f"{org_url(lab)}/board/overdue").json()
    assert report["total"] == 1 and report["by_program"][0]["count"] == 1
    assert api.post(f"{org_url(lab)}/board/seen", {"ids": [idea.pk]}).json() == {"marked": 1}
    assert api.post(f"{org_url(lab)}/board/seen", {"ids": [idea.pk]}).json() == {"marked": 0}
    assert api.get(f"{org_url(lab)}/board/overdue").json()["total"] == 0


@pytest.mark.parametrize("role", ROLES)
def test_board_api_role_matrix(api, labs, role):
    lab, other = labs
    api.as_user(user_of(lab, role) if role != "visitor" else None)
    board_ok = role in {"executive", "org_admin"}
    expected_missing = 401 if role == "visitor" else 404
    for path in ["/board", "/board/overdue", "/board/export"]:
        status = api.get(f"{org_url(lab)}{path}").status_code
        assert status == (200 if board_ok else expected_missing), path
    status = api.post(f"{org_url(lab)}/board/seen", {"ids": []}).status_code
    assert status == (200 if role == "executive" else expected_missing)
    status = api.get(f"{org_url(lab)}/archive").status_code
    assert status == (200 if role in {"executive", "program_manager", "org_admin", "internal_partner"}
                      else expected_missing)
    if role != "visitor":
        assert api.get(f"{org_url(other)}/board").status_code == 404
        assert api.get(f"{org_url(other)}/archive").status_code == 404


def test_board_export_csv_and_xlsx_escape(api, lab):
    from openpyxl import load_workbook

    f.IdeaFactory(organization=lab.org, title="=1+1")
    api.as_user(lab.users["executive"])
    response = api.get(f"{org_url(lab)}/board/export")
    raw = b"".join(response.streaming_content).decode()
    assert "'=1+1" in raw
    response = api.get(f"{org_url(lab)}/board/export", {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "'=1+1"


def test_forwarding_crud_and_acknowledge(api, labs):
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org, state=IdeaState.ACCEPTED)
    submitted = f.IdeaFactory(organization=lab.org)
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    data = {"idea_id": idea.pk, "department_id": lab.department.pk, "owner_id": lab.users["internal_partner"].pk,
            "due_on": due, "note": "Go"}
    assert api.as_user(lab.users["judge"]).post(f"{org_url(lab)}/forwardings", data).status_code == 404
    api.as_user(lab.users["executive"])
    assert api.post(f"{org_url(lab)}/forwardings", {**data, "idea_id": submitted.pk}).status_code == 404
    assert api.post(f"{org_url(lab)}/forwardings", {**data, "department_id": other.department.pk}).status_code == 400
    response = api.post(f"{org_url(lab)}/forwardings", data)
    assert response.status_code == 201
    [fw] = response.json()
    assert fw["department"]["id"] == lab.department.pk and fw["late"] is False
    assert api.get(f"{org_url(other)}/forwardings/{fw['id']}").status_code == 404
    assert [x["id"] for x in api.as_user(lab.users["internal_partner"]).get(f"{org_url(lab)}/forwardings").json()] \
        == [fw["id"]]
    assert api.as_user(lab.users["judge"]).post(f"{org_url(lab)}/forwardings/{fw['id']}/acknowledge").status_code \
        == 404
    api.as_user(lab.users["internal_partner"])
    body = api.post(f"{org_url(lab)}/forwardings/{fw['id']}/acknowledge").json()
    assert body["acknowledged_at"]
    assert api.post(f"{org_url(lab)}/forwardings/{fw['id']}/acknowledge").status_code == 200
    api.as_user(lab.users["executive"])
    assert api.request("delete", f"{org_url(lab)}/forwardings/{fw['id']}").status_code == 409
    [fw2] = api.post(f"{org_url(lab)}/forwardings", data).json()
    assert api.request("delete", f"{org_url(lab)}/forwardings/{fw2['id']}").status_code == 204
    with scopes_disabled():
        assert Forwarding.objects.count() == 1


def test_archive_api_korean(api, lab):
    f.IdeaFactory(organization=lab.org, title="아이디어 공모", body="본문", state=IdeaState.REJECTED)
    api.as_user(lab.users["program_manager"])
    body = api.get(f"{org_url(lab)}/archive", {"q": "아이디어를"}).json()
    assert [i["title"] for i in body["items"]] == ["아이디어 공모"] and body["has_next"] is False
