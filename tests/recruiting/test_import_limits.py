"""What one import file may cost (issue 12, item 6): an XLSX that unpacks past the cap (a zip
bomb), more rows than the cap, a DTD or entities (billion laughs, XXE), and an import that stops
after IMPORT_MAX_ERRORS refused rows with a summary; refused rows are rows of their own, paged
on the import's page at a constant number of queries. Every file is built here, small."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from cocreate.core.errors import DomainError
from cocreate.recruiting.enums import ImportStatus
from cocreate.recruiting.imports import import_start, import_upload, read_table
from cocreate.recruiting.models import Application, ImportJob, ImportRowError
from tests.api.helpers import BASE, Api, recruitment_url

pytestmark = pytest.mark.django_db

QUESTION = "Why should we choose you?"
HEADER = ["email", "name", QUESTION]


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_sheet(data: bytes, rewrite) -> bytes:
    """The same workbook with its first sheet's XML rewritten."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = rewrite(content)
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def upload(lab, data: bytes, name="applicants.csv"):
    return import_upload(lab.recruitment, actor=lab.users["program_manager"], file=SimpleUploadedFile(name, data),
                         source="Youth Lab", consent_basis="Agreed when joining.")


def refusal(lab, data: bytes, name: str) -> tuple[str, str]:
    with pytest.raises(DomainError) as refused:
        upload(lab, data, name)
    return refused.value.code, refused.value.text


def good_rows(n: int, start: int = 0) -> list[list[str]]:
    return [[f"p{i}@example.com", f"P{i}", "Hi"] for i in range(start, start + n)]


# Unpacked size -------------------------------------------------------------------------------

@override_settings(IMPORT_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_an_xlsx_that_unpacks_past_the_cap_is_refused_before_it_is_parsed(lab):
    # 3 MB of blanks inside the sheet squeeze into a few KB: a small zip bomb.
    bomb = with_sheet(xlsx_bytes([HEADER, *good_rows(2)]),
                      lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (3 * 1024 * 1024), 1))
    assert len(bomb) < 20_000
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 3 * 1024 * 1024
    assert refusal(lab, bomb, "bomb.xlsx") == (
        "too_large_unpacked", "The Excel file unpacks to more than 1 MB. Split it into smaller files.")
    assert ImportJob.objects.count() == 0


# Row count -----------------------------------------------------------------------------------

@override_settings(IMPORT_MAX_ROWS=20)
@pytest.mark.parametrize("name, build, counted", [("many.csv", csv_bytes, 20), ("many.xlsx", xlsx_bytes, 0)])
def test_a_file_with_more_rows_than_the_cap_is_refused_on_upload(lab, name, build, counted):
    # A CSV is counted on upload; an XLSX is refused by the size its sheet records, and its
    # rows are counted by the task (parsing 100,000 rows takes seconds).
    assert refusal(lab, build([HEADER, *good_rows(21)]), name) == (
        "too_many_rows", "The file has more than 20 rows. Split it into smaller files.")
    job = upload(lab, build([HEADER, *good_rows(20)]), name)
    assert (job.status, job.total_rows) == (ImportStatus.UPLOADED, counted)


@override_settings(IMPORT_MAX_ROWS=20)
def test_an_xlsx_that_hides_its_size_is_refused_by_the_task_before_a_row_is_imported(
        lab, django_capture_on_commit_callbacks):
    lab.recruitment.questions.update(text=QUESTION)
    unsized = with_sheet(xlsx_bytes([HEADER, *good_rows(25)]),
                         lambda xml: re.sub(rb"<dimension ref=\"[^\"]*\"\s*/>", b"", xml))
    job = upload(lab, unsized, "unsized.xlsx")
    job = run(lab, job, django_capture_on_commit_callbacks)
    assert (job.status, job.problem, job.processed_rows, job.created_count) == (
        ImportStatus.FAILED, "too_many_rows", 0, 0)
    assert Application.objects.filter(recruitment=lab.recruitment).count() == 0


@override_settings(IMPORT_MAX_ROWS=20)
def test_blank_rows_count_towards_the_cap(lab):
    # A sheet can claim a row a million lines down; reading stops at the cap, not there.
    table = read_table(csv_bytes([HEADER, *([""] * 3 for _ in range(30)), ["a@example.com", "A", "Hi"]]), "x.csv")
    with pytest.raises(DomainError) as refused:
        list(table.rows)
    assert refused.value.code == "too_many_rows"


# DTDs and entities ---------------------------------------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                             for n in range(1, 10))
                  + b"]>\n")
EXTERNAL_ENTITY = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
UNSAFE = ("unsafe_xlsx", "The Excel file contains XML declarations (a DTD or entities) that spreadsheets do not "
                         "write, so it is not read. Open it in a spreadsheet, save it again as .xlsx and upload it.")


