"""Task leases: background work survives a worker that dies in the middle of a task.

django-tasks-db marks a task RUNNING when a worker claims it (``DBTaskResult.claim`` appends
the worker's id to ``worker_ids``) and leaves it so until the worker records the outcome. A
worker killed in between (SIGKILL, out of memory, a lost machine) leaves the task RUNNING for
ever, and the import or clustering run it serves stuck with it.

So every worker keeps a heartbeat (``core.TaskWorker.beat_at``, written every few seconds by a
thread of its own), and the *lease* of a running task is its worker's heartbeat: a RUNNING task
whose last worker has not beaten for ``TASK_LEASE_SECONDS`` belongs to a dead process. Every
worker, when it starts and then periodically, puts such tasks back to READY, so that any worker
runs them again. A task interrupted by a signal (recorded as FAILED with ``SystemExit`` or
``KeyboardInterrupt``) is not a failure of the task either and goes back the same way.

That is only sound because every task is idempotent and resumable: an import continues after
its last committed batch, a clustering run starts over and replaces its suggestions, a mail is
stamped before it is sent and never sent again (at most once). A task that has lost its worker
``TASK_MAX_ATTEMPTS`` times (a file that kills every worker that opens it) is failed instead,
so it cannot take the workers down in a loop.

A worker that hangs without dying keeps beating: leases find dead workers, not slow tasks.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import Q
from django.tasks import task_backends
from django.utils import timezone

from .models import TaskWorker

logger = logging.getLogger("cocreate.tasks")

DEFAULT_LEASE_SECONDS = 30.0
DEFAULT_MAX_ATTEMPTS = 5
# A task recorded as failed with one of these was stopped by a signal, not by its own error.
INTERRUPTIONS = ("builtins.SystemExit", "builtins.KeyboardInterrupt")
LOST = "cocreate.core.leases.WorkerLost"


class WorkerLost(Exception):
    """Recorded on a task whose workers died under it too many times."""


def lease_seconds() -> float:
    return float(getattr(settings, "TASK_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def max_attempts() -> int:
    return int(getattr(settings, "TASK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def uses_database_tasks() -> bool:
    """Leases only mean something when tasks are rows of django-tasks-db (not in tests that
    run tasks at once, nor with another backend)."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


# Heartbeats -----------------------------------------------------------------------------------

def worker_beat(worker_id: str, *, now: datetime.datetime | None = None) -> None:
    """Say that this worker is alive (an upsert of its row)."""
    now = now or timezone.now()
    updated = TaskWorker.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        TaskWorker.objects.update_or_create(
            worker_id=worker_id,
            defaults={"beat_at": now},
            create_defaults={"beat_at": now, "started_at": now, "hostname": socket.gethostname()[:255],
                             "pid": os.getpid()},
        )


def worker_gone(worker_id: str) -> None:
    """A worker that stops cleanly takes its row with it."""
    TaskWorker.objects.filter(worker_id=worker_id).delete()


# Recovery -------------------------------------------------------------------------------------

@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _alive_workers(now: datetime.datetime, lease: float) -> set[str]:
    cutoff = now - datetime.timedelta(seconds=lease)
    return set(TaskWorker.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))


def _is_stale(row: dict, alive: set[str], now: datetime.datetime, lease: float) -> bool:
    """A running task whose last worker no longer beats. A worker without any heartbeat row
    (one started before leases existed) gets a lease's time from the task's start."""
    if row["status"] != "RUNNING":
        return row["status"] == "FAILED" and row["exception_class_path"] in INTERRUPTIONS
    worker = (row["worker_ids"] or [None])[-1]
    if worker in alive:
        return False
    started = row["started_at"]
    known = TaskWorker.objects.filter(worker_id=worker).exists() if worker else False
    return known or started is None or started < now - datetime.timedelta(seconds=lease)


