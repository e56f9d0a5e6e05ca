"""An import whose worker died (issue 12, item 5): its page says so and stops polling, "start"
puts the lost task back in the queue (or queues a new one when the task is gone), and the run
continues exactly where the last committed batch ended. Tasks are django-tasks-db rows here."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocreate.core.leases import worker_beat
from cocreate.recruiting.enums import ImportStatus
from cocreate.recruiting.imports import import_run, import_stalled, import_start, import_upload
from cocreate.recruiting.models import Application, ImportJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_tasks")]

QUESTION = "Why should we choose you?"
ROWS = 1200


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def csv_bytes(n: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "name", QUESTION])
    writer.writerows([f"p{i}@example.com", f"P{i}", "Hi"] for i in range(n))
    return out.getvalue().encode()


def started_job(lab, capture) -> ImportJob:
    """An import started and claimed by a worker whose heartbeat stopped five minutes ago."""
    lab.recruitment.questions.update(text=QUESTION)
    job = import_upload(lab.recruitment, actor=lab.users["program_manager"],
                        file=SimpleUploadedFile("applicants.csv", csv_bytes(ROWS)), source="Youth Lab",
                        consent_basis="Agreed.")
    with capture(execute=True):
        import_start(job, actor=lab.users["program_manager"])
    job.refresh_from_db()
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert (job.status, task.status) == (ImportStatus.QUEUED, "READY")
    task.claim("dead-worker")
    worker_beat("dead-worker", now=timezone.now() - datetime.timedelta(minutes=5))
    return job


def page(client, lab, job) -> str:
    return client.get(f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}"
                      f"/imports/{job.pk}/").text


def test_start_on_an_import_whose_worker_died_queues_its_task_again(client, lab, django_capture_on_commit_callbacks):
    job = started_job(lab, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.refresh_from_db()
    assert import_stalled(job) is True
    client.force_login(lab.users["program_manager"])
    text = page(client, lab, job)
    assert "The worker running this import stopped." in text and "hx-trigger" not in text
    assert "Start the import again" in text

    response = client.post(f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}"
                           f"/imports/{job.pk}/start/")
    assert response.status_code == 302
    job.refresh_from_db()
    # The same task is queued again (no second task), and the job is no longer stalled.
    assert list(DBTaskResult.objects.values_list("id", "status")) == [(DBTaskResult.objects.get().pk, "READY")]
    assert str(DBTaskResult.objects.get().pk) == job.task_id
    assert import_stalled(job) is False and "hx-trigger" in page(client, lab, job)

    import_run(job.pk)  # what the next worker runs
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count, job.error_count) == (ImportStatus.DONE, ROWS, ROWS, 0)
    assert Application.objects.filter(recruitment=lab.recruitment).count() == ROWS


def test_start_on_a_running_import_whose_task_is_gone_queues_a_new_one(lab, django_capture_on_commit_callbacks):
    job = started_job(lab, django_capture_on_commit_callbacks)
    old = job.task_id
    DBTaskResult.objects.all().delete()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        import_start(job, actor=lab.users["program_manager"])
    job.refresh_from_db()
    assert (job.status, job.task_id != old) == (ImportStatus.QUEUED, True)
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["READY"]


def test_start_on_an_import_running_on_a_live_worker_changes_nothing(lab, django_capture_on_commit_callbacks):
    job = started_job(lab, django_capture_on_commit_callbacks)
    worker_beat("dead-worker")  # it beats again: alive after all
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_start(job, actor=lab.users["program_manager"])
    assert callbacks == [] and import_stalled(job) is False
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["RUNNING"]