def _declare(prolog: bytes, entity: bytes):
    def rewrite(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        # The entity is used in a cell, as an attack would.
        body = body.replace(b"<v>", b"<v>" + entity, 1) if b"<v>" in body else body
        return prolog + body.lstrip()
    return rewrite


@pytest.mark.parametrize("prolog, entity", [(BILLION_LAUGHS, b"&lol9;"), (EXTERNAL_ENTITY, b"&xxe;")],
                         ids=["billion-laughs", "external-entity"])
def test_an_xlsx_with_a_dtd_or_entities_is_a_bad_file(lab, prolog, entity):
    data = with_sheet(xlsx_bytes([HEADER, ["a@example.com", 1, "Hi"]]), _declare(prolog, entity))
    assert refusal(lab, data, "attack.xlsx") == UNSAFE
    assert ImportJob.objects.count() == 0


def test_openpyxl_parses_with_defusedxml_as_a_second_wall():
    from openpyxl.xml import DEFUSEDXML

    data = with_sheet(xlsx_bytes([HEADER, ["a@example.com", 1, "Hi"]]), _declare(BILLION_LAUGHS, b"&lol9;"))
    from defusedxml import EntitiesForbidden

    assert DEFUSEDXML is True
    with pytest.raises(ValueError) as refused:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        list(workbook.worksheets[0].iter_rows(values_only=True))
    chain, error = [], refused.value
    while error is not None:
        chain.append(type(error))
        error = error.__cause__ or error.__context__
    assert EntitiesForbidden in chain


def test_the_api_answers_400_bad_file_for_an_entity_attack(client, lab):
    api = Api(client)
    api.as_user(lab.users["program_manager"])
    data = with_sheet(xlsx_bytes([HEADER, ["a@example.com", 1, "Hi"]]), _declare(EXTERNAL_ENTITY, b"&xxe;"))
    response = api.client.post(BASE + recruitment_url(lab, "/imports"), {
        "file": SimpleUploadedFile("attack.xlsx", data), "source": "Youth Lab", "consent_basis": "Agreed."},
        headers=api.headers)
    assert (response.status_code, response.json()) == (400, {"code": UNSAFE[0], "detail": UNSAFE[1]})


def test_the_upload_page_explains_an_entity_attack(client, lab):
    client.force_login(lab.users["program_manager"])
    data = with_sheet(xlsx_bytes([HEADER, ["a@example.com", 1, "Hi"]]), _declare(BILLION_LAUGHS, b"&lol9;"))
    url = f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/imports/new/"
    response = client.post(url, {"file": SimpleUploadedFile("attack.xlsx", data), "source": "Youth Lab",
                                 "consent_basis": "Agreed."})
    assert response.status_code == 200 and "contains XML declarations (a DTD or entities)" in response.text


# Errors: rows of their own, a cap, a summary, pages ----------------------------------------------

def bad_and_good(bad: int, good: int) -> list[list[str]]:
    """``good`` valid rows, then ``bad`` rows without an address, alternating with more good ones."""
    rows = [HEADER, *good_rows(good)]
    for i in range(bad):
        rows += [["", f"Nobody {i}", "Hi"], *good_rows(1, start=good + i)]
    return rows


def run(lab, job, capture):
    with capture(execute=True):
        import_start(job, actor=lab.users["program_manager"])
    job.refresh_from_db()
    return job


@override_settings(IMPORT_MAX_ERRORS=3)
def test_an_import_stops_after_the_error_cap_with_a_summary(client, lab, django_capture_on_commit_callbacks):
    lab.recruitment.questions.update(text=QUESTION)
    job = run(lab, upload(lab, csv_bytes(bad_and_good(bad=10, good=4))), django_capture_on_commit_callbacks)
    # Rows 2-5 good, then bad/good pairs: the third bad row is row 10; nothing after it is read.
    assert (job.status, job.problem, job.total_rows, job.processed_rows, job.created_count, job.error_count) == (
        ImportStatus.FAILED, "too_many_errors", 24, 9, 6, 3)
    assert list(ImportRowError.objects.filter(job=job).values_list("row", flat=True)) == [6, 8, 10]
    assert Application.objects.filter(recruitment=lab.recruitment).count() == 6
    client.force_login(lab.users["program_manager"])
    page = client.get(f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}"
                      f"/imports/{job.pk}/").text
    assert ("The import stopped after 3 rows with errors. Fix the rows below (download them as CSV) and import "
            "the fixed file; the rows before them were imported.") in page
    assert "Start the import again" not in page


def test_the_import_page_pages_refused_rows_at_a_constant_cost(client, lab, django_capture_on_commit_callbacks):
    lab.recruitment.questions.update(text=QUESTION)
    url = f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/imports/"
    few = run(lab, upload(lab, csv_bytes(bad_and_good(bad=5, good=1))), django_capture_on_commit_callbacks)
    many = run(lab, upload(lab, csv_bytes(bad_and_good(bad=250, good=1))), django_capture_on_commit_callbacks)
    assert (few.error_count, many.error_count) == (5, 250)
    client.force_login(lab.users["program_manager"])
    client.get(f"{url}{few.pk}/")  # warm the session and the role cache
    with CaptureQueriesContext(connection) as small:
        client.get(f"{url}{few.pk}/")
    with CaptureQueriesContext(connection) as large:
        first = client.get(f"{url}{many.pk}/").text
    assert len(large.captured_queries) == len(small.captured_queries)
    rows = re.findall(r'<th scope="row" class="number">(\d+)</th>', first)
    assert (len(rows), rows[0], rows[-1]) == (100, "3", "201")
    last = client.get(f"{url}{many.pk}/?page=3").text
    rows = re.findall(r'<th scope="row" class="number">(\d+)</th>', last)
    assert (len(rows), rows[0], rows[-1]) == (50, "403", "501")


def test_the_api_lists_the_first_hundred_refused_rows_and_counts_them_all(client, lab,
                                                                          django_capture_on_commit_callbacks):
    lab.recruitment.questions.update(text=QUESTION)
    job = run(lab, upload(lab, csv_bytes(bad_and_good(bad=120, good=1))), django_capture_on_commit_callbacks)
    api = Api(client)
    api.as_user(lab.users["program_manager"])
    body = api.client.get(BASE + recruitment_url(lab, f"/imports/{job.pk}"), headers=api.headers).json()
    assert (body["error_count"], len(body["errors"]), body["errors"][0]["row"], body["errors"][-1]["row"]) == (
        120, 100, 3, 201)
    assert body["errors"][0]["codes"] == ["email_missing"]
