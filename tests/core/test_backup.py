"""Backups take the database and the uploaded files together, in one archive with a manifest and
checksums; a restore into a new data folder and a new database brings back every row and every
file's bytes; a damaged archive is refused before anything changes."""

import csv
import hashlib
import io
import json
import sqlite3
import tarfile
import uuid

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from cocreate.core.backup import BackupError, backup, restore, verify
from cocreate.ideas.models import Attachment, Idea
from cocreate.missions.submissions import submission_save
from cocreate.recruiting.imports import import_upload
from cocreate.recruiting.models import ImportJob
from tests import factories as f


@pytest.fixture
def media(settings, tmp_path):
    """The test settings keep files in memory; a backup reads a real folder, as in production."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }
    return default_storage


def png(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str, text: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" + text, content_type="application/pdf")


def csv_file(name: str, rows: list[list[str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode())


def make_content():
    """Ideas with 11 attachments and 3 import files, all through the product's services."""
    lab = f.make_lab()
    partner = lab.users["partner"]
    for i in range(3):
        files = [png(f"sketch-{i}-{j}.png", (i * 40, j * 60, 90)) for j in range(3)]
        if i < 2:
            files.append(pdf(f"spec-{i}.pdf", f"idea {i}".encode()))
        submission_save(
            lab.mission, author=partner, title=f"아이디어 {i}", body="See attached", files=files, submit=True
        )
    for i in range(3):
        import_upload(
            lab.recruitment,
            actor=lab.users["program_manager"],
            file=csv_file(f"명단-{i}.csv", [["email", "name"], [f"p{i}@example.com", f"사람 {i}"]]),
            source="Youth Lab",
            consent_basis="Agreed when joining.",
        )
    assert (Attachment.objects.count(), ImportJob.objects.exclude(file="").count()) == (11, 3)
    return lab


def storage_bytes(storage) -> dict[str, bytes]:
    def walk(folder=""):
        dirs, files = storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for sub in dirs:
            yield from walk(f"{folder}/{sub}" if folder else sub)

    result = {}
    for name in walk():
        with storage.open(name, "rb") as handle:
            result[name] = handle.read()
    return result


def tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def rows_of(cursor, table: str) -> list[tuple]:
    cursor.execute(f'SELECT * FROM "{table}"')
    return sorted((tuple(r) for r in cursor.fetchall()), key=repr)


def current_rows() -> dict[str, list[tuple]]:
    if connection.vendor == "postgresql":
        # Read as the restored database is read (Django's own connection leaves JSON as text).
        return rows_in(connection.settings_dict, tables())
    with connection.cursor() as cursor:
        return {t: rows_of(cursor, t) for t in tables()}


