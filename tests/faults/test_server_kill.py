"""The real server (``cocreate serve``: gunicorn, two workers) is killed with SIGKILL in the
middle of a burst of idea POSTs sent with ``Idempotency-Key``s, restarted, and every request
whose client saw an error is sent again with the same key. Nothing acknowledged is lost,
nothing is doubled, retries add nothing (issue 12, item 7: "3 ideas were stored whose clients
saw an error").

Two kinds of failure are made to happen for sure, not by luck of timing, with PostgreSQL's
table locks held from this test:

- *stored, not heard*: requests whose transaction commits after their client gave up
  (a client timeout while the ideas table is locked, then the lock is released): the client
  saw an error, the idea exists; the retry must replay it, not write a second one;
- *in flight when killed*: requests blocked inside their transaction (ideas table locked) when
  the server dies: nothing committed; the retry must create the idea once. A second sending
  of one of them while it is blocked answers 409.

PostgreSQL only: the server runs in other processes and must share the test's database, and
the test's SQLite database lives in this process's memory; SQLite also has no table locks with
which to stop a request between its commit and its answer.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from cocreate.accounts.services import api_token_create
from cocreate.ideas.models import Idea
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
ACKNOWLEDGED, STORED_UNHEARD, IN_FLIGHT = 6, 6, 8
DEADLINE = 60  # seconds for the whole test
APP = "cocreate-server-kill-test"  # the server's connections, to wait for them to end


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}?application_name={APP}"


class Server:
    """``cocreate serve`` on a free port in a process group of its own, on the test's database."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.log = data_dir / "server.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> "Server":
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database_url(),
            "COCREATE_DATA_DIR": str(self.data_dir),
            "SECRET_KEY": "server-kill-test",
            # The limits stay on (the real middleware chain), wide enough for this burst.
            "RATE_LIMIT_IDEA": "1000/10m/user,10000/h/ip",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cocreate.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                "2",
                "--threads",
                "12",
                "--",
                "-c",
                str(Path(__file__).with_name("gunicorn_preload.py")),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # A worker loads the URLs and the API on its first request, which takes seconds on a
        # busy machine: wait for an answer, then warm both workers.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.ready(timeout=10):
                list(ThreadPoolExecutor(4).map(lambda _: self.ready(timeout=20), range(4)))
                return self
            time.sleep(0.1)
        self.kill()
        raise AssertionError(f"the server did not start within 30 s:\n{self.log.read_text()[-3000:]}")

    def ready(self, timeout: float) -> bool:
        try:
            with urllib.request.urlopen(self.url("/api/v1/organizations"), timeout=timeout) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no graceful anything."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    @staticmethod
    def wait_for_its_connections_to_end() -> None:
        """PostgreSQL ends a dead client's session when it next reads from it; the test's
        database is flushed and dropped afterwards, which its sessions would block."""
        wait_for(
            lambda: not _count("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", APP),
            "the killed server's database sessions to end",
        )


def post(server: Server, path: str, secret: str, key: str, body: dict, timeout: float = 20) -> tuple:
    """(status, json body, replayed?) or ("error", the exception's name): what the client saw."""
    request = urllib.request.Request(
        server.url(path),
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "Accept-Language": "en",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read()), response.headers.get("Idempotent-Replayed")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}"), e.headers.get("Idempotent-Replayed")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
        return "error", type(e).__name__, None


def waiting_on_ideas(cursor) -> int:
    """How many requests wait for the ideas table (locked by this test)."""
    return cursor.execute(
        "SELECT count(*) FROM pg_locks WHERE relation = 'ideas_idea'::regclass AND NOT granted"
    ).fetchone()[0]


