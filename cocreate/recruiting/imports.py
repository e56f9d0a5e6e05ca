"""Applicants brought in from an intermediary's export (CSV or XLSX).

Three parts. Reading (no ORM): a file becomes a header list and rows of text, whatever its
encoding (UTF-8 with or without BOM, or CP949/EUC-KR as Korean spreadsheets save it),
delimiter or format; headers in Korean or English are guessed onto profile fields and the
recruitment's questions. Checking (no ORM): each row is cleaned into a profile and answers, or
refused with every reason, as codes with parameters rendered in the reader's language when
shown. Writing (services and the task body): an upload becomes an ``ImportJob``; the task
imports the rows in batches, each batch committed with the job's cursor, so the progress bar
moves and a re-run continues where the last one stopped instead of doubling anything.

People are matched by email: an address that already has an account is that person (their
profile is never overwritten); a new address gets an account without a usable password, which
its owner claims through password reset."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled

from cocreate.accounts.enums import Gender
from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .enums import ImportStatus, QuestionKind
from .models import Answer, Application, ImportJob, ImportRowError, Question, Recruitment

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
PREVIEW_ROWS = 5
API_ROW_ERRORS = 100  # refused rows listed in an import's API answer (all are in the CSV download)
BATCH_SIZE = 500
# Updating the job is the cost of a batch; a very large file moves its bar in about this many
# steps instead of one per 500 rows.
MAX_BATCHES = 50
ENCODINGS = ("utf-8-sig", "cp949")
DELIMITERS = ",;\t|"
# Defaults of the settings that bound what one file may cost (see the functions below).
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ERRORS = 1_000


def max_rows() -> int:
    """IMPORT_MAX_ROWS: the most data rows one file may have; a larger file is refused on upload."""
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_uncompressed_bytes() -> int:
    """IMPORT_MAX_UNCOMPRESSED_BYTES: what an XLSX (a zip) may hold once unpacked. A 281 KB
    file of one repeated row unpacks to 64 MB of XML; the zip's own table of contents says so
    before anything is parsed."""
    return int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


def max_errors() -> int:
    """IMPORT_MAX_ERRORS: an import stops after this many refused rows, with a summary: a file
    that wrong is better fixed and sent again than imported by halves."""
    return int(getattr(settings, "IMPORT_MAX_ERRORS", DEFAULT_MAX_ERRORS))


# Reading ------------------------------------------------------------------------------------

# Why a file cannot be read, by code: said on upload, and kept on a job whose file fails later.
FILE_PROBLEMS = {
    "file_type": _("Upload a CSV or Excel (.xlsx) file; an older .xls file must be saved as .xlsx first."),
    "not_csv": _("This does not look like a CSV file. Upload a CSV or Excel (.xlsx) file."),
    "bad_csv": _("A line of the CSV file could not be read (a quote left open or a cell that is too long). "
                 "Save it again as CSV and upload it."),
    "encoding": _("The file's text encoding was not recognised. Save it as CSV UTF-8 and upload it again."),
    "not_xlsx": _("This does not look like an Excel (.xlsx) file. Upload a CSV or Excel (.xlsx) file."),
    "bad_xlsx": _("The Excel file could not be read. Open it, save it again as .xlsx and upload it."),
    "unsafe_xlsx": _("The Excel file contains XML declarations (a DTD or entities) that spreadsheets do not "
                     "write, so it is not read. Open it in a spreadsheet, save it again as .xlsx and upload it."),
    "too_large_unpacked": _("The Excel file unpacks to more than %(limit)s MB. Split it into smaller files."),
    "too_many_rows": _("The file has more than %(limit)s rows. Split it into smaller files."),
    "too_many_errors": _("The import stopped after %(limit)s rows with errors. Fix the rows below (download "
                         "them as CSV) and import the fixed file; the rows before them were imported."),
    "missing": _("The uploaded file is no longer stored. Upload it again."),
    "unexpected": _("Something went wrong while importing. Start the import again: it continues where it stopped."),
}


def problem_text(code: str) -> str:
    """A stored problem code as a sentence in the active language, with the limit it names."""
    limits = {"too_large_unpacked": max_uncompressed_bytes() // (1024 * 1024), "too_many_rows": max_rows(),
              "too_many_errors": max_errors()}
    message = FILE_PROBLEMS.get(code, FILE_PROBLEMS["unexpected"])
    if code in limits:
        return str(message) % {"limit": f"{limits[code]:,}"}
    return str(message)


def _problem(code: str) -> DomainError:
    return DomainError(problem_text(code), code=code)


@dataclass
class Table:
    """A file's header row and its data rows as text, each with the row number a spreadsheet
    shows (the header is row 1). Blank rows are skipped but keep their numbers counted. The
    rows are read as they are asked for, never all at once."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    # Data rows the file says it has without reading them (an XLSX sheet's recorded size), if any.
    declared_rows: int | None = None


