"""Fault tests (issue 12, item 5): a real `cocreate worker` process is SIGKILLed in the middle
of its work, another worker is started, and the work finishes exactly: an import of 6,000 rows
imports every row once, and 150 notification mails are each sent at most once, every task
done. The workers are subprocesses on the test's own PostgreSQL database (the test data is
committed: a transactional test); waits poll the database with a deadline, nothing sleeps as
an assertion.

SQLite is left out: pytest-django keeps the SQLite test database in memory, where no second
process can reach it. The same code path (leases, recovery, resume) runs on SQLite in
tests/core/test_tasks_leases.py and tests/recruiting/test_import_restart.py."""

from __future__ import annotations

import csv
import email
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import override_settings
from django_scopes import scopes_disabled
from django_tasks_db.models import DBTaskResult

from cocreate.notifications.models import Notification
from cocreate.notifications.services import notify
from cocreate.recruiting.enums import ImportStatus
from cocreate.recruiting.imports import import_start, import_upload
from cocreate.recruiting.models import Application, ImportJob
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("flushable_audit_log"),
]

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Why should we choose you?"
LEASE = 2.0  # seconds without a heartbeat before a worker counts as dead
TIMEOUT = 45.0  # the most any wait below may take


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a second process cannot reach pytest-django's in-memory SQLite database")


@pytest.fixture
def data_dir(tmp_path, postgres_only):
    """Files and mail where both this process and the workers find them; tasks as database rows."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        MEDIA_ROOT=str(tmp_path / "media"),
        STORAGES={**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    ):
        yield tmp_path


class Workers:
    """`cocreate worker` subprocesses on the test database; each is killed at the end."""

    def __init__(self, data_dir: Path):
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "COCREATE_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "0",
        }
        self.env.pop("EMAIL_HOST", None)
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "cocreate.cli", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.1",
             "--heartbeat", str(LEASE / 4), "--lease", str(LEASE), "--verbosity", "0"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_mid_task(self, process: subprocess.Popen) -> None:
        """Freeze the worker, and kill it only when it froze inside a task (a task is RUNNING),
        so the kill always leaves a task behind, however short the tasks are."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            os.killpg(process.pid, signal.SIGSTOP)
            # A statement the worker sent just before it froze still runs and commits on the
            # server (a task marked finished in autocommit): let it land before reading what
            # the kill will leave behind, or a task seen running may be finished a moment later.
            time.sleep(0.2)
            if DBTaskResult.objects.filter(status="RUNNING").exists():
                self.kill(process)
                return
            os.killpg(process.pid, signal.SIGCONT)
            time.sleep(0.005)
        pytest.fail("the worker was never caught inside a task")

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def workers(data_dir):
    pool = Workers(data_dir)
    yield pool
    pool.stop_all()


def wait_for(condition, what: str, workers: Workers):
    """Poll ``condition`` until it returns something true; fail after TIMEOUT seconds."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for process in workers.processes:
            if process.poll() not in (None, -signal.SIGKILL):
                pytest.fail(f"a worker exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
        time.sleep(0.05)
    pytest.fail(f"timed out after {TIMEOUT:.0f} s waiting for {what}")


def csv_bytes(n: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "name", QUESTION])
    writer.writerows([f"person{i}@example.com", f"Person {i}", "I make things."] for i in range(n))
    return out.getvalue().encode()


def test_an_import_whose_worker_is_killed_finishes_exactly_on_another_worker(workers):
    rows = 6_000
    lab = f.make_lab()
    lab.recruitment.questions.update(text=QUESTION)
    with scopes_disabled():
        job = import_upload(lab.recruitment, actor=lab.users["program_manager"],
                            file=SimpleUploadedFile("applicants.csv", csv_bytes(rows)), source="Youth Lab",
                            consent_basis="Agreed when joining.")
        import_start(job, actor=lab.users["program_manager"])  # committed: the task row is queued

        def progress() -> int:
            return ImportJob.objects.values_list("processed_rows", flat=True).get(pk=job.pk)

        first = workers.start()
        at = wait_for(lambda: progress() >= 1_500 and progress(), "the first 1,500 rows", workers)
        workers.kill_mid_task(first)
        job.refresh_from_db()
        assert at < rows and job.status == ImportStatus.RUNNING, "the first worker finished before it was killed"
        task = DBTaskResult.objects.get(pk=job.task_id)
        assert task.status == "RUNNING"  # stuck as the issue found it, until a worker recovers it

        workers.start()
        wait_for(lambda: ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists(), "the import", workers)
        job.refresh_from_db()
        task.refresh_from_db()
        applicants = Application.objects.filter(recruitment=lab.recruitment).values_list("applicant__email", flat=True)
        assert (job.total_rows, job.processed_rows, job.created_count, job.duplicate_count, job.error_count) == (
            rows, rows, rows, 0, 0)
        assert sorted(applicants) == sorted(f"person{i}@example.com" for i in range(rows))
        assert (task.status, len(task.worker_ids)) == ("SUCCESSFUL", 2)


def sent_message_ids(data_dir: Path) -> list[str]:
    ids = []
    for path in sorted((data_dir / "mail").glob("*")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            message = email.message_from_string(chunk.strip())
            if message["Message-ID"]:
                ids.append(message["Message-ID"])
    return ids


def test_mail_whose_worker_is_killed_is_sent_at_most_once_and_every_task_finishes(workers, data_dir):
    count = 150
    people = [f.UserFactory() for _ in range(count)]
    for person in people:
        notify([person], "application_received", params={"recruitment": "Lynx 2028"})
    with scopes_disabled():
        ids = set(Notification.objects.values_list("pk", flat=True))
    assert DBTaskResult.objects.filter(status="READY").count() == count

    first = workers.start()
    wait_for(lambda: Notification.objects.filter(emailed_at__isnull=False).count() >= 40, "40 mails", workers)
    workers.kill_mid_task(first)
    assert Notification.objects.filter(emailed_at__isnull=True).exists(), "every mail left before the kill"
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1  # left behind by the dead worker

    workers.start()
    wait_for(lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists(), "every task", workers)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    sent = sent_message_ids(data_dir)
    # Nobody got a mail twice; at most the one mail in flight at the kill was lost.
    assert len(sent) == len(set(sent))
    host = urlsplit(workers.env.get("SITE_URL", "http://127.0.0.1:8000")).hostname
    assert set(sent) <= {f"<notification-{pk}@{host}>" for pk in ids}
    assert count - 1 <= len(sent) <= count