def wait_for(condition, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_killing_the_server_mid_burst_loses_nothing_acknowledged_and_doubles_nothing(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the server processes must share the test's database (module docstring)")
    import psycopg

    started = time.monotonic()
    call_command("createcachetable")  # the rate limiter's counters (as `cocreate migrate` does)
    org = f.OrganizationFactory()
    path = f"/api/v1/organizations/{org.slug}/ideas"
    people = [f.UserFactory() for _ in range(4)]
    secrets = [api_token_create(person, name="burst")[1] for person in people]
    sent: dict[str, tuple[str, dict]] = {}  # key -> (secret, body)

    def send(key: str, timeout: float = 20) -> tuple:
        secret, body = sent[key]
        return post(server, path, secret, key, body, timeout)

    def new_keys(prefix: str, count: int) -> list[str]:
        keys = [f"{prefix}-{i}" for i in range(count)]
        for i, key in enumerate(keys):
            sent[key] = (
                secrets[(len(sent) + i) % len(secrets)],
                {"title": f"burst {key}", "body": "x", "submit": True},
            )
        return keys

    (tmp_path / "data").mkdir()
    server = Server(tmp_path / "data").start()
    s = connection.settings_dict
    locker = psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
    )
    pool = ThreadPoolExecutor(max_workers=16)
    try:
        # 1. Heard: answered 201 before anything goes wrong.
        heard_keys = new_keys("heard", ACKNOWLEDGED)
        heard = dict(zip(heard_keys, pool.map(send, heard_keys), strict=True))
        assert {r[0] for r in heard.values()} == {201}

        # 2. Stored, not heard: the clients give up after 2 s while the ideas table is locked;
        #    then the lock goes and their transactions commit.
        locker.execute("LOCK TABLE ideas_idea IN SHARE MODE")
        unheard_keys = new_keys("unheard", STORED_UNHEARD)
        unheard_futures = [pool.submit(send, key, 2) for key in unheard_keys]
        wait_for(lambda: waiting_on_ideas(locker.cursor()) == STORED_UNHEARD, "the unheard requests to block")
        unheard = {key: future.result() for key, future in zip(unheard_keys, unheard_futures, strict=True)}
        assert {r[0] for r in unheard.values()} == {"error"}
        locker.rollback()
        wait_for(
            lambda: Idea.objects.filter(title__startswith="burst unheard-").count() == STORED_UNHEARD,
            "the unheard requests to commit",
        )

        # 3. In flight: blocked inside their transactions when the server is killed.
        locker.execute("LOCK TABLE ideas_idea IN SHARE MODE")
        flying_keys = new_keys("flying", IN_FLIGHT)
        flying_futures = [pool.submit(send, key) for key in flying_keys]
        wait_for(lambda: waiting_on_ideas(locker.cursor()) == IN_FLIGHT, "the in-flight requests to block")
        twice = send(flying_keys[0])  # the same request again while the first still runs
        assert twice[:2] == (
            409,
            {
                "code": "idempotency_key_in_use",
                "detail": ("A request with this Idempotency-Key is still being processed. Try again in a moment."),
            },
        )
        server.kill()
        locker.rollback()
        flying = {key: future.result() for key, future in zip(flying_keys, flying_futures, strict=True)}
        assert {r[0] for r in flying.values()} == {"error"}
        assert Idea.objects.filter(title__startswith="burst unheard-").count() == STORED_UNHEARD
        assert not Idea.objects.filter(title__startswith="burst flying-").exists()

        # 4. Restart; every client that saw an error sends its request again, same key and
        #    body (waiting while a dead server's transaction is still being rolled back).
        server.start()

        def retry(key: str) -> tuple:
            for _attempt in range(50):
                result = send(key)
                if result[0] != 409:
                    return result
                time.sleep(0.2)
            return result

        retried = dict(zip(unheard_keys + flying_keys, pool.map(retry, unheard_keys + flying_keys), strict=True))
        assert {k: (r[0], r[2]) for k, r in retried.items()} == {
            **{k: (201, "true") for k in unheard_keys},  # replayed: it was stored
            **{k: (201, None) for k in flying_keys},  # created now, once
        }
        again = dict(zip(sent, pool.map(retry, list(sent)), strict=True))
        assert {r[:3:2] for r in again.values()} == {(201, "true")}  # retries of anything: replays

        # Every acknowledged create is stored, each key maps to exactly one idea, and the
        # replays name that idea.
        ideas = {title: list(ids) for title, ids in _ids_by_title(org).items()}
        assert ideas == {f"burst {key}": [again[key][1]["id"]] for key in sent}
        for key, result in {**heard, **retried}.items():
            assert result[1]["id"] == again[key][1]["id"]
        assert Idea.objects.filter(organization=org).count() == len(sent) == ACKNOWLEDGED + STORED_UNHEARD + IN_FLIGHT
        assert time.monotonic() - started < DEADLINE
    finally:
        server.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        locker.close()
        Server.wait_for_its_connections_to_end()


def _count(sql: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _ids_by_title(org) -> dict[str, list[int]]:
    by_title: dict[str, list[int]] = {}
    for title, pk in Idea.objects.filter(organization=org).order_by("title", "pk").values_list("title", "pk"):
        by_title.setdefault(title, []).append(pk)
    return by_title
