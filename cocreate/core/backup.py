"""One backup archive holds the database and every uploaded file, with a manifest and checksums.

An archive is a plain tar (pg_dump's custom format is already compressed, and images and PDFs
do not shrink), laid out as::

    database.sqlite3 | database.dump   SQLite's online backup API, or pg_dump -Fc
    media/<name>                        every file of the default storage, under its storage name
    manifest.json                       format, format version, database vendor, created at,
                                        and every file above with its size and SHA-256
    SHA256SUMS                          the same checksums plus the manifest's, in sha256sum's
                                        format (``tar -xf b.tar && sha256sum -c SHA256SUMS``)

The manifest comes last, so an archive cut short has none and is refused as incomplete.
``restore`` reads the whole archive and checks the manifest, the list of members and every
size and checksum before it touches anything; only then does it write the files into the
storage (new names only ever add) and, last, replace the database (pg_restore in one
transaction, or SQLite's backup API), so a refused or failed restore leaves the database as it
was. The checksums find corruption and truncation; they are not a signature (whoever can
rewrite the archive can rewrite its manifest too): keep backups where only operators write.

Both databases are read with their own tools; nothing here re-implements a dump format. Media
are read and written through Django's storage API, so any ``STORAGES["default"]`` works."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection

FORMAT = "cocreate-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA_PREFIX = "media/"
DATABASE_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made, or an archive that is refused (with the reason)."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    files: dict[str, tuple[int, str]]  # archive name -> (size, sha256)

    @property
    def database_name(self) -> str:
        return DATABASE_NAMES[self.vendor]

    @property
    def media(self) -> list[str]:
        return sorted(n for n in self.files if n.startswith(MEDIA_PREFIX))


# Database tools --------------------------------------------------------------------------------


def _pg_env_and_args(settings_dict: dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        dest.close()
        return
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        subprocess.run(
            [_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args, connection.settings_dict["NAME"]],
            check=True,
            env=env,
        )
        return
    raise BackupError(f"no backup method for {connection.vendor}")


def _load_database(dump: Path, vendor: str, database: dict | None) -> None:
    """Replace the content of ``database`` (a settings dict; the default connection's when
    None) with ``dump``."""
    target = database or connection.settings_dict
    is_default = database is None or database is connection.settings_dict
    if vendor == "sqlite":
        with sqlite3.connect(dump) as src:
            if is_default:
                connection.ensure_connection()
                src.backup(connection.connection)
            else:
                Path(target["NAME"]).parent.mkdir(parents=True, exist_ok=True)
                with sqlite3.connect(target["NAME"]) as dest:
                    src.backup(dest)
                dest.close()
        src.close()
        return
    env, args = _pg_env_and_args(target)
    if is_default:
        connection.close()  # pg_restore drops the tables this session would otherwise hold
    subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            target["NAME"],
            *args,
            str(dump),
        ],
        check=True,
        env=env,
    )


# Media -----------------------------------------------------------------------------------------


def _storage_files(storage: Storage, folder: str = "") -> list[str]:
    """Every file name in the storage, sorted (so two backups of the same files list alike)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever uploaded: the folder does not exist yet
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in dirs:
        names += _storage_files(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


class _Hashing(io.RawIOBase):
    """Reads through to ``source`` and hashes what passed, so a file is read once."""

    def __init__(self, source: BinaryIO):
        self.source, self.digest, self.count = source, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        self.count += len(data)
        return data


def _add(tar: tarfile.TarFile, name: str, source: BinaryIO, size: int, mtime: float) -> tuple[int, str]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    reader = _Hashing(source)
    tar.addfile(info, reader)
    return reader.count, reader.digest.hexdigest()


# Backup ----------------------------------------------------------------------------------------


def backup(target: Path, *, storage: Storage | None = None) -> Path:
    """Write one archive of the default database and every file of ``storage`` (the default
    storage) to ``target``; written under a temporary name and renamed, so ``target`` is
    either complete or absent."""
    storage = storage or default_storage
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DATABASE_NAMES:
        raise BackupError(f"no backup method for {vendor}")
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    files: dict[str, tuple[int, str]] = {}
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        dump = Path(work) / DATABASE_NAMES[vendor]
        _dump_database(dump)
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            with dump.open("rb") as handle:
                files[dump.name] = _add(tar, dump.name, handle, dump.stat().st_size, dump.stat().st_mtime)
            for name in _storage_files(storage):
                try:
                    handle = storage.open(name, "rb")
                except FileNotFoundError:
                    continue  # deleted since it was listed (an import file past its retention)
                with handle:
                    files[MEDIA_PREFIX + name] = _add(
                        tar, MEDIA_PREFIX + name, handle, handle.size, datetime.now(UTC).timestamp()
                    )
            manifest = json.dumps(
                {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "database_vendor": vendor,
                    "created_at": created_at,
                    "files": [{"name": n, "size": s, "sha256": h} for n, (s, h) in files.items()],
                },
                indent=2,
            ).encode()
            sums = {**{n: h for n, (_s, h) in files.items()}, MANIFEST: hashlib.sha256(manifest).hexdigest()}
            now = datetime.now(UTC).timestamp()
            _add(tar, MANIFEST, io.BytesIO(manifest), len(manifest), now)
            text = "".join(f"{h}  {n}\n" for n, h in sums.items()).encode()
            _add(tar, SUMS, io.BytesIO(text), len(text), now)
    partial.replace(target)
    return target


# Restore ---------------------------------------------------------------------------------------


def _refuse(reason: str) -> BackupError:
    return BackupError(f"refused, nothing was changed: {reason}")


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read_manifest(data: bytes) -> Manifest:
    try:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise _refuse("this is not a Cocreate backup archive (its manifest names another format)")
        if raw.get("format_version") != FORMAT_VERSION:
            raise _refuse(
                f"backup format version {raw.get('format_version')!r} is not known to this "
                f"version of Cocreate (it reads version {FORMAT_VERSION})"
            )
        vendor = raw["database_vendor"]
        files = {e["name"]: (int(e["size"]), str(e["sha256"])) for e in raw["files"]}
        created_at = str(raw["created_at"])
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise _refuse(f"the manifest cannot be read ({e.__class__.__name__}: {e})") from None
    if vendor not in DATABASE_NAMES:
        raise _refuse(f"the backup is of an unknown database ({vendor!r})")
    unsafe = [
        n
        for n in files
        if not _safe_name(n)
        or n in (MANIFEST, SUMS)
        or not (n == DATABASE_NAMES[vendor] or (n.startswith(MEDIA_PREFIX) and len(n) > len(MEDIA_PREFIX)))
    ]
    if unsafe:
        raise _refuse(f"the manifest lists names a backup never holds: {', '.join(sorted(unsafe)[:5])}")
    if DATABASE_NAMES[vendor] not in files:
        raise _refuse("the manifest lists no database")
    return Manifest(vendor=vendor, created_at=created_at, files=files)


def _members(tar: tarfile.TarFile):
    """Each member with its content stream, refusing anything but regular files."""
    for member in tar:
        if not member.isfile():
            raise _refuse(f"“{member.name}” is not a regular file")
        yield member, tar.extractfile(member)


def _hash(stream: BinaryIO, sink: BinaryIO | None = None) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        count += len(chunk)
        if sink is not None:
            sink.write(chunk)
    return count, digest.hexdigest()


def verify(source: Path) -> Manifest:
    """Read the whole archive and check it: a manifest of the known format, exactly the
    members it lists (each once), every size and SHA-256, and SHA256SUMS agreeing. Returns the
    manifest; raises ``BackupError`` with the reason otherwise. Touches nothing."""
    source = Path(source)
    if not source.is_file():
        raise _refuse(f"{source} does not exist")
    seen: dict[str, tuple[int, str]] = {}
    manifest_bytes = sums_bytes = None
    try:
        with tarfile.open(source, "r:") as tar:
            for member, stream in _members(tar):
                if member.name in seen or (member.name == MANIFEST and manifest_bytes is not None):
                    raise _refuse(f"“{member.name}” appears twice")
                if member.name == MANIFEST:
                    manifest_bytes = stream.read()
                elif member.name == SUMS:
                    sums_bytes = stream.read()
                else:
                    seen[member.name] = _hash(stream)
    except tarfile.TarError as e:
        raise _refuse(f"the archive is damaged or incomplete ({e})") from None
    except (EOFError, OSError) as e:
        raise _refuse(f"the archive is damaged or incomplete ({e.__class__.__name__}: {e})") from None
    if manifest_bytes is None:
        raise _refuse("the archive has no manifest; it is incomplete (cut short?) or not a Cocreate backup")
    manifest = _read_manifest(manifest_bytes)
    missing = sorted(set(manifest.files) - set(seen))
    extra = sorted(set(seen) - set(manifest.files))
    if missing:
        raise _refuse(f"{len(missing)} file(s) of the manifest are missing, e.g. {missing[0]}")
    if extra:
        raise _refuse(f"{len(extra)} file(s) are not in the manifest, e.g. {extra[0]}")
    bad = sorted(n for n, (size, digest) in manifest.files.items() if seen[n] != (size, digest))
    if bad:
        raise _refuse(f"{len(bad)} file(s) do not match their size or SHA-256 checksum, e.g. {bad[0]}")
    expected = {**{n: h for n, (_s, h) in manifest.files.items()}, MANIFEST: hashlib.sha256(manifest_bytes).hexdigest()}
    if sums_bytes is None or _parse_sums(sums_bytes) != expected:
        raise _refuse(f"{SUMS} is missing or does not agree with the manifest")
    return manifest


def _parse_sums(data: bytes) -> dict[str, str]:
    sums = {}
    for line in data.decode(errors="replace").splitlines():
        digest, _sep, name = line.partition("  ")
        sums[name] = digest
    return sums


def restore(source: Path, *, database: dict | None = None, storage: Storage | None = None) -> Manifest:
    """Check ``source`` completely (``verify``), then write its files into ``storage`` (the
    default storage) and replace the content of ``database`` (a settings dict; the default
    database when None) with its database. Stop the web servers and workers first: they would
    otherwise keep writing to the old content. Files already in the storage under other names
    stay; a file under the same name is replaced."""
    source = Path(source)
    manifest = verify(source)
    target_vendor = (
        "sqlite"
        if "sqlite" in (database or connection.settings_dict)["ENGINE"]
        else ("postgresql" if "postgresql" in (database or connection.settings_dict)["ENGINE"] else None)
    )
    if target_vendor != manifest.vendor:
        raise _refuse(f"the backup is of a {manifest.vendor} database; the target is {target_vendor}")
    storage = storage or default_storage
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / manifest.database_name
        try:
            with tarfile.open(source, "r:") as tar:
                for member, stream in _members(tar):
                    if member.name not in manifest.files:
                        continue
                    expected = manifest.files[member.name]
                    if member.name == manifest.database_name:
                        with dump.open("wb") as sink:
                            got = _hash(stream, sink)
                    else:
                        got = _restore_file(storage, member.name.removeprefix(MEDIA_PREFIX), stream)
                    if got != expected:  # the archive changed since it was checked
                        raise BackupError(f"{member.name} changed while restoring; the database was not touched")
        except (tarfile.TarError, EOFError, OSError) as e:
            raise BackupError(
                f"the archive could not be read a second time ({e}); the database was not touched"
            ) from None
        _load_database(dump, manifest.vendor, database)
    return manifest


def _restore_file(storage: Storage, name: str, stream: BinaryIO) -> tuple[int, str]:
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as copy:
        got = _hash(stream, copy)
        copy.seek(0)
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(copy, name=PurePosixPath(name).name))
    if saved != name:
        raise BackupError(f"the storage saved {name} as {saved}; the database was not touched")
    return got
