"""Task leases (cocreate.core.leases): a task left running by a worker whose heartbeat stopped
goes back to the queue, a live worker's task is left alone, a task interrupted by a signal goes
back too, one that lost its worker too often is failed, and recovery never takes a task from
the worker that claimed it again meanwhile. The clock is passed in."""

import datetime

import pytest
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocreate.core.leases import LOST, Heartbeat, task_requeue, task_state, tasks_recover, worker_beat
from cocreate.core.models import TaskWorker
from cocreate.realization.tasks import run_clustering

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_tasks")]

NOW = timezone.now()


@pytest.fixture
def database_tasks():
    """Tasks as django-tasks-db rows (the test settings run them at once), and the clock read
    when the test starts: every age below is counted from it."""
    global NOW
    NOW = timezone.now()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def claimed(worker_id: str, *, beat_seconds_ago: float | None, attempts: int = 1) -> DBTaskResult:
    """A task claimed by ``worker_id``, whose last heartbeat was that long ago (None: no row)."""
    row = DBTaskResult.objects.get(pk=run_clustering.enqueue(10**9).id)
    row.worker_ids = [f"earlier-{n}" for n in range(attempts - 1)]
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=NOW - datetime.timedelta(seconds=120))
    if beat_seconds_ago is not None:
        worker_beat(worker_id, now=NOW - datetime.timedelta(seconds=beat_seconds_ago))
    return DBTaskResult.objects.get(pk=row.pk)


def status(row) -> str:
    return DBTaskResult.objects.values_list("status", flat=True).get(pk=row.pk)


def test_a_task_whose_worker_stopped_beating_is_queued_again():
    dead = claimed("dead", beat_seconds_ago=31)
    alive = claimed("alive", beat_seconds_ago=29)
    assert (task_state(str(dead.pk), lease=30, now=NOW), task_state(str(alive.pk), lease=30, now=NOW)) == (
        "lost", "running")
    report = tasks_recover(lease=30, now=NOW)
    assert (report.requeued, report.failed) == ([str(dead.pk)], [])
    assert (status(dead), status(alive)) == ("READY", "RUNNING")
    # Queued again, it is an ordinary ready task; its history keeps the dead worker.
    assert DBTaskResult.objects.ready().filter(pk=dead.pk).exists()
    assert DBTaskResult.objects.get(pk=dead.pk).worker_ids == ["dead"]
    assert tasks_recover(lease=30, now=NOW).requeued == []


def test_a_worker_without_a_heartbeat_row_gets_a_lease_from_the_task_start():
    # A worker started before leases existed: its task is lost only a lease after it started.
    old = claimed("pre-lease", beat_seconds_ago=None)
    assert tasks_recover(lease=300, now=NOW).requeued == []
    assert tasks_recover(lease=60, now=NOW).requeued == [str(old.pk)]


def test_a_task_interrupted_by_a_signal_is_queued_again_not_failed():
    row = claimed("stopped", beat_seconds_ago=1)
    row.set_failed(SystemExit(1))
    assert task_state(str(row.pk), lease=30, now=NOW) == "lost"
    assert tasks_recover(lease=30, now=NOW).requeued == [str(row.pk)]
    assert DBTaskResult.objects.values("status", "exception_class_path", "finished_at").get(pk=row.pk) == {
        "status": "READY", "exception_class_path": "", "finished_at": None}
    # A task that failed on its own error stays failed.
    failed = claimed("alive", beat_seconds_ago=1)
    failed.set_failed(ValueError("bad input"))
    assert (tasks_recover(lease=30, now=NOW).requeued, status(failed)) == ([], "FAILED")


@override_settings(TASK_MAX_ATTEMPTS=3)
def test_a_task_that_lost_its_worker_too_often_is_failed_instead():
    row = claimed("third", beat_seconds_ago=100, attempts=3)
    report = tasks_recover(lease=30, now=NOW)
    assert (report.requeued, report.failed) == ([], [str(row.pk)])
    assert DBTaskResult.objects.values_list("status", "exception_class_path").get(pk=row.pk) == ("FAILED", LOST)


def test_recovery_leaves_a_task_claimed_again_meanwhile_to_its_new_worker():
    row = claimed("dead", beat_seconds_ago=100)
    seen = DBTaskResult.objects.filter(pk=row.pk).values("started_at").get()
    # Another worker recovered it and a third claimed it after this one read the row.
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=NOW, worker_ids=["dead", "new"])
    worker_beat("new", now=NOW)
    assert seen["started_at"] != NOW
    assert tasks_recover(lease=30, now=NOW).requeued == []
    assert status(row) == "RUNNING"


def test_task_requeue_recovers_one_lost_task_and_says_when_a_new_one_is_needed():
    dead = claimed("dead", beat_seconds_ago=100)
    other = claimed("dead-too", beat_seconds_ago=100)
    assert task_requeue(str(dead.pk)) is True
    assert (status(dead), status(other)) == ("READY", "RUNNING")
    assert task_requeue(str(dead.pk)) is True  # queued already
    assert task_requeue("") is False and task_state("") == "unknown"
    finished = claimed("alive", beat_seconds_ago=1)
    finished.set_successful(None)
    assert task_requeue(str(finished.pk)) is False


def test_the_heartbeat_beats_recovers_and_leaves_with_its_worker():
    dead = claimed("dead", beat_seconds_ago=100)
    heartbeat = Heartbeat("me", interval=3600, lease=30)
    heartbeat.beat_and_recover()
    assert TaskWorker.objects.filter(worker_id="me").exists()
    assert status(dead) == "READY"
    heartbeat.stop()
    assert not TaskWorker.objects.filter(worker_id="me").exists()


def test_heartbeat_rows_of_workers_gone_for_a_day_are_removed():
    worker_beat("long-gone", now=NOW - datetime.timedelta(days=2))
    worker_beat("recent", now=NOW - datetime.timedelta(hours=2))
    tasks_recover(lease=30, now=NOW)
    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["recent"]
