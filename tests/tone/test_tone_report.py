"""`make tone-report` (bench/tone_report.py): the test split is the headline,
every split is reported, and the exit status follows the targets."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from despedida.core.tone.evaluation import CORPUS_DIR, load_split

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "tone_report.py"


def report_module():
    spec = importlib.util.spec_from_file_location("tone_report", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small_corpus(root: Path) -> Path:
    """A few real letters of each split, copied into a corpus folder of their own."""
    for split in ("train", "dev", "test"):
        letters = load_split(split)
        chosen = [next(l for l in letters if l.clean), next(l for l in letters if l.problems)]
        (root / split).mkdir(parents=True)
        for letter in chosen:
            shutil.copy(letter.path, root / split / letter.path.name)
    return root


def test_the_report_leads_with_the_test_split_and_its_targets(tmp_path, capsys):
    status = report_module().main(["--root", str(small_corpus(tmp_path))])
    out = capsys.readouterr().out
    assert out.startswith("== headline: test split")
    assert "span recall" in out and "clean letters with a warning" in out
    for split in ("test", "dev", "train"):
        assert f"== {split} (" in out
    verdict = out.strip().splitlines()[-1]
    assert verdict in ("targets on the test split: met", "targets on the test split: MISSED")
    assert status == (0 if verdict.endswith("met") else 1)


def test_a_corpus_without_a_test_split_cannot_be_reported(tmp_path, capsys):
    (tmp_path / "train").mkdir()
    assert report_module().main(["--root", str(tmp_path)]) == 2
    assert "no test split" in capsys.readouterr().err


def test_failures_of_a_split_are_listed_only_when_asked_for(tmp_path, capsys):
    root = small_corpus(tmp_path)
    report_module().main(["--root", str(root)])
    quiet = capsys.readouterr().out
    report_module().main(["--root", str(root), "--details", "train"])
    detailed = capsys.readouterr().out
    assert len(detailed) >= len(quiet)


def test_the_default_corpus_is_the_repository_one():
    assert report_module().CORPUS_DIR == CORPUS_DIR
