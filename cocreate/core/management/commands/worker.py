"""`cocreate worker`: django-tasks-db's db_worker with a heartbeat and recovery of the tasks
of dead workers (``cocreate.core.leases``)."""

import os
from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from cocreate.core.leases import Heartbeat, lease_seconds


class LeasedWorker(Worker):
    """A db_worker that beats while it lives, so that a task it leaves behind when it dies
    is found and run again by another worker (or by itself, restarted)."""

    def __init__(self, *, heartbeat: float, lease: float, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat = Heartbeat(self.worker_id, interval=heartbeat, lease=lease)

    def run(self) -> None:
        self.heartbeat.start()
        try:
            super().run()
        finally:
            self.heartbeat.stop()


class Command(DbWorkerCommand):
    help = ("Run queued background tasks, keeping a heartbeat; tasks left running by a worker that died are "
            "queued again.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--heartbeat", type=valid_interval, default=None,
                            help="seconds between heartbeats (default: a sixth of the lease)")
        parser.add_argument("--lease", type=valid_interval, default=None,
                            help="seconds without a heartbeat after which a worker counts as dead and its "
                                 "task is run again (default: TASK_LEASE_SECONDS, 30)")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, heartbeat=None, lease=None, **options) -> None:
        self.configure_logging(verbosity)
        lease = lease or lease_seconds()
        heartbeat = heartbeat or lease / 6
        if heartbeat * 2 > lease:
            raise CommandError("--lease must be at least twice --heartbeat, or a slow beat would look like a death")
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            heartbeat=heartbeat, lease=lease, queue_names=queue_names, interval=interval, batch=batch,
            backend_name=backend_name, startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
