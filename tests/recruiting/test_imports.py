"""Applicant imports: reading CSV (UTF-8, CP949) and XLSX, guessing the columns in Korean and
English, every reason a row is refused, matching existing members, duplicates within a file,
re-runs that double nothing, and a 2,000-row file moving its progress in batches."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.recruiting import imports
from cocreate.recruiting.enums import ImportStatus, QuestionKind
from cocreate.recruiting.imports import (
    guess_mapping,
    import_run,
    import_set_mapping,
    import_start,
    import_upload,
    read_table,
    reason_text,
    row_errors_text,
)
from cocreate.recruiting.models import Answer, Application, ImportJob
from tests import factories as f
from tests.recruiting.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

QUESTION = "Why should we choose you?"  # the lab's one question: required, at most 140 characters
SOURCE = "Youth Lab 16-24"
CONSENT = "Members agreed on 1 November to share their profile with the program."
THIS_YEAR = timezone.localdate().year


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(lab, data: bytes, name="applicants.csv", **kwargs):
    return import_upload(lab.recruitment, actor=lab.users["program_manager"], file=SimpleUploadedFile(name, data),
                         source=kwargs.get("source", SOURCE), consent_basis=kwargs.get("consent", CONSENT))


def run(lab, job, capture):
    with capture(execute=True):
        import_start(job, actor=lab.users["program_manager"])
    job.refresh_from_db()
    return job


def entries(job):
    """The refused rows as {"row", "errors"} in file order, then why the file stopped (row None)."""
    out = [{"row": e.row, "errors": e.reasons} for e in job.row_errors.order_by("row")]
    if job.problem:
        out.append({"row": None, "errors": [{"code": "file", "params": {"problem": job.problem}}]})
    return out


def codes(job):
    return [(e["row"], [r["code"] for r in e["errors"]]) for e in entries(job)]


HEADER = ["email", "name", "birth year", "gender", "region", "followers", QUESTION]


# Reading -------------------------------------------------------------------------------------

def test_csv_in_utf8_with_bom_and_semicolons_is_read_with_spreadsheet_row_numbers():
    data = "\ufeffemail;name;note\nminji@example.com;김민지;\"a; b\"\n;;\nseo@example.com;Seo;\n".encode()
    table = read_table(data, "export.CSV")
    assert table.headers == ["email", "name", "note"]
    assert list(table.rows) == [(2, ["minji@example.com", "김민지", "a; b"]), (4, ["seo@example.com", "Seo", ""])]


def test_csv_in_cp949_is_read_as_korean():
    data = csv_bytes([["이메일", "이름", "성별"], ["minji@example.com", "김민지", "여"]], encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data, "명단.csv")
    assert table.headers == ["이메일", "이름", "성별"]
    assert list(table.rows) == [(2, ["minji@example.com", "김민지", "여"])]


def test_xlsx_first_sheet_is_read_with_numbers_as_typed():
    # Trailing empty cells are not read: a row may be shorter than the header.
    data = xlsx_bytes([["Email", "Year of birth", "Followers"], ["a@example.com", 2004, 1200.0], [None, None, None],
                       ["b@example.com", "2001", None]])
    table = read_table(data, "export.xlsx")
    assert table.headers == ["Email", "Year of birth", "Followers"]
    assert list(table.rows) == [(2, ["a@example.com", "2004", "1200"]), (4, ["b@example.com", "2001"])]


def test_text_in_neither_utf8_nor_cp949_is_refused():
    with pytest.raises(DomainError) as e:
        read_table(b"email\n\xff\xfe\xff\n", "x.csv")
    assert e.value.code == "encoding"


# Mapping -------------------------------------------------------------------------------------

def test_mapping_is_guessed_from_english_headers(lab):
    question = lab.recruitment.questions.get()
    headers = ["E-mail", "Full name", "Year of birth", "Gender", "City", "Interests", "Skills", "Languages",
               "Followers", "Links", "Community role", "Why should we choose you?", "Notes"]
    assert guess_mapping(headers, [question]) == {
        "0": "email", "1": "name", "2": "birth_year", "3": "gender", "4": "region", "5": "interests",
        "6": "expertise", "7": "languages", "8": "follower_count", "9": "social_links", "10": "community_roles",
        "11": f"question:{question.pk}",
    }


def test_mapping_is_guessed_from_korean_headers(lab):
    question = f.QuestionFactory(recruitment=lab.recruitment, text="우리 브랜드를 쓰는 이유", order=1)
    headers = ["번호", "이름", "이메일 주소 (필수)", "나이", "성별", "거주 지역", "관심사", "전문성", "구사 언어",
               "SNS 팔로워 수", "SNS 계정", "커뮤니티 역할", "우리 브랜드를 쓰는 이유"]
    assert guess_mapping(headers, [question]) == {
        "1": "name", "2": "email", "3": "age", "4": "gender", "5": "region", "6": "interests", "7": "expertise",
        "8": "languages", "9": "follower_count", "10": "social_links", "11": "community_roles",
        "12": f"question:{question.pk}",
    }


def test_upload_reads_the_columns_and_guesses_without_importing(lab):
    job = upload(lab, csv_bytes([HEADER, ["minji@example.com", "Minji", "2004", "F", "Busan", "1200", "I make."]]))
    question = lab.recruitment.questions.get()
    assert (job.status, job.original_name, job.source, job.consent_basis) == (
        ImportStatus.UPLOADED, "applicants.csv", SOURCE, CONSENT)
    assert job.columns == HEADER
    assert job.mapping == {"0": "email", "1": "name", "2": "birth_year", "3": "gender", "4": "region",
                           "5": "follower_count", "6": f"question:{question.pk}"}
    assert imports.preview(job) == [["minji@example.com", "Minji", "2004", "F", "Busan", "1200", "I make."]]
    assert not Application.objects.exists() and not User.objects.filter(email="minji@example.com").exists()


@pytest.mark.parametrize(("name", "data", "code"), [
    ("list.xls", b"whatever", "file_type"),
    ("list.pdf", b"%PDF-1.4", "file_type"),
    ("list.csv", b"\x00\x01binary\x00", "not_csv"),
    ("list.xlsx", b"email,name\n", "not_xlsx"),
    ("list.xlsx", b"PK\x03\x04 not really a workbook", "bad_xlsx"),
    ("list.csv", b",,\nminji@example.com,,\n", "no_header"),
    ("list.csv", b"email,name\n", "no_rows"),
])
def test_upload_refuses_what_is_not_a_readable_table(lab, name, data, code):
    with pytest.raises(DomainError) as e:
        upload(lab, data, name=name)
    assert e.value.code == code
    assert not ImportJob.objects.exists()


def test_upload_refuses_a_file_over_10_mb_and_asks_for_source_and_consent(lab):
    with pytest.raises(DomainError) as e:
        upload(lab, b"email\n" + b"a@example.com\n" * (10 * 1024 * 1024 // 14 + 1))
    assert e.value.code == "too_large" and e.value.text == "The file is larger than 10 MB. Split it into smaller files."
    with pytest.raises(DomainError) as e:
        upload(lab, b"email\na@example.com\n", source=" ")
    assert e.value.code == "source_required"
    with pytest.raises(DomainError) as e:
        upload(lab, b"email\na@example.com\n", consent="")
    assert e.value.code == "consent_required"
    assert not ImportJob.objects.exists()


def test_mapping_needs_email_and_required_questions_and_each_target_once(lab):
    job = upload(lab, csv_bytes([["Mail", "Name", "Other name", "Answer"], ["a@example.com", "A", "B", "x"]]))
    question = lab.recruitment.questions.get()
    with pytest.raises(DomainError) as e:
        import_set_mapping(job, actor=lab.users["program_manager"], mapping={"1": "name", "2": "name", "Nope": "age"})
    assert e.value.messages == [
        "The file has no column “Nope”.",
        "“Name” is chosen for more than one column.",
        "Choose the column with the email address: it is how applicants are matched.",
        "“Why should we choose you?” needs an answer: choose the column that holds it.",
    ]
    job = import_set_mapping(job, actor=lab.users["program_manager"],
                             mapping={"Mail": "email", "1": "name", "2": "", "3": f"question:{question.pk}"})
    assert job.mapping == {"0": "email", "1": "name", "3": f"question:{question.pk}"}


def test_mapping_cannot_change_once_started(lab, django_capture_on_commit_callbacks):
    job = run(lab, upload(lab, csv_bytes([HEADER, ["a@example.com", "A", "2004", "F", "Seoul", "1", "Hi"]])),
              django_capture_on_commit_callbacks)
    with pytest.raises(DomainError) as e:
        import_set_mapping(job, actor=lab.users["program_manager"], mapping={"0": "email"})
    assert e.value.code == "started"


# Running -------------------------------------------------------------------------------------

def test_good_rows_become_accounts_and_applications_with_the_intermediarys_consent(
        lab, django_capture_on_commit_callbacks, mailoutbox):
    rows = [HEADER + ["interests", "languages", "SNS", "커뮤니티 역할"],
            ["Minji@Example.com", "김민지", "2004", "여", "부산", "1.2만", "I film my routine.", "향수; 음악",
             "한국어/영어", "https://instagram.com/minji https://blog.example.com/minji", "동아리 회장"],
            ["seo@example.com", "Seo Jun", "", "male", "Seoul", "12,400", "I design.", "", "", "", ""]]
    job = upload(lab, csv_bytes(rows))
    job = run(lab, job, django_capture_on_commit_callbacks)
    assert (job.status, job.total_rows, job.processed_rows, job.created_count, job.duplicate_count, entries(job)) == (
        ImportStatus.DONE, 2, 2, 2, 0, [])
    assert job.finished_at is not None
    minji = User.objects.get(email="minji@example.com")
    assert not minji.has_usable_password()
    assert minji.profile_snapshot() == {
        "name": "김민지", "email": "minji@example.com", "birth_year": 2004, "gender": "female", "region": "부산",
        "interests": "향수, 음악", "expertise": "", "languages": "한국어, 영어", "follower_count": 12000,
        "social_links": "https://instagram.com/minji\nhttps://blog.example.com/minji",
        "community_roles": "동아리 회장",
    }
    application = Application.objects.get(applicant=minji)
    assert application.recruitment == lab.recruitment and application.source == SOURCE
    assert application.profile == minji.profile_snapshot()
    assert application.consent_text == f"Consent obtained by {SOURCE}:\n{CONSENT}"
    assert application.consented_at is not None
    assert list(Answer.objects.filter(application=application).values_list("text", flat=True)) == [
        "I film my routine."]
    seo = Application.objects.get(applicant__email="seo@example.com")
    assert (seo.profile["birth_year"], seo.profile["gender"], seo.profile["follower_count"]) == (None, "male", 12400)
    events = list(AuditEvent.objects.filter(target_type="recruiting.importjob").order_by("id")
                  .values_list("verb", "data"))
    assert events == [
        ("import.started", {"recruitment": lab.recruitment.pk, "file": "applicants.csv", "source": SOURCE}),
        ("import.finished", {"status": "done", "rows": 2, "created": 2, "duplicates": 0, "errors": 0}),
    ]
    assert mailoutbox == []  # the intermediary told them; the platform does not mail 50,000 people


def test_age_gives_the_birth_year(lab, django_capture_on_commit_callbacks):
    question = lab.recruitment.questions.get()
    job = upload(lab, csv_bytes([["이메일", "나이", QUESTION], ["a@example.com", "19세", "Hi"]]))
    assert job.mapping == {"0": "email", "1": "age", "2": f"question:{question.pk}"}
    run(lab, job, django_capture_on_commit_callbacks)
    assert User.objects.get(email="a@example.com").birth_year == THIS_YEAR - 19


def test_each_bad_row_is_reported_with_its_reasons_and_the_good_ones_land(lab, django_capture_on_commit_callbacks):
    rows = [HEADER,
            ["good@example.com", "Good", "2004", "F", "Seoul", "10", "Fine."],            # 2
            ["", "No mail", "2004", "F", "Seoul", "10", "Fine."],                         # 3
            ["not-an-email", "Bad mail", "2004", "F", "Seoul", "10", "Fine."],            # 4
            ["old@example.com", "Old", "1850", "F", "Seoul", "10", "Fine."],              # 5
            ["year@example.com", "Year", "two thousand", "F", "Seoul", "10", "Fine."],    # 6
            ["gender@example.com", "Gender", "2004", "X", "Seoul", "10", "Fine."],        # 7
            ["fans@example.com", "Fans", "2004", "F", "Seoul", "many", "Fine."],          # 8
            ["long@example.com", "Long", "2004", "F", "Seoul", "10", "x" * 141],          # 9
            ["quiet@example.com", "Quiet", "2004", "F", "Seoul", "10", ""],               # 10
            ["GOOD@example.com", "Twice", "2004", "F", "Seoul", "10", "Again."],          # 11
            ["many@", "All wrong", "3000", "alien", "Seoul", "-5", ""],                   # 12
            ["region@example.com", "Region", "2004", "F", "S" * 101, "10", "Fine."]]      # 13
    job = run(lab, upload(lab, csv_bytes(rows)), django_capture_on_commit_callbacks)
    assert (job.status, job.total_rows, job.processed_rows, job.created_count, job.duplicate_count) == (
        ImportStatus.DONE, 12, 12, 1, 0)
    assert codes(job) == [
        (3, ["email_missing"]),
        (4, ["email_invalid"]),
        (5, ["birth_year_range"]),
        (6, ["birth_year_invalid"]),
        (7, ["gender_unknown"]),
        (8, ["followers_invalid"]),
        (9, ["answer_too_long"]),
        (10, ["answer_required"]),
        (11, ["duplicate_in_file"]),
        (12, ["email_invalid", "birth_year_range", "gender_unknown", "followers_invalid", "answer_required"]),
        (13, ["too_long"]),
    ]
    texts = {e["row"]: row_errors_text(e["errors"]) for e in entries(job)}
    assert texts[3] == ["The email address is missing."]
    assert texts[4] == ["“not-an-email” is not a valid email address."]
    assert texts[5] == [f"The birth year 1850 is not between 1900 and {THIS_YEAR}."]
    assert texts[6] == ["The birth year “two thousand” is not a year."]
    assert texts[7] == ["The gender “X” is not one we know (male, female, other, undisclosed; 남, 여)."]
    assert texts[8] == ["The follower count “many” is not a whole number."]
    assert texts[9] == ["“Why should we choose you?” can be at most 140 characters long (now 141)."]
    assert texts[10] == ["“Why should we choose you?” needs an answer."]
    assert texts[11] == ["The same email address is already on row 2 of this file."]
    assert texts[13] == ["Region is longer than 100 characters."]
    assert list(Application.objects.values_list("applicant__email", flat=True)) == ["good@example.com"]
    assert User.objects.filter(email__in=["old@example.com", "quiet@example.com"]).count() == 0
    finished = AuditEvent.objects.get(verb="import.finished")
    assert finished.data == {"status": "done", "rows": 12, "created": 1, "duplicates": 0, "errors": 11}


def test_choice_and_number_questions_check_their_answers(lab, django_capture_on_commit_callbacks):
    lab.recruitment.questions.update(required=False)
    colour = f.QuestionFactory(recruitment=lab.recruitment, text="Favourite scent", kind=QuestionKind.CHOICE,
                               choices=["Citrus", "Wood"], max_length=None, order=1)
    hours = f.QuestionFactory(recruitment=lab.recruitment, text="Hours a week", kind=QuestionKind.NUMBER,
                              min_value=0, max_value=40, max_length=None, order=2)
    rows = [["email", "Favourite scent", "Hours a week"], ["a@example.com", "Citrus", "5"],
            ["b@example.com", "Rose", "5"], ["c@example.com", "Wood", "lots"], ["d@example.com", "Wood", "90"]]
    job = run(lab, upload(lab, csv_bytes(rows)), django_capture_on_commit_callbacks)
    assert job.mapping == {"0": "email", "1": f"question:{colour.pk}", "2": f"question:{hours.pk}"}
    assert [(e["row"], row_errors_text(e["errors"])) for e in entries(job)] == [
        (3, ["“Rose” is not one of the options of “Favourite scent”."]),
        (4, ["“Hours a week” needs a number (got “lots”)."]),
        (5, ["“Hours a week” needs a number between 0 and 40 (got 90)."]),
    ]
    assert job.created_count == 1


def test_an_existing_member_is_matched_never_duplicated_and_their_profile_kept(
        lab, django_capture_on_commit_callbacks):
    member = f.UserFactory(email="minji@example.com", name="Minji Kim", region="Seoul", birth_year=2003)
    applied = f.UserFactory(email="applied@example.com")
    ApplicationFactory(recruitment=lab.recruitment, applicant=applied)
    users_before = User.objects.count()
    rows = [HEADER, ["MINJI@example.com", "민지", "2004", "여", "Busan", "300", "I film."],
            ["applied@example.com", "Again", "2004", "M", "Seoul", "1", "Hello."],
            ["new@example.com", "New", "2005", "M", "Daegu", "2", "New here."]]
    job = run(lab, upload(lab, csv_bytes(rows)), django_capture_on_commit_callbacks)
    assert (job.created_count, job.duplicate_count, entries(job)) == (2, 1, [])
    assert User.objects.count() == users_before + 1
    member.refresh_from_db()
    assert (member.name, member.region, member.birth_year, member.gender, member.follower_count) == (
        "Minji Kim", "Seoul", 2003, "undisclosed", 0)
    assert member.has_usable_password()
    application = Application.objects.get(applicant=member)
    # What the member said about themselves wins; the row fills only the blanks.
    assert {k: application.profile[k] for k in ("name", "region", "birth_year", "gender", "follower_count")} == {
        "name": "Minji Kim", "region": "Seoul", "birth_year": 2003, "gender": "female", "follower_count": 300}
    assert Application.objects.filter(applicant=applied).count() == 1
    assert Application.objects.get(applicant=applied).source == ""


def test_running_twice_or_starting_again_doubles_nothing(lab, django_capture_on_commit_callbacks):
    rows = [HEADER, ["a@example.com", "A", "2004", "F", "Seoul", "1", "Hi"],
            ["b", "B", "2004", "F", "Seoul", "1", "Hi"]]
    job = run(lab, upload(lab, csv_bytes(rows)), django_capture_on_commit_callbacks)
    state = (job.status, job.processed_rows, job.created_count, job.duplicate_count, entries(job))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_start(job, actor=lab.users["program_manager"])
    assert callbacks == []
    import_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count, job.duplicate_count, entries(job)) == state
    assert Application.objects.count() == 1 and Answer.objects.count() == 1
    assert AuditEvent.objects.filter(verb="import.finished").count() == 1
    assert import_run(10**9) is None


def test_a_rerun_after_a_crash_continues_after_the_last_committed_batch(lab, django_capture_on_commit_callbacks):
    question = lab.recruitment.questions.get()
    people = [[f"p{i}@example.com", f"P{i}", "2004", "F", "Seoul", "1", "Hi"] for i in range(1200)]
    people[900][0] = "p3@example.com"  # row 902 repeats row 5, which the crashed run imported
    # The state a worker leaves when it dies after committing its first batch of 500 rows:
    first = run(lab, upload(lab, csv_bytes([HEADER, *people[:500]])), django_capture_on_commit_callbacks)
    assert (first.processed_rows, first.created_count) == (500, 500)
    whole = SimpleUploadedFile("applicants.csv", csv_bytes([HEADER, *people]))
    first.file.save("applicants.csv", whole, save=False)
    first.status, first.total_rows = ImportStatus.RUNNING, 1200
    first.save()
    job = import_run(first.pk)
    assert (job.status, job.total_rows, job.processed_rows, job.created_count, job.duplicate_count) == (
        ImportStatus.DONE, 1200, 1200, 1199, 0)
    assert codes(job) == [(902, ["duplicate_in_file"])]
    assert reason_text(entries(job)[0]["errors"][0]) == "The same email address is already on row 5 of this file."
    assert Application.objects.filter(recruitment=lab.recruitment).count() == 1199
    assert Answer.objects.filter(question=question).count() == 1199


def test_a_2000_row_file_moves_its_progress_in_batches(lab, django_capture_on_commit_callbacks):
    rows = [HEADER, *([f"person{i}@example.com", f"Person {i}", str(1995 + i % 10), "MF"[i % 2], "Seoul",
                       str(i), "I like making things."] for i in range(2000))]
    rows[1500][0] = "broken"
    job = upload(lab, csv_bytes(rows))
    with CaptureQueriesContext(connection) as queries:
        job = run(lab, job, django_capture_on_commit_callbacks)
    progress = [int(n) for q in queries.captured_queries
                for n in re.findall(r'"processed_rows" = (\d+)', q["sql"]) if q["sql"].startswith("UPDATE")]
    assert progress == [500, 1000, 1500, 2000]
    assert (job.status, job.total_rows, job.processed_rows, job.created_count, job.duplicate_count) == (
        ImportStatus.DONE, 2000, 2000, 1999, 0)
    assert codes(job) == [(1501, ["email_invalid"])]
    assert Application.objects.filter(recruitment=lab.recruitment, source=SOURCE).count() == 1999
    # Each batch of 500 rows costs 7 queries (lock, known users, new users, applied, applications,
    # answers, progress) and one more when it refuses rows (their error rows), the job 18 more,
    # whatever the number of rows in a batch.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 4 * 7 + 1 + 18


def test_an_xlsx_file_imports_like_a_csv(lab, django_capture_on_commit_callbacks):
    data = xlsx_bytes([["이메일", "이름", "출생연도", "성별", "팔로워", QUESTION],
                       ["xl@example.com", "엑셀", 2003, "남", 1500, "표로 보냈어요."]])
    job = run(lab, upload(lab, data, name="명단.xlsx"), django_capture_on_commit_callbacks)
    assert (job.status, job.created_count, entries(job)) == (ImportStatus.DONE, 1, [])
    user = User.objects.get(email="xl@example.com")
    assert (user.name, user.birth_year, user.gender, user.follower_count) == ("엑셀", 2003, "male", 1500)


def test_a_file_that_became_unreadable_fails_the_job_with_its_reason(lab, django_capture_on_commit_callbacks):
    job = upload(lab, csv_bytes([HEADER, ["a@example.com", "A", "2004", "F", "Seoul", "1", "Hi"]]))
    job.file.save("applicants.csv", SimpleUploadedFile("applicants.csv", b"\x00\x00"), save=True)
    job = run(lab, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], row_errors_text(e["errors"])) for e in entries(job)] == [
        (None, ["This does not look like a CSV file. Upload a CSV or Excel (.xlsx) file."])]
    assert not Application.objects.exists()


def test_a_job_whose_file_is_gone_fails_and_starts_again_once_it_is_back(lab, django_capture_on_commit_callbacks):
    data = csv_bytes([HEADER, ["a@example.com", "A", "2004", "F", "Seoul", "1", "Hi"],
                      ["b@", "B", "2004", "F", "Seoul", "1", "Hi"]])
    job = upload(lab, data)
    name = job.file.name
    job.file.storage.delete(name)
    job = run(lab, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], row_errors_text(e["errors"])) for e in entries(job)] == [
        (None, ["The uploaded file is no longer stored. Upload it again."])]
    job.file.storage.save(name, SimpleUploadedFile(name, data))
    job = run(lab, job, django_capture_on_commit_callbacks)
    assert (job.status, job.processed_rows, job.created_count, codes(job)) == (
        ImportStatus.DONE, 2, 1, [(3, ["email_invalid"])])
    assert list(AuditEvent.objects.filter(verb="import.finished").order_by("id").values_list("data__status",
                                                                                              flat=True)) == [
        "failed", "done"]


def test_a_csv_line_that_cannot_be_read_is_refused_on_upload_with_its_reason(lab):
    # The upload reads every row (streaming) to count them, so a bad line far down is told at once.
    data = csv_bytes([HEADER, ["a@example.com", "A", "2004", "F", "Seoul", "1", "Hi"],
                      ["b@example.com", "B", "2004", "F", "Seoul", "1", "x" * 200_000]])
    with pytest.raises(DomainError) as refused:
        upload(lab, data)
    assert (refused.value.code, refused.value.text) == ("bad_csv", (
        "A line of the CSV file could not be read (a quote left open or a cell that is too long). Save it again as "
        "CSV and upload it."))
    assert ImportJob.objects.count() == 0
