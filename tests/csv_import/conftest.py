"""Fixtures for CSV imports: the sample exports, read into tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from despedida.csv_import.source import read_table

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample():
    """`sample(name)`: the table of a sample export in tests/csv_import/samples."""

    def read(name: str):
        return read_table((SAMPLES / name).read_bytes())

    return read


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path
