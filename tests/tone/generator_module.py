"""The corpus generator (corpus/generator/generate.py), loaded as a module for tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "corpus" / "generator" / "generate.py"


def load_generator():
    """The generator module; its helpers (fillers, addressing) are imported from its folder."""
    spec = importlib.util.spec_from_file_location("tone_corpus_generator", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    sys.path.insert(0, str(GENERATOR.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(GENERATOR.parent))
    return module


def unload_generator() -> None:
    sys.modules.pop("tone_corpus_generator", None)
