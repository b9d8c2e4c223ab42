"""Backup tests read the commands' messages in English (one test checks the Spanish)."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield
