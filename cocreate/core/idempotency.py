"""``Idempotency-Key`` for every POST under /api/: a retry is answered, never written twice.

A client that may not have heard the answer to a POST (the connection broke, the server was
killed, a timeout) sends the request again with the same ``Idempotency-Key`` header. The key is
the caller's (the signed-in person's, by session or token) and is kept 24 hours with the
method, the path and a hash of the body:

- the first request runs; when it succeeds (2xx), its answer (status, body, content type) is
  stored **in the same database transaction as the write it made**, so "acknowledged" and
  "stored" cannot part: if the write committed, the key committed with its answer, and a retry
  replays that answer (with ``Idempotent-Replayed: true``); if it did not commit, neither did
  the key, and the retry runs once more;
- an error answer is not stored (4xx: the key row is removed and whatever the request did is
  committed exactly as without the header; 5xx: the whole transaction is rolled back), so a
  retry runs again;
- the same key with another method, path or body answers 422 ``idempotency_key_reused``;
- a second request with the key while the first still runs answers 409
  ``idempotency_key_in_use`` on PostgreSQL (a transaction-scoped advisory lock, released even
  when the server dies). SQLite runs one write transaction at a time (``BEGIN IMMEDIATE``):
  there the second waits for the first and is answered with its replay.

Why a middleware and one ``transaction.atomic()`` around the view, rather than a decorator per
endpoint: every create, present and future, is covered, and the services' own atomic blocks
become savepoints of this transaction, so their ``transaction.on_commit`` work (mail, tasks)
runs only after the key and its answer committed. ``ATOMIC_REQUESTS`` would nest the same way.

A retry of a finished request is answered from the store before the rate limiter
(cocreate.core.ratelimits) sees it (``IdempotencyReplayMiddleware``, placed just before the
limiter): it writes nothing, so it neither counts against the limits nor is refused by them, and
a client over its limit still learns what became of the request it sent. Whether a request is
answered from the store is decided by one function, ``stored_answer``, asked there and again
under the lock for a retry that raced the first request.

Requests without the header, anonymous requests and requests whose credentials the API will
refuse (a bad CSRF token, an unknown, expired or read-only token) pass through untouched. Keys
older than 24 hours are ignored, and purged a hundred at a time by the requests that send one.
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

from cocreate.accounts.models import IdempotencyKey

from .api import activate_request_language, request_token, token_refusal

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
PURGE_BATCH = 100
METHODS = frozenset({"POST"})
PREFIX = "/api/"


def caller(request: HttpRequest):
    """The person the API will take the request to come from, or None when it will refuse
    the credentials (or there are none): then the API's own answer is the right one."""
    if request.headers.get("Authorization"):
        token = request_token(request)
        if token is None or token_refusal(request, token) is not None:
            return None
        return token.user
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or check_csrf(request) is not None:
        return None
    return getattr(user, "_wrapped", user)


def valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all("!" <= c <= "~" for c in key)


def body_hash(request: HttpRequest) -> str:
    """A fingerprint of what the request asks for. A multipart form is hashed from its parsed
    fields and files, since its boundary changes from one sending to the next. Computed once
    per request (both middlewares ask)."""
    cached = getattr(request, "_cocreate_body_hash", None)
    if cached is None:
        cached = request._cocreate_body_hash = _body_hash(request)
    return cached


def _body_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            for value in values:
                digest.update(f"field:{name}:{len(value)}:".encode() + value.encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"file:{name}:{upload.name}:{upload.size}:".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.content_type.encode() + b"\n" + request.body)
    return digest.hexdigest()


def _refusal(status: int, code: str, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail, "code": code}, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


def _bad_key(code: str, detail: str, msg: str) -> JsonResponse:
    """422 in the API's shape for invalid input, the header named as the offending field."""
    error = {"loc": ["header", HEADER], "code": code, "detail": detail, "msg": msg}
    return JsonResponse(
        {"detail": detail, "code": code, "errors": [error]}, status=422, json_dumps_params={"ensure_ascii": False}
    )


def _in_use() -> JsonResponse:
    return _refusal(
        409,
        "idempotency_key_in_use",
        _("A request with this Idempotency-Key is still being processed. Try again in a moment."),
        **{"Retry-After": "1"},
    )