def tasks_recover(*, lease: float | None = None, now: datetime.datetime | None = None,
                  only: list[str] | None = None) -> Recovery:
    """Put the tasks of dead workers (and tasks interrupted by a signal) back in the queue, or
    fail them once they have lost ``TASK_MAX_ATTEMPTS`` workers. Safe to run from several
    workers at once: each row is changed by a compare-and-set on the ``started_at`` its claim
    wrote, so a task claimed again meanwhile is left to its new worker."""
    from django_tasks_db.models import DBTaskResult

    lease = lease_seconds() if lease is None else lease
    now = now or timezone.now()
    alive = _alive_workers(now, lease)
    candidates = DBTaskResult.objects.filter(
        Q(status="RUNNING") | Q(status="FAILED", exception_class_path__in=INTERRUPTIONS))
    if only is not None:
        candidates = candidates.filter(pk__in=only)
    report = Recovery()
    for row in candidates.values("id", "status", "worker_ids", "started_at", "exception_class_path", "task_path"):
        if not _is_stale(row, alive, now, lease):
            continue
        same = DBTaskResult.objects.filter(pk=row["id"], status=row["status"], started_at=row["started_at"])
        attempts = len(row["worker_ids"] or [])
        if attempts >= max_attempts():
            changed = same.update(status="FAILED", finished_at=now, exception_class_path=LOST,
                                  traceback=f"{LOST}: the worker died under this task {attempts} times; "
                                            "it is not run again by itself.\n")
            if changed:
                report.failed.append(str(row["id"]))
                logger.error("Task %s (%s) lost its worker %d times; failed", row["id"], row["task_path"], attempts)
        else:
            changed = same.update(status="READY", finished_at=None, exception_class_path="", traceback="")
            if changed:
                report.requeued.append(str(row["id"]))
                logger.warning("Task %s (%s) lost its worker; queued again (attempt %d)", row["id"],
                               row["task_path"], attempts + 1)
    # Rows of workers gone for a day are history nobody needs.
    TaskWorker.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
    return report


def task_state(task_id: str | None, *, lease: float | None = None, now: datetime.datetime | None = None) -> str:
    """How the task behind a domain job stands: ``"queued"``, ``"running"`` (on a live
    worker), ``"lost"`` (its worker died, or it was interrupted: it will not finish by itself
    unless a worker recovers it), ``"finished"`` (succeeded or failed), ``"missing"`` (no
    such row) or ``"unknown"`` (tasks are not database rows here)."""
    from django_tasks_db.models import DBTaskResult

    if not uses_database_tasks() or not task_id:
        return "unknown"
    row = (DBTaskResult.objects.filter(pk=task_id)
           .values("id", "status", "worker_ids", "started_at", "exception_class_path").first())
    if row is None:
        return "missing"
    now, lease = now or timezone.now(), lease_seconds() if lease is None else lease
    if row["status"] == "READY":
        return "queued"
    if _is_stale(row, _alive_workers(now, lease), now, lease):
        return "lost"
    return "running" if row["status"] == "RUNNING" else "finished"


def task_requeue(task_id: str | None) -> bool:
    """Put one lost task back in the queue now (what "start again" on a stuck job does).
    True when the task is queued or running afterwards; False when the caller must enqueue a
    new task (the old one is missing or finished)."""
    state = task_state(task_id)
    if state in ("queued", "running", "unknown"):
        return state != "unknown"
    if state == "lost":
        report = tasks_recover(only=[task_id])
        return bool(report.requeued) or task_state(task_id) in ("queued", "running")
    return False


# The worker's side ------------------------------------------------------------------------------

class Heartbeat:
    """A thread that beats for its worker every ``interval`` seconds and runs the recovery
    every ``recover_every`` seconds, on its own database connection so that a long task (or a
    long transaction of it) never delays a beat. A failed beat (a locked SQLite file) is
    logged and tried again at the next one; the lease is several beats long."""

    def __init__(self, worker_id: str, *, interval: float, lease: float, recover_every: float | None = None):
        self.worker_id = worker_id
        self.interval = interval
        self.lease = lease
        self.recover_every = recover_every if recover_every is not None else max(interval, lease / 2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        self.beat_and_recover()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 5)
        try:
            worker_gone(self.worker_id)
        except DatabaseError:
            logger.exception("Could not remove worker %s's heartbeat", self.worker_id)

    def beat_and_recover(self) -> None:
        worker_beat(self.worker_id)
        report = tasks_recover(lease=self.lease)
        if report.requeued or report.failed:
            logger.warning("Recovered tasks: %d queued again, %d failed", len(report.requeued), len(report.failed))

    def _run(self) -> None:
        last_recovery = timezone.now()
        try:
            while not self._stop.wait(self.interval):
                try:
                    close_old_connections()
                    worker_beat(self.worker_id)
                    if (timezone.now() - last_recovery).total_seconds() >= self.recover_every:
                        last_recovery = timezone.now()
                        report = tasks_recover(lease=self.lease)
                        if report.requeued or report.failed:
                            logger.warning("Recovered tasks: %d queued again, %d failed",
                                           len(report.requeued), len(report.failed))
                except DatabaseError:
                    logger.exception("Worker %s could not beat; trying again", self.worker_id)
        finally:
            connection.close()