def _text(value) -> str:
    """A cell as the person typed it: 1990.0 from a spreadsheet is 1990, a date is its ISO day."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _numbered(records: Iterable[Iterable]) -> Iterator[tuple[int, list[str]]]:
    """Number the data rows and refuse a file with more of them than IMPORT_MAX_ROWS, blank
    ones included (a sheet can claim a million empty rows)."""
    limit = max_rows() + 1
    for number, record in enumerate(records, start=2):
        if number > limit:
            raise _problem("too_many_rows")
        values = [_text(v) for v in record]
        if any(values):
            yield number, values


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then CP949, the superset of EUC-KR that Excel uses
    for Korean; a file that is neither is refused rather than imported as mojibake. Checked
    by decoding in chunks, so the whole text is never held twice."""
    import codecs

    if b"\x00" in data[:8192]:
        raise _problem("not_csv")
    view = memoryview(data)
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(view), 1 << 20):
                decoder.decode(view[start:start + (1 << 20)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _problem("encoding")


def decode(data: bytes) -> str:
    return data.decode(_encoding(data))


def _csv_table(data: bytes) -> Table:
    encoding = _encoding(data)
    sample = data[:16384].decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), delimiter=delimiter)
    try:
        headers = next(reader, [])
    except csv.Error as exc:
        raise _problem("bad_csv") from exc

    def rows():
        try:
            yield from _numbered(reader)
        except csv.Error as exc:
            raise _problem("bad_csv") from exc

    return Table([_text(h) for h in headers], rows())


class _Unsafe(Exception):
    pass


class _PrologDone(Exception):
    pass


def _check_xml_prolog(stream) -> None:
    """Refuse a DTD, an entity or an external reference before the first element of one XML
    part. Spreadsheet programs never write them; a crafted file uses them to expand a few
    bytes into gigabytes (billion laughs) or to read the server's files (XXE). The parse stops
    at the root element, so a big sheet costs only its first bytes here; openpyxl then parses
    with defusedxml, which refuses entities anywhere."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def refuse(*args):
        raise _Unsafe

    def root(*args):
        raise _PrologDone

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = root
    try:
        while chunk := stream.read(16384):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _PrologDone:
        return
    except expat.ExpatError as exc:
        raise _problem("bad_xlsx") from exc


def _check_zip(data: bytes) -> None:
    """An XLSX is a zip: its table of contents states every part's unpacked size, and Python
    stops a part that unpacks past its stated size (a CRC error). So the sum is the most the
    parse can read, checked before any of it is."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > max_uncompressed_bytes():
                raise _problem("too_large_unpacked")
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as stream:
                        _check_xml_prolog(stream)
    except _Unsafe as exc:
        raise _problem("unsafe_xlsx") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise _problem("bad_xlsx") from exc


def _xlsx_table(data: bytes) -> Table:
    import zipfile
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise _problem("not_xlsx")
    _check_zip(data)
    unreadable = (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError, TypeError, IndexError, EOFError)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except unreadable as exc:  # defusedxml's refusals are ValueErrors
        raise _problem("bad_xlsx") from exc
    try:
        sheet = workbook.worksheets[0]
        declared = (sheet.max_row or 1) - 1
        # Read-only mode trusts the size the writing program recorded, which some exporters
        # leave at A1; forgetting it reads every row that is there.
        sheet.reset_dimensions()
        records = sheet.iter_rows(values_only=True)
        headers = next(records, ())
    except unreadable as exc:
        workbook.close()
        raise _problem("bad_xlsx") from exc

    def rows():
        try:
            yield from _numbered(records)
        except unreadable as exc:
            raise _problem("bad_xlsx") from exc
        finally:
            workbook.close()

    return Table([_text(h) for h in headers], rows(), declared_rows=declared)


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def read_table(data: bytes, name: str) -> Table:
    """Open a CSV or XLSX file's bytes, chosen by the file name's extension."""
    extension = extension_of(name)
    if extension == ".xlsx":
        return _xlsx_table(data)
    if extension == ".csv":
        return _csv_table(data)
    raise DomainError(FILE_PROBLEMS["file_type"], code="file_type")


# Mapping ------------------------------------------------------------------------------------

# The profile fields a column can fill, in the order the mapping page lists them.
PROFILE_TARGETS = ("email", "name", "birth_year", "age", "gender", "region", "interests", "expertise",
                   "languages", "follower_count", "social_links", "community_roles")
