"""A damaged, truncated, altered or foreign archive is refused with a clear error, and nothing is written."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from despedida.backups import archive

pytestmark = pytest.mark.django_db(transaction=True)  # the SQLite backup API waits for open write transactions


@pytest.fixture
def live(settings, tmp_path, monkeypatch, alice):
    monkeypatch.delenv("DESPEDIDA_FERNET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "live"
    settings.DATA_DIR.mkdir()
    backup = tmp_path / "good.tar.gz"
    call_command("backup", "--out", str(backup), stdout=io.StringIO())
    return backup


@pytest.fixture
def empty_target(settings, tmp_path):
    """Restore aims at a data directory that does not exist yet."""
    settings.DATA_DIR = tmp_path / "target"
    return settings.DATA_DIR


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(path), stdout=io.StringIO())
    assert caught.value.returncode == 2
    return str(caught.value)


def members(path: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path, "r:gz") as tar:
        return [(m, tar.extractfile(m).read()) for m in tar.getmembers()]


def repack(path: Path, items: list[tuple[tarfile.TarInfo, bytes]]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in items:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_truncated_archive_is_refused_and_nothing_is_written(live, empty_target, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(live.read_bytes()[: live.stat().st_size // 2])

    message = refused(cut)

    assert "not a complete backup archive" in message and "Nothing was restored" in message
    assert not empty_target.exists()


def test_a_changed_byte_is_caught_by_the_checksum(live, empty_target, tmp_path):
    items = members(live)
    info, data = next((i, d) for i, d in items if i.name == "secrets/secret_key")
    tampered = [(i, (b"X" + d[1:]) if i.name == info.name else d) for i, d in items]
    bad = tmp_path / "bad.tar.gz"
    repack(bad, tampered)

    message = refused(bad)

    assert "secrets/secret_key in the archive does not match its checksum" in message
    assert not empty_target.exists()


def test_a_damaged_gzip_stream_is_refused(live, empty_target, tmp_path):
    data = bytearray(live.read_bytes())
    for offset in range(200, len(data) - 200, 997):
        data[offset] ^= 0xFF
    bad = tmp_path / "damaged.tar.gz"
    bad.write_bytes(bytes(data))

    assert "Nothing was restored" in refused(bad)
    assert not empty_target.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"just some text, not an archive",
        gzip.compress(b"a gzip file, but no tar inside" * 40, mtime=0),
    ],
    ids=["text", "gzip-without-tar"],
)
def test_something_that_is_not_an_archive_is_refused(empty_target, tmp_path, content):
    other = tmp_path / "other.tar.gz"
    other.write_bytes(content)

    assert "not a complete backup archive" in refused(other)
    assert not empty_target.exists()


def test_another_programs_archive_is_refused_as_foreign(empty_target, tmp_path):
    foreign = tmp_path / "photos.tar.gz"
    repack(foreign, [(tarfile.TarInfo("holiday.jpg"), b"\xff\xd8 not really a photo")])

    assert "not a Despedida backup" in refused(foreign)
    assert not empty_target.exists()


def test_a_file_slipped_into_the_archive_is_refused(live, empty_target, tmp_path):
    extra = tmp_path / "extra.tar.gz"
    repack(extra, members(live) + [(tarfile.TarInfo("secrets/../../etc/cron.d/x"), b"* * * * * root true")])

    assert "does not list" in refused(extra)
    assert not empty_target.exists()


def test_an_archive_from_a_newer_format_asks_to_upgrade(live, empty_target, tmp_path):
    items = members(live)
    manifest = json.loads(items[0][1])
    manifest["format_version"] = archive.FORMAT_VERSION + 1
    newer = tmp_path / "newer.tar.gz"
    repack(newer, [(items[0][0], json.dumps(manifest).encode())] + items[1:])

    assert "made by a newer Despedida" in refused(newer)
    assert not empty_target.exists()


def test_a_data_directory_in_use_is_never_overwritten(live, settings):
    settings.DATA_DIR.joinpath("secret_key").write_text("the live key")

    message = refused(live)

    assert "is not empty" in message
    assert settings.DATA_DIR.joinpath("secret_key").read_text() == "the live key"


def test_a_missing_file_is_named(empty_target, tmp_path):
    assert "no such file" in refused(tmp_path / "nowhere.tar.gz")


def test_the_refusal_is_said_in_spanish_too(empty_target, tmp_path):
    from django.utils import translation

    other = tmp_path / "other.tar.gz"
    other.write_bytes(b"nada")

    with translation.override("es"):
        assert "No se ha restaurado nada" in refused(other)
