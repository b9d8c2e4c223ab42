"""The console script: file-only commands never touch the store."""

import pytest

from despedida.cli import is_stateless


@pytest.mark.parametrize(
    "argv",
    [
        ["despedida"],
        ["despedida", "tone", "letter.txt"],
        ["despedida", "letter", "p.json", "--client", "acme", "--kind", "termination"],
        ["despedida", "plan", "p.json", "--client", "acme"],
        ["despedida", "assess", "p.json"],
        ["despedida", "demo", "--out", "demo.json"],
        ["despedida", "demo", "--out=demo.json"],
    ],
)
def test_commands_that_read_a_file_alone_run_without_the_store(argv):
    assert is_stateless(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["despedida", "serve"],
        ["despedida", "import", "p.json"],
        ["despedida", "export"],
        ["despedida", "assess", "--all"],
        ["despedida", "demo", "--clients", "5"],
        ["despedida", "worker", "--once"],
    ],
)
def test_commands_that_use_the_store_get_it(argv):
    assert not is_stateless(argv)
