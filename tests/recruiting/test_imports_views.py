"""Applicant import pages: upload, mapping with preview, start, the polled progress bar, the
refused rows and their CSV, the list of imports; only the program's managers see any of it."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.recruiting.enums import ImportStatus
from cocreate.recruiting.imports import import_upload
from cocreate.recruiting.models import Application, ImportJob, ImportRowError
from tests.roles import MANAGERS, ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db

QUESTION = "Why should we choose you?"
ROWS = [["이메일", "이름", "출생연도", "성별", QUESTION, "비고"],
        ["minji@example.com", "김민지", "2004", "여", "I film my routine.", "=HYPERLINK(\"x\")"],
        ["bad-address", "Bad", "2004", "여", "Hello.", ""],
        ["seo@example.com", "Seo", "1850", "?", "", "-"]]


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def base(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/{suffix}"


def job_url(lab, job, suffix=""):
    return base(lab, f"imports/{job.pk}/{suffix}")


def make_job(lab, rows=ROWS, name="applicants.csv"):
    return import_upload(lab.recruitment, actor=lab.users["program_manager"],
                         file=SimpleUploadedFile(name, csv_bytes(rows)), source="Youth Lab",
                         consent_basis="Agreed when joining the community.")


def test_manager_imports_a_file_through_the_pages(client, lab, django_capture_on_commit_callbacks):
    client.force_login(lab.users["program_manager"])
    applications_page = client.get(base(lab, "applications/")).text
    assert f'href="{base(lab, "imports/")}"' in applications_page
    assert f'href="{base(lab, "imports/new/")}"' in client.get(base(lab, "imports/")).text
    response = client.post(base(lab, "imports/new/"), {
        "file": SimpleUploadedFile("명단.csv", csv_bytes(ROWS)), "source": "Youth Lab",
        "consent_basis": "Agreed when joining the community."})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(lab, job, "mapping/")
    question = lab.recruitment.questions.get()

    page = client.get(job_url(lab, job, "mapping/")).text
    assert '<option value="email" selected>Email address</option>' in page
    assert f'<option value="question:{question.pk}" selected>Question: {QUESTION}</option>' in page
    assert "<li>minji@example.com</li>" in page and "<li>bad-address</li>" in page

    data = {"column_0": "email", "column_1": "name", "column_2": "birth_year", "column_3": "gender",
            "column_4": f"question:{question.pk}", "column_5": ""}
    response = client.post(job_url(lab, job, "mapping/"), data)
    assert response.status_code == 302 and response["Location"] == job_url(lab, job)
    page = client.get(job_url(lab, job)).text
    assert f'action="{job_url(lab, job, "start/")}"' in page and "<dt>출생연도</dt><dd>Birth year</dd>" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(job_url(lab, job, "start/"))
    assert response.status_code == 302 and response["Location"] == job_url(lab, job)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count, job.duplicate_count) == (ImportStatus.DONE, 3, 1, 0)
    assert list(Application.objects.values_list("applicant__email", "source")) == [("minji@example.com",
                                                                                     "Youth Lab")]
    page = client.get(job_url(lab, job)).text
    assert '<progress max="3" value="3"' in page and "hx-trigger" not in page
    assert "<dt>Applications created</dt><dd>1</dd>" in page and "<dt>Rows with errors</dt><dd>2</dd>" in page
    assert "<li>“bad-address” is not a valid email address.</li>" in page
    assert "<li>The birth year 1850 is not between 1900" in page
    assert f'href="{job_url(lab, job, "errors.csv")}"' in page

    response = client.get(job_url(lab, job, "errors.csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["Row", "Reasons", "이메일", "이름", "출생연도", "성별", QUESTION, "비고"],
        ["3", "“bad-address” is not a valid email address.", "bad-address", "Bad", "2004", "여", "Hello.", ""],
        ["4", f"The birth year 1850 is not between 1900 and {timezone.localdate().year}. "
              "The gender “?” is not one we know (male, female, other, undisclosed; 남, 여). "
              "“Why should we choose you?” needs an answer.",
         "seo@example.com", "Seo", "1850", "?", "", "'-"],
    ]


def test_the_progress_partial_polls_while_running_and_stops_when_done(client, lab):
    job = make_job(lab)
    job.status, job.total_rows, job.processed_rows, job.created_count = ImportStatus.RUNNING, 1000, 250, 240
    job.save()
    client.force_login(lab.users["program_manager"])
    headers = {"HX-Request": "true", "HX-Target": "import-progress"}
    partial = client.get(job_url(lab, job), headers=headers).text
    assert partial.startswith('<section id="import-progress"') and "<html" not in partial
    assert f'hx-get="{job_url(lab, job)}" hx-trigger="every 1s" hx-swap="outerHTML"' in partial
    assert '<progress max="1000" value="250"' in partial and "250 of 1000 rows" in partial
    assert "style=" not in partial and "<script" not in partial
    job.status, job.processed_rows = ImportStatus.DONE, 1000
    job.save()
    partial = client.get(job_url(lab, job), headers=headers).text
    assert "hx-trigger" not in partial and '<progress max="1000" value="1000"' in partial


def test_a_mapping_without_email_is_explained(client, lab):
    job = make_job(lab)
    question = lab.recruitment.questions.get()
    client.force_login(lab.users["program_manager"])
    response = client.post(job_url(lab, job, "mapping/"), {"column_0": "", "column_4": f"question:{question.pk}"})
    assert response.status_code == 200
    assert "Choose the column with the email address: it is how applicants are matched." in response.text
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_an_unreadable_upload_is_explained_on_the_form(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(base(lab, "imports/new/"), {
        "file": SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0"), "source": "Youth Lab", "consent_basis": "Yes."})
    assert response.status_code == 200
    assert "Upload a CSV or Excel (.xlsx) file; an older .xls file must be saved as .xlsx first." in response.text
    assert not ImportJob.objects.exists()


def test_the_imports_list_costs_the_same_queries_for_one_job_or_many(client, lab):
    client.force_login(lab.users["program_manager"])
    make_job(lab)
    client.get(base(lab, "imports/"))  # warm the session and the role cache
    with CaptureQueriesContext(connection) as one:
        page = client.get(base(lab, "imports/")).text
    assert page.count("applicants.csv</a>") == 1
    for _ in range(4):
        make_job(lab)
    with CaptureQueriesContext(connection) as five:
        page = client.get(base(lab, "imports/")).text
    assert page.count("applicants.csv</a>") == 5
    assert len(five.captured_queries) == len(one.captured_queries)


# Permission matrix: every role, on its own organization's import and another's -------------------

@pytest.mark.parametrize("role", ROLES)
def test_import_applications(client, labs, role):
    lab, other = labs
    jobs = {owner.org.pk: make_job(owner) for owner in labs}
    for job in jobs.values():
        ImportRowError.objects.create(job=job, row=3, reasons=[{"code": "email_missing", "params": {}}])
        job.status, job.error_count = ImportStatus.DONE, 1
        job.save()
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("recruiting.import_applications", lab.recruitment) is expected
    assert user.has_perm("recruiting.import_applications", other.recruitment) is False
    for owner, allowed in ((lab, expected), (other, False)):
        job = jobs[owner.org.pk]
        for path in (base(owner, "imports/"), base(owner, "imports/new/"), job_url(owner, job),
                     job_url(owner, job, "errors.csv")):
            status, response = status_as(client, user, path)
            assert_answer(role, status, response, allowed)
        status, response = status_as(client, user, job_url(owner, job, "start/"), method="post")
        assert_answer(role, status, response, allowed, ok=302)
    # Another organization's import through this one's recruitment is missing, even for its managers.
    status, response = status_as(client, user, job_url(lab, jobs[other.org.pk]))
    assert_answer(role, status, response, False)


def test_the_file_and_its_refused_rows_go_after_the_retention_period(client, lab, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.core.models import AuditEvent
    from cocreate.recruiting.imports import import_start
    from cocreate.recruiting.services import applications_anonymise_expired

    lab.recruitment.questions.update(text=QUESTION)
    job = make_job(lab)
    with django_capture_on_commit_callbacks(execute=True):
        import_start(job, actor=lab.users["program_manager"])
    job.refresh_from_db()
    stored = job.file.name
    assert job.error_count and job.row_errors.exists() and job.file.storage.exists(stored)
    client.force_login(lab.users["program_manager"])
    assert client.get(job_url(lab, job, "errors.csv")).status_code == 200

    days = lab.org.applicant_retention_days
    assert applications_anonymise_expired(lab.org, now=job.finished_at + timedelta(days=days)) == 0
    job.refresh_from_db()
    assert job.file.name == stored  # exactly the period: kept one more run
    applications_anonymise_expired(lab.org, now=job.finished_at + timedelta(days=days, seconds=1))
    job.refresh_from_db()
    # The refused rows quote the file and go with it; their count stays.
    assert (job.file.name, job.row_errors.count(), job.error_count, job.created_count) == ("", 0, 2, 1)
    assert not job.file.storage.exists(stored)
    assert AuditEvent.objects.get(verb="imports.files_deleted").data == {"imports": [job.pk], "retention_days": days}
    assert "deleted after the organization's retention period" in client.get(job_url(lab, job)).text
    assert client.get(job_url(lab, job, "errors.csv")).status_code == 404
    assert timezone.now() < job.finished_at + timedelta(days=days)  # the clock was only passed in