QUESTION_PREFIX = "question:"

# Header words per target, compared without case, spaces or punctuation. Longer words win a
# header that holds several ("SNS 팔로워 수" is followers, not links).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": ("이메일", "이메일주소", "메일", "전자우편", "email", "emailaddress", "mail"),
    "name": ("이름", "성명", "성함", "name", "fullname"),
    "birth_year": ("출생연도", "출생년도", "생년", "태어난해", "birthyear", "yearofbirth"),
    "age": ("나이", "연령", "만나이", "age"),
    "gender": ("성별", "gender", "sex"),
    "region": ("지역", "거주지", "거주지역", "사는곳", "region", "location", "city"),
    "interests": ("관심사", "관심분야", "interests", "interest"),
    "expertise": ("전문성", "전문분야", "특기", "expertise", "skills"),
    "languages": ("언어", "사용언어", "구사언어", "languages", "language"),
    "follower_count": ("팔로워", "팔로워수", "followers", "followercount"),
    "social_links": ("sns", "sns계정", "링크", "포트폴리오", "links", "sociallinks", "portfolio"),
    "community_roles": ("커뮤니티역할", "커뮤니티내역할", "communityroles", "communityrole"),
}


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", (text or "").lower())


def question_target(question_id: int) -> str:
    return f"{QUESTION_PREFIX}{question_id}"


def guess_mapping(headers: list[str], questions: Iterable[Question]) -> dict[str, str]:
    """Column index (as text) → target, for the columns whose header names a profile field or
    a question; each target once, the leftmost column first. Exact names win over headers that
    merely contain one ("이메일 주소 (필수)")."""
    keys = [_key(h) for h in headers]
    by_key = {_key(word): target for target, words in SYNONYMS.items() for word in words}
    by_key |= {_key(q.text): question_target(q.pk) for q in questions if _key(q.text)}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, key in enumerate(keys):
        target = by_key.get(key)
        if key and target and target not in used:
            mapping[str(index)] = target
            used.add(target)
    for index, key in enumerate(keys):
        if not key or str(index) in mapping:
            continue
        matches = [(len(word), target) for word, target in by_key.items()
                   if target not in used and (word in key or (len(key) >= 6 and key in word))]
        if matches:
            target = max(matches)[1]
            mapping[str(index)] = target
            used.add(target)
    return dict(sorted(mapping.items(), key=lambda item: int(item[0])))


def target_labels(questions: Iterable[Question]) -> list[tuple[str, str]]:
    """The targets a column can be mapped to, with their labels in the reader's language."""
    user_model = get_user_model()
    labels = []
    for target in PROFILE_TARGETS:
        if target == "age":
            labels.append((target, _("Age (gives the birth year)")))
        elif target == "email":
            labels.append((target, _("Email address")))
        else:
            labels.append((target, capfirst(user_model._meta.get_field(target).verbose_name)))
    labels += [(question_target(q.pk), _("Question: %(question)s") % {"question": q.text}) for q in questions]
    return labels


