"""``Idempotency-Key`` on every POST under /api/v1/ (cocreate.core.idempotency): a retry gets
the first answer again and writes nothing; the same key for another request is 422; a key in
use by a running request is 409; errors are not kept; the answer is stored in the transaction
of the write. The server-kill test is tests/faults/test_server_kill.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext

from cocreate.accounts.models import IdempotencyKey
from cocreate.accounts.services import api_token_create
from cocreate.core import idempotency
from cocreate.core.idempotency import IdempotencyMiddleware, body_hash
from cocreate.ideas.models import Idea
from tests import factories as f

from .helpers import org_url

pytestmark = pytest.mark.django_db

IDEA = {"title": "Refill station", "body": "Cans refilled in store.", "submit": True}


def ideas_url(lab) -> str:
    return f"{org_url(lab)}/ideas"


def keyed(key: str, lang: str = "en") -> dict:
    return {"Idempotency-Key": key, "Accept-Language": lang}


def test_a_retry_with_the_same_key_replays_the_answer_and_writes_nothing(api, lab, token):
    api.with_token(token(lab.users["member"]))
    first = api.post(ideas_url(lab), IDEA, keyed("7d1c1e0a-retry"))
    again = api.post(ideas_url(lab), IDEA, keyed("7d1c1e0a-retry"))
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Idea.objects.filter(author=lab.users["member"]).count() == 1
    row = IdempotencyKey.objects.get()
    assert (row.user, row.key, row.method, row.path, row.status) == (
        lab.users["member"],
        "7d1c1e0a-retry",
        "POST",
        f"/api/v1{ideas_url(lab)}",
        201,
    )
    assert row.expires_at - row.created_at == timedelta(hours=24)


def test_without_a_key_every_post_writes(api, lab, token):
    api.with_token(token(lab.users["member"]))
    assert [api.post(ideas_url(lab), IDEA).status_code for _ in range(2)] == [201, 201]
    assert Idea.objects.filter(author=lab.users["member"]).count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_key_works_with_the_session_too(api, lab):
    api.as_user(lab.users["member"])
    first = api.post(ideas_url(lab), IDEA, keyed("session-key"))
    again = api.post(ideas_url(lab), IDEA, keyed("session-key"))
    assert (first.status_code, again.status_code, again.content == first.content) == (201, 201, True)
    assert Idea.objects.filter(author=lab.users["member"]).count() == 1


def test_keys_are_each_persons_own(api, lab, token):
    for role in ("member", "partner"):
        assert api.with_token(token(lab.users[role])).post(ideas_url(lab), IDEA, keyed("same")).status_code == 201
    assert Idea.objects.filter(title=IDEA["title"]).count() == 2
    assert IdempotencyKey.objects.count() == 2


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_same_key_for_another_request_answers_422(api, lab, token, lang):
    api.with_token(token(lab.users["member"]))
    assert api.post(ideas_url(lab), IDEA, keyed("k1", lang)).status_code == 201
    other_body = api.post(ideas_url(lab), {**IDEA, "title": "Another"}, keyed("k1", lang))
    other_path = api.post("/me/tokens", {"name": "x"}, keyed("k1", lang))
    with translation.override(lang):
        detail = gettext(
            "This Idempotency-Key was already used for a different request. Send a new key with a new request."
        )
    expected = {
        "detail": detail,
        "code": "idempotency_key_reused",
        "errors": [
            {
                "loc": ["header", "Idempotency-Key"],
                "code": "idempotency_key_reused",
                "detail": detail,
                "msg": "Idempotency-Key already used with another method, path or body",
            }
        ],
    }
    assert [(r.status_code, r.json()) for r in (other_body, other_path)] == [(422, expected)] * 2
    if lang == "en":
        assert detail == (
            "This Idempotency-Key was already used for a different request. Send a new key with a new request."
        )
    assert Idea.objects.filter(author=lab.users["member"]).count() == 1


@pytest.mark.parametrize("key", ["", "with space", "한글", "x" * 256])
def test_a_malformed_key_answers_422(api, lab, token, key):
    api.with_token(token(lab.users["member"]))
    response = api.post(ideas_url(lab), IDEA, {"Idempotency-Key": key})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_invalid"
    assert response.json()["detail"] == "An Idempotency-Key is 1 to 255 visible ASCII characters, for example a UUID."
    assert not Idea.objects.exists()


def test_an_error_is_not_kept_and_the_retry_runs_again(api, lab, token):
    api.with_token(token(lab.users["member"]))
    lab.org.open_channel_enabled = False
    lab.org.save(update_fields=["open_channel_enabled"])
    refused = api.post(ideas_url(lab), IDEA, keyed("after-error"))
    assert (refused.status_code, refused.json()["code"]) == (400, "channel_closed")
    assert not IdempotencyKey.objects.exists()
    lab.org.open_channel_enabled = True
    lab.org.save(update_fields=["open_channel_enabled"])
    assert api.post(ideas_url(lab), IDEA, keyed("after-error")).status_code == 201
    assert Idea.objects.filter(author=lab.users["member"]).count() == 1


def test_refused_credentials_pass_through_untouched(api, lab):
    _token, secret = api_token_create(lab.users["member"], name="reader", read_only=True)
    response = api.with_token(secret).post(ideas_url(lab), IDEA, keyed("ro"))
    assert (response.status_code, response.json()["code"]) == (403, "token_read_only")
    anonymous = api.as_user(None).post(ideas_url(lab), IDEA, keyed("anon"))
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert not IdempotencyKey.objects.exists() and not Idea.objects.exists()


def test_a_key_older_than_24_hours_is_forgotten_and_purged(api, lab, token):
    api.with_token(token(lab.users["member"]))
    assert api.post(ideas_url(lab), IDEA, keyed("old")).status_code == 201
    stranger = f.UserFactory()
    IdempotencyKey.objects.create(
        user=stranger,
        key="stale",
        method="POST",
        path="/api/v1/x",
        body_hash="0" * 64,
        status=201,
        created_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - timedelta(days=1),
    )
    IdempotencyKey.objects.filter(key="old").update(expires_at=timezone.now() - timedelta(seconds=1))
    again = api.post(ideas_url(lab), IDEA, keyed("old"))
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Idea.objects.filter(author=lab.users["member"]).count() == 2
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["old"]  # the stranger's is purged


def test_every_post_operation_documents_the_header(api):
    schema = api.client.get("/api/v1/openapi.json").json()
    posts = [op for item in schema["paths"].values() for method, op in item.items() if method == "post"]
    assert len(posts) > 30
    for operation in posts:
        headers = [p for p in operation["parameters"] if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert len(headers) == 1 and headers[0]["required"] is False
        assert "409" in operation["responses"] and "422" in operation["responses"]
    others = [op for item in schema["paths"].values() for method, op in item.items() if method != "post"]
    assert not any(p["name"] == "Idempotency-Key" for op in others for p in op.get("parameters", []))


# --- the middleware around a write: one transaction -------------------------------------------


def _request(user, key="k", body=b'{"a": 1}'):
    request = RequestFactory().post(
        "/api/v1/things", body, content_type="application/json", headers={"Idempotency-Key": key}
    )
    request.user = user
    request._dont_enforce_csrf_checks = True
    return request


def test_the_answer_is_stored_in_the_transaction_of_the_write(lab):
    """A successful write and its key commit together; a failed one (5xx) leaves neither."""
    member = lab.users["member"]

    def writes(status):
        def view(request):
            idea = f.IdeaFactory(organization=lab.org, author=member, title=f"written {status}")
            return JsonResponse({"id": idea.pk}, status=status)

        return view

    def run(view, request):
        return IdempotencyMiddleware(lambda r: HttpResponse(status=599)).process_view(request, view, (), {})

    ok = run(writes(201), _request(member, "ok"))
    assert ok.status_code == 201
    assert IdempotencyKey.objects.get(key="ok").body == ok.content
    failed = run(writes(500), _request(member, "failed"))
    assert failed.status_code == 500
    assert not IdempotencyKey.objects.filter(key="failed").exists()
    assert list(Idea.objects.values_list("title", flat=True)) == ["written 201"]
    # The failed request's retry runs again, and the stored one replays without running.
    assert run(writes(201), _request(member, "failed")).status_code == 201
    replay = run(lambda r: HttpResponse(status=418), _request(member, "ok"))
    assert (replay.status_code, replay.content) == (201, ok.content)
    assert Idea.objects.count() == 2


def test_a_multipart_body_hashes_alike_whatever_its_boundary():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import encode_multipart

    def sent(boundary, content=b"PNG..."):
        data = {"note": "hi", "files": SimpleUploadedFile("a.png", content, content_type="image/png")}
        request = RequestFactory().post(
            "/api/v1/x", encode_multipart(boundary, data), content_type=f"multipart/form-data; boundary={boundary}"
        )
        return body_hash(request)

    assert sent("AAAA") == sent("BBBB")
    assert sent("AAAA") != sent("AAAA", b"GIF...")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_key_in_use_by_a_running_request_answers_409(api):
    """PostgreSQL: another transaction holds the key's advisory lock, as a request still
    running does. (SQLite runs one write transaction at a time: a second request waits for
    the first and gets its replay, which the tests above show.)"""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises write transactions: the second request waits instead (module docstring)")
    import psycopg

    lab = f.make_lab()
    member = lab.users["member"]
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    try:
        with other.transaction():
            number = idempotency.lock_number(member.pk, "busy")
            other.execute("SELECT pg_advisory_xact_lock(%s)", [number])
            busy = api.as_user(member).post(ideas_url(lab), IDEA, keyed("busy", "ko"))
        with translation.override("ko"):
            detail = gettext("A request with this Idempotency-Key is still being processed. Try again in a moment.")
        assert (busy.status_code, busy.json(), busy["Retry-After"]) == (
            409,
            {"detail": detail, "code": "idempotency_key_in_use"},
            "1",
        )
        assert not Idea.objects.exists()
        assert api.post(ideas_url(lab), IDEA, keyed("busy")).status_code == 201
    finally:
        other.close()