@pytest.fixture
def new_database(tmp_path, transactional_db):
    """Settings of a new, empty database of the same kind as the one under test."""
    if connection.vendor == "sqlite":
        yield {**connection.settings_dict, "NAME": str(tmp_path / "new-data" / "cocreate.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows_in(database: dict, names: list[str]) -> dict[str, list[tuple]]:
    if connection.vendor == "sqlite":
        # Read as Django reads (its converters turn timestamps into datetimes).
        db = sqlite3.connect(database["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    else:
        import psycopg

        db = psycopg.connect(
            dbname=database["NAME"],
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
        )
    try:
        cursor = db.cursor()
        return {t: rows_of(cursor, t) for t in names}
    finally:
        db.close()


def test_backup_then_restore_into_a_new_data_folder_and_database_is_identical(
    tmp_path, media, new_database, flushable_audit_log
):
    # Committed data (transactional): pg_dump is another session, as in production.
    make_content()
    archive = backup(tmp_path / "backups" / "b.tar")
    files_before, rows_before = storage_bytes(media), current_rows()
    assert len(files_before) == 14 and sum(len(r) for r in rows_before.values()) > 100

    manifest = verify(archive)
    assert manifest.vendor == connection.vendor
    assert manifest.media == sorted(f"media/{n}" for n in files_before)
    assert {n: v for n, v in manifest.files.items() if n.startswith("media/")} == {
        f"media/{n}": (len(b), hashlib.sha256(b).hexdigest()) for n, b in files_before.items()
    }
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        raw = json.load(tar.extractfile("manifest.json"))
        sums = tar.extractfile("SHA256SUMS").read().decode()
    database_name = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[connection.vendor]
    assert names == [database_name, *manifest.media, "manifest.json", "SHA256SUMS"]
    assert (raw["format"], raw["format_version"], raw["database_vendor"]) == ("cocreate-backup", 1, connection.vendor)
    assert sorted(raw) == ["created_at", "database_vendor", "files", "format", "format_version"]
    assert len(sums.splitlines()) == len(names) - 1

    new_media = FileSystemStorage(location=tmp_path / "new-data" / "media")
    restore(archive, database=new_database, storage=new_media)

    assert storage_bytes(new_media) == files_before
    assert rows_in(new_database, list(rows_before)) == rows_before
    # What was restored is what is here now, and this database was not touched.
    assert current_rows() == rows_before


def test_the_commands_back_up_and_restore_in_place(tmp_path, media, flushable_audit_log):
    make_content()
    target = tmp_path / "b.tar"
    call_command("backup", output=str(target))
    files_before = storage_bytes(media)
    idea = Idea.objects.order_by("pk").first()
    attachment = Attachment.objects.order_by("pk").first()
    Idea.objects.filter(pk=idea.pk).update(title="Changed")
    media.delete(attachment.file.name)
    out = io.StringIO()
    call_command("restore", str(target), check=True, stdout=out)
    assert out.getvalue().endswith("every checksum matches\n") and "14 file(s)" in out.getvalue()
    assert Idea.objects.get(pk=idea.pk).title == "Changed"  # --check changes nothing
    call_command("restore", str(target), yes=True, stdout=io.StringIO())
    assert Idea.objects.get(pk=idea.pk).title == idea.title
    assert storage_bytes(media) == files_before


def _rewrite(archive, change) -> None:
    """Rewrite one member of the archive in place, keeping every other byte of it."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("flip_media_byte", "1 file(s) do not match their size or SHA-256 checksum, e.g. media/attachments/"),
        ("flip_database_byte", "1 file(s) do not match their size or SHA-256 checksum, e.g. database."),
        ("truncate", "the archive "),
        ("drop_manifest", "the archive has no manifest; it is incomplete (cut short?) or not a Cocreate backup"),
        ("extra_file", "1 file(s) are not in the manifest, e.g. media/evil.sh"),
        ("unsafe_name", "the manifest lists names a backup never holds: ../../etc/passwd"),
        ("future_version", "backup format version 99 is not known to this version of Cocreate (it reads version 1)"),
        ("not_an_archive", "the archive is damaged or incomplete"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(tmp_path, media, flushable_audit_log, damage, reason):
    make_content()
    archive = backup(tmp_path / "b.tar")
    first = sorted(n for n in storage_bytes(media) if n.startswith("attachments/"))[0]

    def change(name, data):
        if damage == "flip_media_byte" and name == f"media/{first}":
            return data[:10] + bytes([data[10] ^ 1]) + data[11:]
        if damage == "flip_database_byte" and name.startswith("database."):
            return data[:-100] + bytes([data[-100] ^ 1]) + data[-99:]
        if damage == "unsafe_name" and name == "manifest.json":
            raw = json.loads(data)
            raw["files"].append({"name": "../../etc/passwd", "size": 1, "sha256": "0" * 64})
            return json.dumps(raw).encode()
        if damage == "future_version" and name == "manifest.json":
            return json.dumps({**json.loads(data), "format_version": 99}).encode()
        return data

    if damage == "truncate":
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "drop_manifest":
        _rewrite(archive, change)
        with tarfile.open(archive) as tar:
            kept = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.name != "manifest.json"]
        with tarfile.open(archive, "w") as tar:
            for m, data in kept:
                tar.addfile(m, io.BytesIO(data))
    elif damage == "extra_file":
        with tarfile.open(archive, "a") as tar:
            info = tarfile.TarInfo("media/evil.sh")
            info.size = 3
            tar.addfile(info, io.BytesIO(b"rm\n"))
    elif damage == "not_an_archive":
        archive.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    else:
        _rewrite(archive, change)

    Idea.objects.update(title="Changed after the backup")
    files_before, rows_before = storage_bytes(media), current_rows()
    with pytest.raises(BackupError) as err:
        restore(archive)
    assert str(err.value).startswith("refused, nothing was changed: ")
    assert reason in str(err.value)
    assert storage_bytes(media) == files_before
    assert current_rows() == rows_before
    with pytest.raises(CommandError, match="refused, nothing was changed"):
        call_command("restore", str(archive), yes=True)


def test_a_backup_of_one_database_kind_is_refused_by_the_other(tmp_path, media, flushable_audit_log):
    f.IdeaFactory(title="Kept")
    archive = backup(tmp_path / "b.tar")
    other = (
        {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}
        if connection.vendor == "sqlite"
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
    )
    with pytest.raises(BackupError) as err:
        restore(archive, database=other)
    target = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    assert str(err.value) == (
        f"refused, nothing was changed: the backup is of a {connection.vendor} database; the target is {target}"
    )
    assert not (tmp_path / "x.sqlite3").exists()