def column_label(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else _("Column %(n)s") % {"n": index + 1}


# Checking rows ------------------------------------------------------------------------------

# What a row can be refused for, rendered when shown so each reader reads their own language.
REASONS = {
    "email_missing": _("The email address is missing."),
    "email_invalid": _("“%(value)s” is not a valid email address."),
    "birth_year_invalid": _("The birth year “%(value)s” is not a year."),
    "birth_year_range": _("The birth year %(value)s is not between %(min)s and %(max)s."),
    "age_invalid": _("The age “%(value)s” is not a number of years between 0 and 120."),
    "gender_unknown": _("The gender “%(value)s” is not one we know (male, female, other, undisclosed; 남, 여)."),
    "followers_invalid": _("The follower count “%(value)s” is not a whole number."),
    "too_long": _("%(field)s is longer than %(limit)s characters."),
    "answer_required": _("“%(question)s” needs an answer."),
    "answer_too_long": _("“%(question)s” can be at most %(limit)s characters long (now %(length)s)."),
    "answer_not_a_choice": _("“%(value)s” is not one of the options of “%(question)s”."),
    "answer_not_a_number": _("“%(question)s” needs a number (got “%(value)s”)."),
    "answer_out_of_range": _("“%(question)s” needs a number between %(min)s and %(max)s (got %(value)s)."),
    "duplicate_in_file": _("The same email address is already on row %(row)s of this file."),
}


def reason_text(reason: dict) -> str:
    """One stored reason ({"code", "params"}) as a sentence in the active language."""
    params = dict(reason.get("params", {}))
    if reason.get("code") == "file":
        return problem_text(params.get("problem", "unexpected"))
    message = REASONS.get(reason.get("code"))
    if message is None:
        return str(reason.get("code"))
    if reason["code"] == "too_long":
        params["field"] = capfirst(get_user_model()._meta.get_field(params["field"]).verbose_name)
    return str(message) % params


def row_errors_text(reasons: list[dict]) -> list[str]:
    return [reason_text(r) for r in reasons]


def _reason(code: str, **params) -> dict:
    return {"code": code, "params": params}


GENDERS = {
    Gender.MALE: ("m", "male", "man", "남", "남자", "남성"),
    Gender.FEMALE: ("f", "female", "woman", "여", "여자", "여성"),
    Gender.OTHER: ("other", "기타", "논바이너리", "nonbinary", "non-binary"),
    Gender.UNDISCLOSED: ("undisclosed", "prefernottosay", "비공개", "무응답", "응답안함", "선택안함", "밝히지않음"),
}
GENDER_WORDS = {_key(word): gender.value for gender, words in GENDERS.items() for word in words}

# Lengths of the account's text fields, so an over-long cell is a reason, not a crash.
TEXT_LIMITS = {"name": 100, "region": 100, "interests": 500, "languages": 200, "community_roles": 300}
LIST_SEPARATORS = re.compile(r"\s*[,;/|·、]\s*")


def _followers(text: str) -> int | None:
    """"12,400", "1.2k" and "1.2만" are all follower counts; anything else is not."""
    compact = text.replace(",", "").replace(" ", "").lower()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(k|천|만|m)?", compact)
    if not match:
        return None
    multiplier = {"k": 1_000, "천": 1_000, "만": 10_000, "m": 1_000_000}.get(match.group(2) or "", 1)
    value = float(match.group(1)) * multiplier
    return int(round(value)) if match.group(2) or value.is_integer() else None


@dataclass
class Plan:
    """How one job's columns become a profile and answers."""

    columns: dict[int, str]  # column index → target
    questions: dict[int, Question]
    this_year: int = field(default_factory=lambda: timezone.localdate().year)

    @classmethod
    def of(cls, job: ImportJob, questions: Iterable[Question]) -> Plan:
        return cls({int(k): v for k, v in job.mapping.items() if v}, {q.pk: q for q in questions})

    def email_column(self) -> int | None:
        return next((i for i, t in self.columns.items() if t == "email"), None)

    def email_of(self, values: list[str]) -> str:
        index = self.email_column()
        return values[index].strip().lower() if index is not None and index < len(values) else ""

    def clean(self, values: list[str]) -> tuple[dict, dict[int, str], list[dict]]:
        """A row's profile fields, its answers by question id and the reasons it is refused."""
        cells = {t: (values[i] if i < len(values) else "").strip() for i, t in self.columns.items()}
        errors: list[dict] = []
        profile: dict = {}
        email = cells.get("email", "").lower()
        if not email:
            errors.append(_reason("email_missing"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_reason("email_invalid", value=cells["email"]))
            else:
                profile["email"] = email
        self._birth_year(cells, profile, errors)
        if cells.get("gender"):
            gender = GENDER_WORDS.get(_key(cells["gender"]))
            if gender is None:
                errors.append(_reason("gender_unknown", value=cells["gender"]))
            else:
                profile["gender"] = gender
        if cells.get("follower_count"):
            followers = _followers(cells["follower_count"])
            if followers is None:
                errors.append(_reason("followers_invalid", value=cells["follower_count"]))
            else:
                profile["follower_count"] = followers
        for name in ("interests", "languages"):
            if cells.get(name):
                profile[name] = ", ".join(p for p in LIST_SEPARATORS.split(cells[name]) if p)
        for name in ("name", "region", "expertise", "community_roles"):
            if cells.get(name):
                profile[name] = cells[name]
        if cells.get("social_links"):
            profile["social_links"] = "\n".join(re.split(r"[\s,;]+", cells["social_links"])).strip()
        for name, limit in TEXT_LIMITS.items():
            if len(profile.get(name, "")) > limit:
                errors.append(_reason("too_long", field=name, limit=limit))
        answers = {}
        for question in self.questions.values():
            target = question_target(question.pk)
            text = cells.get(target, "")
            answers[question.pk] = text
            errors += self._check_answer(question, text)
        return profile, answers, errors

    def _birth_year(self, cells: dict, profile: dict, errors: list) -> None:
        low, high = 1900, self.this_year
        if cells.get("birth_year"):
            raw = cells["birth_year"]
            match = re.fullmatch(r"(\d{4})(?:\s*년(?:생)?)?|(\d{4})[-./]\d{1,2}[-./]\d{1,2}", raw)
            if not match:
                errors.append(_reason("birth_year_invalid", value=raw))
                return
            year = int(match.group(1) or match.group(2))
            if not low <= year <= high:
                errors.append(_reason("birth_year_range", value=year, min=low, max=high))
                return
            profile["birth_year"] = year
        elif cells.get("age"):
            raw = cells["age"]
            match = re.fullmatch(r"(\d{1,3})(?:\s*(?:세|살))?", raw)
            if not match or int(match.group(1)) > 120:
                errors.append(_reason("age_invalid", value=raw))
                return
            profile["birth_year"] = self.this_year - int(match.group(1))

    @staticmethod
    def _check_answer(question: Question, text: str) -> list[dict]:
        if not text:
            return [_reason("answer_required", question=question.text)] if question.required else []
        if question.max_length and len(text) > question.max_length:
            return [_reason("answer_too_long", question=question.text, limit=question.max_length, length=len(text))]
        if question.kind == QuestionKind.CHOICE and question.choices:
            picked = LIST_SEPARATORS.split(text) if question.allow_multiple else [text]
            options = {str(c).strip() for c in question.choices}
            for value in picked:
                if value not in options:
                    return [_reason("answer_not_a_choice", value=value, question=question.text)]
        if question.kind == QuestionKind.NUMBER:
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                return [_reason("answer_not_a_number", question=question.text, value=text)]
            low, high = question.min_value, question.max_value
            if (low is not None and number < low) or (high is not None and number > high):
                return [_reason("answer_out_of_range", question=question.text, value=text,
                                min="" if low is None else f"{low:g}", max="" if high is None else f"{high:g}")]
        return []


# Reads --------------------------------------------------------------------------------------

def imports_of(recruitment: Recruitment):
    """The recruitment's imports, newest first, with who uploaded each."""
    return ImportJob.objects.filter(recruitment=recruitment).select_related("created_by").order_by("-created_at", "-id")


def import_for_user(user, recruitment: Recruitment, pk: int) -> ImportJob:
    """One import of the recruitment for who may import applicants to it; 404 otherwise."""
    job = (ImportJob.objects.filter(recruitment=recruitment, pk=pk)
           .select_related("recruitment__program__organization", "created_by").first())
    if job is None or not user.has_perm("recruiting.import_applications", recruitment):
        raise Http404
    return job


def file_bytes(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def job_table(job: ImportJob) -> Table:
    return read_table(file_bytes(job), job.original_name)


def preview(job: ImportJob, rows: int = PREVIEW_ROWS) -> list[list[str]]:
    """The first data rows, padded to the header's width, for the mapping page."""
    table = job_table(job)
    width = len(job.columns)
    out = []
    for _number, values in table.rows:
        out.append((values + [""] * width)[:width])
        if len(out) == rows:
            break
    table.rows.close()
    return out


def row_errors(job: ImportJob):
    """The job's refused rows in file order, for paging."""
    return ImportRowError.objects.filter(job=job).order_by("row")


def bad_rows(job: ImportJob) -> Iterator[list[str]]:
    """The header and each refused row as the file had it, after the row's number and its
    reasons (active language), so the intermediary can fix and send them again. The file and
    the refused rows are both read in row order and merged, so neither is held whole."""
    refused = row_errors(job).values_list("row", "reasons").iterator(chunk_size=500)
    table = job_table(job)
    yield [str(_("Row")), str(_("Reasons")), *table.headers]
    pending = next(refused, None)
    for number, values in table.rows:
        while pending is not None and pending[0] < number:
            pending = next(refused, None)
        if pending is None:
            table.rows.close()
            return
        if pending[0] == number:
            yield [str(number), " ".join(row_errors_text(pending[1])), *values]


# Writes -------------------------------------------------------------------------------------

def import_upload(recruitment: Recruitment, *, actor, file, source: str, consent_basis: str) -> ImportJob:
    """Keep an intermediary's export for import: a CSV or XLSX file of at most 10 MB whose
    first row names its columns. The columns are read and mapped by their names; nothing is
    imported until the mapping is confirmed and the import started."""
    source, consent_basis = (source or "").strip(), (consent_basis or "").strip()
    if not source:
        raise DomainError(_("Name the community or intermediary the applicants come from."), code="source_required")
    if len(source) > 100:
        raise DomainError(_("The source community can be at most 100 characters long."), code="source_too_long")
    if not consent_basis:
        raise DomainError(_("Say how the intermediary obtained the applicants' consent to share their data."),
                          code="consent_required")
    name = os.path.basename(getattr(file, "name", "") or "")
    if extension_of(name) not in EXTENSIONS:
        raise DomainError(FILE_PROBLEMS["file_type"], code="file_type")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise DomainError(_("The file is larger than 10 MB. Split it into smaller files."), code="too_large")
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is larger than 10 MB. Split it into smaller files."), code="too_large")
    table = read_table(data, name)
    headers = table.headers
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise DomainError(_("The first row of the file must name its columns."), code="no_header")
    if (table.declared_rows or 0) > max_rows():
        raise _problem("too_many_rows")
    if extension_of(name) == ".csv":
        # Counted now (at most 10 MB of text, a second at worst), so a file over the row cap is
        # refused before anything is stored. An XLSX of 100,000 rows takes seconds to parse: its
        # rows are counted by the task, which refuses it before importing anything.
        total = sum(1 for _row in table.rows)
    else:
        total = 0 if next(table.rows, None) is None else None
        table.rows.close()
    if total == 0:
        raise DomainError(_("The file has no rows below its header."), code="no_rows")
    del data
    questions = list(recruitment.questions.all())
    file.seek(0)
    with transaction.atomic():
        job = ImportJob(recruitment=recruitment, original_name=name[:255], source=source,
                        consent_basis=consent_basis, columns=headers, mapping=guess_mapping(headers, questions),
                        total_rows=total or 0, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        job.file.save(name, file, save=False)
        job.save()
    return job


def _mapping_errors(job: ImportJob, mapping: dict[str, str], questions: list[Question]) -> list[DomainError]:
    targets = {t for t, _label in target_labels(questions)}
    labels = dict(target_labels(questions))
    errors, seen = [], {}
    for index, target in mapping.items():
        if target not in targets:
            errors.append(DomainError(_("“%(target)s” is not something a column can be imported into."),
                                      params={"target": target}, code="unknown_target"))
        elif target in seen:
            errors.append(DomainError(_("“%(target)s” is chosen for more than one column."),
                                      params={"target": labels[target]}, code="target_twice"))
        seen[target] = index
    if "email" not in seen:
        errors.append(DomainError(_("Choose the column with the email address: it is how applicants are matched."),
                                  code="email_unmapped"))
    for q in questions:
        if q.required and question_target(q.pk) not in seen:
            errors.append(DomainError(_("“%(question)s” needs an answer: choose the column that holds it."),
                                      params={"question": q.text}, code="question_unmapped"))
    return errors


def import_set_mapping(job: ImportJob, *, actor, mapping: dict[str, str]) -> ImportJob:
    """Say which column fills which field or question. Keys are column numbers from 0 (as
    text) or the exact header; an empty target ignores the column. Email is required, as is
    every required question; a field takes one column at most."""
    if job.status != ImportStatus.UPLOADED:
        raise DomainError(_("This import has started; its columns can no longer be changed."), code="started")
    headers = list(job.columns)
    clean: dict[str, str] = {}
    errors = []
    for key, target in (mapping or {}).items():
        key = str(key)
        if key.isdigit() and int(key) < len(headers):
            index = int(key)
        elif key in headers:
            index = headers.index(key)
        else:
            errors.append(DomainError(_("The file has no column “%(column)s”."), params={"column": key},
                                      code="unknown_column"))
            continue
        if target:
            clean[str(index)] = str(target)
    questions = list(job.recruitment.questions.all())
    errors += _mapping_errors(job, clean, questions)
    if errors:
        raise DomainError([e for err in errors for e in err.error_list])
    job.mapping = dict(sorted(clean.items(), key=lambda item: int(item[0])))
    job.save(update_fields=["mapping"])
    return job


def import_stalled(job: ImportJob) -> bool:
    """A queued or running import whose task will not finish it by itself: its worker died
    (the lease ran out), the task was interrupted or is gone. A live worker recovers such a
    task on its own within a lease; "start" does it at once."""
    from cocreate.core.leases import task_state

    return job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING) and task_state(job.task_id) in (
        "lost", "missing", "finished")


def _enqueue(job_id: int) -> None:
    from .tasks import run_import

    result = run_import.enqueue(job_id)
    with scopes_disabled():
        ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def import_start(job: ImportJob, *, actor) -> ImportJob:
    """Queue the import; the rows are read by a background task after this commits. Starting
    an import queued or running on a live worker, or done, changes nothing; a failed one, or
    one whose task was lost with its worker, starts again from the row it stopped at."""
    from cocreate.core.leases import task_requeue

    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().filter(pk=job.pk).values("status", "task_id").get()
        job.status, job.task_id = locked["status"], locked["task_id"]
        stalled = import_stalled(job)
        if job.status not in (ImportStatus.UPLOADED, ImportStatus.FAILED) and not stalled:
            return job
        errors = _mapping_errors(job, job.mapping, list(job.recruitment.questions.all()))
        if errors:
            raise DomainError([e for err in errors for e in err.error_list])
        data = {"recruitment": job.recruitment_id, "file": job.original_name, "source": job.source}
        if stalled:
            data["restarted"] = True
            if task_requeue(job.task_id):
                # The lost task itself is queued again; it continues the job.
                audit_record(actor=actor, verb="import.started", target=job, organization=job.organization,
                             data=data)
                return job
        # A restarted job forgets why it stopped; the rows it refused so far stay refused.
        job.status, job.problem = ImportStatus.QUEUED, ""
        job.save(update_fields=["status", "problem"])
        audit_record(actor=actor, verb="import.started", target=job, organization=job.organization, data=data)
        transaction.on_commit(lambda pk=job.pk: _enqueue(pk))
    return job


def _consent_text(job: ImportJob) -> str:
    language = getattr(job.created_by, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        intro = _("Consent obtained by %(source)s:") % {"source": job.source}
    return f"{intro}\n{job.consent_basis}"


def _fill(profile: dict, row: dict) -> dict:
    """An existing member's profile with the blanks filled from the row: what the person said
    themselves wins over what the intermediary knew."""
    blank = {None, "", 0, Gender.UNDISCLOSED}
    return {k: (row[k] if v in blank and k in row else v) for k, v in profile.items()}


def _unusable_password() -> str:
    """What ``set_unusable_password`` stores ("!" and 40 random characters), made with one call
    to the system's random source instead of forty: a 50,000-row file makes 50,000 of them."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)


@dataclass
class BatchResult:
    created: int = 0
    duplicates: int = 0
    errors: list[ImportRowError] = field(default_factory=list)
    consumed: int = 0  # rows of the batch handled: all of them, unless the error budget ran out


def _import_batch(job: ImportJob, plan: Plan, batch: list[tuple[int, list[str]]], seen: dict[str, int],
                  consent_text: str, now, *, error_budget: int) -> BatchResult:
    """Check and import one batch of rows, inside the caller's transaction: a few queries per
    batch, whatever its size. Rows after the one that spends the last of ``error_budget`` are
    left unread (``consumed`` says how far it got)."""
    result = BatchResult()
    good: list[tuple[dict, dict]] = []
    for number, values in batch:
        result.consumed += 1
        profile, answers, errors = plan.clean(values)
        email = profile.get("email")
        if email:
            if email in seen:
                errors.append(_reason("duplicate_in_file", row=seen[email]))
            else:
                seen[email] = number
        if errors:
            result.errors.append(ImportRowError(job=job, row=number, reasons=errors))
            if len(result.errors) >= error_budget:
                break
        else:
            good.append((profile, answers))
    if result.errors:
        ImportRowError.objects.bulk_create(result.errors)
    if not good:
        return result
    user_model = get_user_model()
    emails = [p["email"] for p, _a in good]

    def existing(addresses):
        return {u.email.lower(): u for u in user_model.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=addresses)}

    users = existing(emails)
    fresh = [user_model(password=_unusable_password(), **p) for p, _a in good if p["email"] not in users]
    if fresh:
        try:
            with transaction.atomic():
                users |= {u.email: u for u in user_model.objects.bulk_create(fresh)}
        except IntegrityError:
            # Someone signed up with one of these addresses meanwhile: theirs is the account.
            user_model.objects.bulk_create(fresh, ignore_conflicts=True)
            users |= existing([u.email for u in fresh])
    new_emails = {u.email for u in fresh}
    applied = set(Application.objects.filter(recruitment=job.recruitment, applicant__in=users.values())
                  .values_list("applicant_id", flat=True))
    pending = []
    for profile, answers in good:
        user = users[profile["email"]]
        if user.pk in applied:
            result.duplicates += 1
            continue
        applied.add(user.pk)
        snapshot = user.profile_snapshot()
        if profile["email"] not in new_emails:
            snapshot = _fill(snapshot, profile)
        application = Application(recruitment=job.recruitment, applicant=user, profile=snapshot,
                                  consent_text=consent_text, consented_at=now, source=job.source)
        pending.append((application, answers))
    created = _create_applications([a for a, _answers in pending])
    result.duplicates += len(pending) - len(created)
    answers_by_application = {id(a): answers for a, answers in pending}
    Answer.objects.bulk_create(
        Answer(application=a, question_id=qid, text=text)
        for a in created for qid, text in answers_by_application[id(a)].items())
    result.created += len(created)
    return result


def _create_applications(applications: list[Application]) -> list[Application]:
    """All at once; should someone apply by themselves while the batch runs, one by one so
    their own application stands and only this row counts as a duplicate."""
    try:
        with transaction.atomic():
            return Application.objects.bulk_create(applications)
    except IntegrityError:
        created = []
        for application in applications:
            application.pk = None
            try:
                with transaction.atomic():
                    application.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(application)
        return created


def import_run(job_id: int) -> ImportJob | None:
    """The task body: import a queued job's rows in batches. Each batch commits together with
    the job's cursor (``processed_rows``) and counts, so the progress bar moves, and a second
    run (a retried or crashed worker) continues after the last committed batch; a job already
    done, or being run by another worker, is left alone."""
    with scopes_disabled():
        job = (ImportJob.objects.select_related("recruitment__program__organization", "created_by")
               .filter(pk=job_id).first())
    if job is None:
        return None
    with scope(organization=job.organization):
        return _run(job)


def _run(job: ImportJob) -> ImportJob:
    with transaction.atomic():
        status = ImportJob.objects.select_for_update().filter(pk=job.pk).values_list("status", flat=True).get()
        if status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            job.refresh_from_db()
            return job
        job.refresh_from_db()
        job.status = ImportStatus.RUNNING
        job.save(update_fields=["status"])
    try:
        return _import_rows(job)
    except Exception as exc:
        # A job left "running" would keep its progress bar polling for ever; a failed one says
        # why and starts again from its last committed batch. The worker still logs the error.
        problem = exc.code if isinstance(exc, DomainError) else "missing" if isinstance(exc, OSError) else "unexpected"
        _finish(job, status=ImportStatus.FAILED, problem=problem if problem in FILE_PROBLEMS else "unexpected")
        if problem == "unexpected":
            raise
        return job


def _import_rows(job: ImportJob) -> ImportJob:
    """Stream the file's rows in batches. The rows already imported (``processed_rows``) are
    read again only for their addresses, so a repeated address later in the file is still
    told; nothing but one batch and the addresses seen is ever held."""
    from itertools import islice

    rows = job_table(job).rows
    try:
        if not job.total_rows:  # an XLSX (or a job uploaded before uploads counted rows): count
            # them first, so a file over the row cap is refused before a row is imported.
            job.total_rows = sum(1 for _row in job_table(job).rows)
            job.save(update_fields=["total_rows"])
        plan = Plan.of(job, job.recruitment.questions.all())
        seen: dict[str, int] = {}
        for number, values in islice(rows, job.processed_rows):
            email = plan.email_of(values)
            if email:
                seen.setdefault(email, number)
        consent_text, now = _consent_text(job), timezone.now()
        size = max(BATCH_SIZE, -(-job.total_rows // MAX_BATCHES))
        start = job.processed_rows
        while batch := list(islice(rows, size)):
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().filter(pk=job.pk).values(
                    "status", "processed_rows", "error_count").get()
                if locked["status"] != ImportStatus.RUNNING or locked["processed_rows"] != start:
                    # Another run of the same job got here first; it carries on.
                    job.refresh_from_db()
                    return job
                # A job restarted after it stopped for errors stops again at its next one.
                budget = max(max_errors() - locked["error_count"], 1)
                result = _import_batch(job, plan, batch, seen, consent_text, now, error_budget=budget)
                start += result.consumed
                ImportJob.objects.filter(pk=job.pk).update(
                    processed_rows=start, created_count=F("created_count") + result.created,
                    duplicate_count=F("duplicate_count") + result.duplicates,
                    error_count=F("error_count") + len(result.errors))
            if len(result.errors) >= budget:
                return _finish(job, status=ImportStatus.FAILED, problem="too_many_errors")
    finally:
        rows.close()
    return _finish(job, status=ImportStatus.DONE)


def _finish(job: ImportJob, *, status: str, problem: str = "") -> ImportJob:
    with transaction.atomic():
        # The counts as the batches committed them, not as this object last saw them.
        job.refresh_from_db(fields=["total_rows", "processed_rows", "created_count", "duplicate_count",
                                    "error_count"])
        job.status, job.finished_at, job.problem = status, timezone.now(), problem
        job.save(update_fields=["status", "finished_at", "problem"])
        audit_record(actor=job.created_by, verb="import.finished", target=job, organization=job.organization,
                     data={"status": status, "rows": job.total_rows, "created": job.created_count,
                           "duplicates": job.duplicate_count, "errors": job.error_count,
                           **({"problem": problem} if problem else {})})
    return job
