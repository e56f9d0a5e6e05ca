"""Applicant imports through /api/v1/: upload (multipart), mapping, start and the job with its
progress and refused rows; the same services and permission as the pages."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cocreate.recruiting.enums import ImportStatus
from cocreate.recruiting.imports import import_upload
from cocreate.recruiting.models import Application, ImportJob
from tests.api.helpers import BASE, Api, recruitment_url
from tests.roles import MANAGERS, ROLES, user_of

pytestmark = pytest.mark.django_db

QUESTION = "Why should we choose you?"


@pytest.fixture
def api(client):
    return Api(client)


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


ROWS = [["Email", "Name", "Gender", "Answer"], ["minji@example.com", "Minji", "F", "I film."],
        ["minji@example.com", "Minji again", "F", "Twice."]]


def upload(api, lab, rows=ROWS, name="export.csv", **fields):
    data = {"file": SimpleUploadedFile(name, csv_bytes(rows)), "source": "Youth Lab",
            "consent_basis": "Agreed when joining."} | fields
    return api.client.post(BASE + recruitment_url(lab, "/imports"), data, headers=api.headers)


def test_manager_uploads_maps_starts_and_follows_an_import(api, lab, django_capture_on_commit_callbacks):
    question = lab.recruitment.questions.get()
    api.as_user(lab.users["program_manager"])
    response = upload(api, lab)
    assert response.status_code == 201
    body = response.json()
    job = ImportJob.objects.get()
    assert (body["id"], body["status"], body["original_name"], body["source"]) == (
        job.pk, "uploaded", "export.csv", "Youth Lab")
    assert body["columns"] == [{"index": 0, "header": "Email", "target": "email"},
                               {"index": 1, "header": "Name", "target": "name"},
                               {"index": 2, "header": "Gender", "target": "gender"},
                               {"index": 3, "header": "Answer", "target": None}]
    path = recruitment_url(lab, f"/imports/{job.pk}")

    refused = api.put(path + "/mapping", {"mapping": {"Email": "email", "Gender": "gender"}})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "“Why should we choose you?” needs an answer: choose the column that holds it."
    mapping = {"Email": "email", "1": "name", "Answer": f"question:{question.pk}"}
    mapped = api.put(path + "/mapping", {"mapping": mapping})
    assert mapped.status_code == 200
    assert [c["target"] for c in mapped.json()["columns"]] == ["email", "name", None, f"question:{question.pk}"]

    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(path + "/start")
    assert started.status_code == 202 and started.json()["status"] == "queued"
    body = api.get(path).json()
    assert {k: body[k] for k in ("status", "total_rows", "processed_rows", "created_count", "duplicate_count",
                                 "error_count")} == {
        "status": "done", "total_rows": 2, "processed_rows": 2, "created_count": 1, "duplicate_count": 0,
        "error_count": 1}
    assert body["errors"] == [{"row": 3, "codes": ["duplicate_in_file"],
                               "errors": ["The same email address is already on row 2 of this file."]}]
    assert Application.objects.get().profile["gender"] == "undisclosed"  # gender was not mapped
    again = api.post(path + "/start")
    assert again.status_code == 202 and again.json()["status"] == "done"
    assert api.put(path + "/mapping", {"mapping": {"0": "email"}}).status_code == 400


def test_a_bad_upload_answers_400_with_the_reason(api, lab):
    api.as_user(lab.users["program_manager"])
    response = upload(api, lab, name="export.numbers")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Upload a CSV or Excel (.xlsx) file; an older .xls file must be saved as .xlsx first.",
        "code": "file_type"}
    assert upload(api, lab, source="").json()["code"] == "source_required"
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_import_api_permissions(api, labs, role, django_capture_on_commit_callbacks):
    lab, other = labs
    jobs = {owner.org.pk: import_upload(owner.recruitment, actor=owner.users["program_manager"],
                                        file=SimpleUploadedFile("x.csv", csv_bytes(ROWS)), source="Youth Lab",
                                        consent_basis="Agreed.")
            for owner in labs}
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    denied = 401 if role == "visitor" else 404
    for owner in (lab, other):
        job = jobs[owner.org.pk]
        manager = role in MANAGERS and owner is lab
        path = recruitment_url(owner, f"/imports/{job.pk}")
        assert api.get(path).status_code == (200 if manager else denied)
        assert upload(api, owner).status_code == (201 if manager else denied)
        question = owner.recruitment.questions.get()
        mapping = {"mapping": {"0": "email", "3": f"question:{question.pk}"}}
        assert api.put(path + "/mapping", mapping).status_code == (200 if manager else denied)
        with django_capture_on_commit_callbacks(execute=True):
            assert api.post(path + "/start").status_code == (202 if manager else denied)
        job.refresh_from_db()
        assert job.status == (ImportStatus.DONE if manager else ImportStatus.UPLOADED)
    # Another organization's import through this one's recruitment is missing.
    assert api.get(recruitment_url(lab, f"/imports/{jobs[other.org.pk].pk}")).status_code == denied
