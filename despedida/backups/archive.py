"""The backup archive: a tar.gz holding a manifest, the database and the data directory's files.

Pure (no Django). Layout:

    manifest.json            format, format version, app version, engine, created at,
                             and every other member with its size and SHA-256
    database/despedida.sqlite3   (SQLite)   or   database/dump.pgcustom   (pg_dump -Fc)
    secrets/secret_key, secrets/fernet.key
    media/...                files kept in the data directory (pending uploads)

Reading verifies everything before anything is used: the manifest first, then
each member against its size and checksum, with no member missing, unknown,
duplicated, or named outside the archive. Any doubt raises `ArchiveError`
with a code the command turns into a sentence.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = "despedida-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class ArchiveError(Exception):
    """The archive cannot be used. `code` says why; `params` fill the message."""

    def __init__(self, code: str, **params) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


@dataclass
class Manifest:
    app_version: str
    engine: str  # "sqlite" or "postgresql"
    created_at: str  # ISO 8601, UTC
    files: list[dict] = field(default_factory=list)  # {"path", "size", "sha256"}
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        document = {
            "format": self.format,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "engine": self.engine,
            "created_at": self.created_at,
            "files": self.files,
        }
        return json.dumps(document, indent=2, sort_keys=True).encode("utf-8")

    def paths(self) -> set[str]:
        return {entry["path"] for entry in self.files}


def sha256_of(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write(out: Path, staged: Path, *, app_version: str, engine: str, created_at: str) -> Manifest:
    """Pack every file under `staged` into `out` (created with mode 600, complete or absent)."""
    files = []
    for path in sorted(p for p in staged.rglob("*") if p.is_file()):
        size, digest = sha256_of(path)
        files.append({"path": path.relative_to(staged).as_posix(), "size": size, "sha256": digest})
    manifest = Manifest(app_version=app_version, engine=engine, created_at=created_at, files=files)
    partial = out.with_name(f".{out.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the keys
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = manifest.to_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
            for entry in files:
                info = tar.gettarinfo(str(staged / entry["path"]), arcname=entry["path"])
                info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
                with (staged / entry["path"]).open("rb") as handle:
                    tar.addfile(info, handle)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _parse_manifest(data: bytes) -> Manifest:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArchiveError("foreign") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ArchiveError("foreign")
    version = document.get("format_version")
    if not isinstance(version, int):
        raise ArchiveError("foreign")
    if version > FORMAT_VERSION:
        raise ArchiveError("too_new", version=version)
    files = document.get("files")
    if not isinstance(files, list) or not all(
        isinstance(f, dict)
        and isinstance(f.get("path"), str)
        and isinstance(f.get("size"), int)
        and isinstance(f.get("sha256"), str)
        for f in files
    ):
        raise ArchiveError("foreign")
    if document.get("engine") not in ("sqlite", "postgresql"):
        raise ArchiveError("foreign")
    return Manifest(
        app_version=str(document.get("app_version", "")),
        engine=document["engine"],
        created_at=str(document.get("created_at", "")),
        files=files,
        format_version=version,
    )


def read(archive: Path, into: Path) -> Manifest:
    """Extract `archive` into the empty folder `into`, verifying everything; return its manifest.

    On any error the caller removes `into`: nothing extracted is to be used.
    """
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            return _read(tar, into)
    except ArchiveError:
        raise
    except FileNotFoundError:
        raise ArchiveError("missing", path=str(archive)) from None
    except (tarfile.TarError, EOFError, OSError, ValueError):
        # gzip.BadGzipFile is an OSError; a truncated stream raises EOFError or ReadError.
        raise ArchiveError("unreadable") from None


def _read(tar: tarfile.TarFile, into: Path) -> Manifest:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile() or first.size > 10 * CHUNK:
        raise ArchiveError("foreign")
    manifest = _parse_manifest(tar.extractfile(first).read())
    expected = {entry["path"]: entry for entry in manifest.files}
    if len(expected) != len(manifest.files) or not all(_safe_name(p) and p != MANIFEST for p in expected):
        raise ArchiveError("foreign")
    seen: set[str] = set()
    while (member := tar.next()) is not None:
        name = member.name
        if name not in expected or name in seen or not member.isfile():
            raise ArchiveError("unexpected_member", name=name)
        seen.add(name)
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        source = tar.extractfile(member)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
        entry = expected[name]
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise ArchiveError("checksum", name=name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise ArchiveError("missing_member", name=missing[0])
    return manifest