def _replay(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def lock_number(user_id: int, key: str) -> int:
    """The 64-bit advisory lock number of a person's key."""
    return int.from_bytes(hashlib.sha256(f"idempotency:{user_id}:{key}".encode()).digest()[:8], "big", signed=True)


def _lock(user_id: int, key: str) -> bool:
    """PostgreSQL: take a transaction-scoped advisory lock on (person, key) without waiting;
    False when another transaction holds it (that request is still running). The lock goes
    with the transaction, so a killed server leaves none behind. SQLite serialises write
    transactions anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_number(user_id, key)])
        return bool(cursor.fetchone()[0])


def purge_expired(now) -> int:
    """Delete up to PURGE_BATCH keys older than their 24 hours; each keyed request does a
    little, so no periodic job is needed."""
    pks = list(IdempotencyKey.objects.filter(expires_at__lte=now).values_list("pk", flat=True)[:PURGE_BATCH])
    return IdempotencyKey.objects.filter(pk__in=pks).delete()[0] if pks else 0


def stored_answer(request: HttpRequest, row: IdempotencyKey | None) -> HttpResponse | None:
    """What the store answers a keyed request, given its person's unexpired row for the key:
    the stored answer replayed, 422 when the key was used for another request, 409 while the
    first request runs; None when there is no row and the request is to run."""
    if row is None:
        return None
    if (row.method, row.path, row.body_hash) != (request.method, request.path, body_hash(request)):
        return _bad_key(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request. Send a new key with a new request."),
            "Idempotency-Key already used with another method, path or body",
        )
    if row.status is None:  # cannot be seen from outside its transaction; be safe
        return _in_use()
    return _replay(row)


_UNSEEN = object()


def keyed(request: HttpRequest):
    """``(person, key)`` for a POST under /api/ with an Idempotency-Key whose credentials the
    API will accept; a 422 answer for a malformed key; None for every other request (it passes
    through untouched). Decided once per request."""
    decided = getattr(request, "_cocreate_idempotency", _UNSEEN)
    if decided is not _UNSEEN:
        return decided
    decided = None
    key = request.headers.get(HEADER)
    if key is not None and request.method in METHODS and request.path.startswith(PREFIX):
        user = caller(request)
        if user is not None:
            activate_request_language(request, user)
            if valid_key(key):
                decided = (user, key)
            else:
                decided = _bad_key(
                    "idempotency_key_invalid",
                    _("An Idempotency-Key is 1 to 255 visible ASCII characters, for example a UUID."),
                    "Idempotency-Key must be 1-255 visible ASCII characters",
                )
    request._cocreate_idempotency = decided
    return decided


class _KeyedRequestMiddleware:
    """Acts in ``process_view`` on the POSTs ``keyed`` accepts; every other request passes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        decided = keyed(request)
        if not isinstance(decided, tuple):
            return decided
        user, key = decided
        return self.answer(request, user, key, lambda: view_func(request, *view_args, **view_kwargs))

    def answer(self, request: HttpRequest, user, key: str, view) -> HttpResponse | None:
        raise NotImplementedError


class IdempotencyReplayMiddleware(_KeyedRequestMiddleware):
    """Answers a retry of a finished request from the store, before the rate limiter counts
    it (see the module's docstring); placed just before RateLimitMiddleware. Reads only: a
    row visible outside its transaction is final."""

    def answer(self, request: HttpRequest, user, key: str, view) -> HttpResponse | None:
        row = IdempotencyKey.objects.filter(user=user, key=key, expires_at__gt=timezone.now()).first()
        return stored_answer(request, row)


class IdempotencyMiddleware(_KeyedRequestMiddleware):
    """See the module's docstring. Last in MIDDLEWARE, and working in ``process_view``: the
    transaction opens after every other middleware, the rate limiter included, has done its
    work, so the limiter's counters (rows of the database cache, locked while incremented)
    commit on their own instead of staying locked for as long as the view runs; and a replayed
    answer passes through the same response middleware (security headers, language) as a
    fresh one."""

    def answer(self, request: HttpRequest, user, key: str, view) -> HttpResponse:
        return self.run_once(request, user, key, view)

    def run_once(self, request: HttpRequest, user, key: str, view) -> HttpResponse:
        """Answer from the stored key, or run ``view`` in one transaction with the key."""
        fingerprint = body_hash(request)
        now = timezone.now()
        purge_expired(now)  # in autocommit, before the transaction: no lock is held for long
        with transaction.atomic():
            if not _lock(user.pk, key):
                return _in_use()
            row = IdempotencyKey.objects.filter(user=user, key=key).first()
            if row is not None and row.expires_at <= now:
                row.delete()
                row = None
            # A retry that waited for the first request (SQLite) is answered here.
            answer = stored_answer(request, row)
            if answer is not None:
                return answer
            try:
                with transaction.atomic():
                    row = IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        method=request.method,
                        path=request.path,
                        body_hash=fingerprint,
                        created_at=now,
                        expires_at=now + LIFETIME,
                    )
            except IntegrityError:
                return _in_use()
            # An exception from the view leaves this block and rolls everything back.
            response = view()
            if 200 <= response.status_code < 300 and not response.streaming:
                row.status = response.status_code
                row.body = response.content
                row.content_type = response.get("Content-Type", "")
                row.save(update_fields=["status", "body", "content_type"])
            elif response.status_code >= 500:
                # Whatever the failed request wrote goes too; the retry starts clean.
                transaction.set_rollback(True)
            else:
                # Refused (4xx): nothing to replay; what the request did stays as it would
                # have without the header, and a retry runs again.
                row.delete()
            return response


PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[!-~]+$"},
    "description": (
        "A key of yours, unique per intended write (a UUID). A retry with the same key within 24 hours "
        "gets the first answer again (with `Idempotent-Replayed: true`) instead of writing twice; the same "
        "key with another body answers 422 `idempotency_key_reused`; while the first request runs, 409 "
        "`idempotency_key_in_use`. Only successful answers are kept: after an error a retry runs again."
    ),
}


def document(schema: dict) -> dict:
    """Add the ``Idempotency-Key`` header, and its 409 and 422 answers, to every POST operation
    of an OpenAPI document."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for item in schema.get("paths", {}).values():
        operation = item.get("post")
        if operation is None:
            continue
        parameters = operation.setdefault("parameters", [])
        if not any(p.get("name") == HEADER and p.get("in") == "header" for p in parameters):
            parameters.append(dict(PARAMETER))
        responses = operation.setdefault("responses", {})
        responses.setdefault(
            409, {"description": "The same Idempotency-Key is in use by a request still running.", **error}
        )
        invalid = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorOut"}}}}
        responses.setdefault(
            422, {"description": "Invalid input, or an Idempotency-Key reused for another request.", **invalid}
        )
    return schema
