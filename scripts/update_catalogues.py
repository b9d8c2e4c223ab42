"""Refresh the translation catalogues and report what still needs a translator.

1. `despedida makemessages -l es -l en --no-obsolete` (run from the package
   directory) extracts the strings and merges them into the existing .po
   files, so Spanish translations already made are kept.
2. English is the source language: every English msgstr is filled with its
   msgid (plurals: msgstr[0] = msgid, msgstr[1] = msgid_plural) and fuzzy
   flags on English entries are cleared.
3. Spanish entries that are empty or fuzzy are listed (fuzzy ones with the
   msgid they were guessed from), and the exit status is 1 when there are any
   and `--strict` was given.
4. The catalogues are compiled with scripts/compile_messages.py (Babel).

Usage: .venv/bin/python scripts/update_catalogues.py [--no-extract] [--strict]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, unescape, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "despedida"
LOCALE = PACKAGE / "locale"
BIN = ROOT / ".venv" / "bin"
SOURCE_LANGUAGE = "en"
TARGET_LANGUAGES = ("es",)
# The plural rules Django's own catalogues use, so both agree at run time.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
}


def extract() -> None:
    env = dict(os.environ, DESPEDIDA_DATA_DIR=os.environ.get("DESPEDIDA_DATA_DIR", "/tmp/dd"), SECRET_KEY="x")
    Path(env["DESPEDIDA_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "despedida"), "makemessages", "-l", "es", "-l", "en", "--no-obsolete"]
    subprocess.run(command, cwd=PACKAGE, env=env, check=True)


def load(path: Path):
    """Read a catalogue, forcing its language and plural rule from its folder.

    makemessages writes an empty Language header, which Babel would take as
    "no locale" and then drop the Plural-Forms header on writing.
    """
    language = path.parent.parent.name
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    # Babel sizes plural entries from the header, so fix the header first.
    comments = [line for line in header.splitlines() if line.startswith("#") and "fuzzy" not in line]
    quoted = "".join(line[1:-1] for line in header.splitlines() if line.startswith('"'))
    fields = [field for field in quoted.split("\\n") if field and not field.startswith(("Language:", "Plural-Forms:"))]
    fields += [f"Language: {language}", f"Plural-Forms: {PLURAL_FORMS[language]}"]
    header = "\n".join(comments + ['msgid ""', 'msgstr ""'] + [f'"{field}\\n"' for field in fields])
    catalog = read_po(io.StringIO(header + "\n\n" + body), locale=language, abort_invalid=True)
    catalog.mime_headers = [("Language", language), ("Plural-Forms", PLURAL_FORMS[language])]
    for message in catalog:
        restore_previous_id(message)
        if message.id and isinstance(message.id, (list, tuple)):
            strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
            strings = (strings + [""] * catalog.num_plurals)[: catalog.num_plurals]
            message.string = tuple(strings)
    return catalog


def restore_previous_id(message) -> None:
    """Babel reads msgmerge's `#| msgid "…"` lines (the msgid a fuzzy guess
    came from) as translator comments; turn them back into the previous id
    (used in the report), so they are not written back as comments."""
    lines = [comment[1:].strip() for comment in message.user_comments if comment.startswith("|")]
    message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
    parts: dict[str, str] = {}
    current = None
    for line in lines:
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt"):
            current = keyword
            line = rest
        if current and line.startswith('"'):
            parts[current] = parts.get(current, "") + unescape(line)
    if lines and "msgid" in parts:
        message.previous_id = [parts["msgid"]] + ([parts["msgid_plural"]] if "msgid_plural" in parts else [])
    if not message.fuzzy:
        message.previous_id = []


def save(catalog, path: Path) -> None:
    # Babel cannot write a long previous msgid back faithfully, so the `#|`
    # lines are not written: the report printed right after makemessages
    # shows them, and the fuzzy guess itself stays in the msgstr.
    with path.open("wb") as handle:
        write_po(handle, catalog, width=79, include_previous=False, sort_output=False, ignore_obsolete=True)


def clean_header(catalog) -> None:
    """The header makemessages creates is marked fuzzy; ours is real."""
    catalog.fuzzy = False
    name = {"es": "Spanish", "en": "English"}.get(catalog.locale_identifier, catalog.locale_identifier)
    catalog.header_comment = (
        f"# {name} messages for Despedida.\n"
        "# Refreshed by scripts/update_catalogues.py; the English catalogue is filled automatically.\n"
        "#"
    )
    catalog.project = "Despedida"
    catalog.version = "1.0"
    catalog.language_team = f"{catalog.locale_identifier} <LL@li.org>"
    catalog.last_translator = "Despedida maintainers"


def fill_english(path: Path) -> int:
    catalog = load(path)
    clean_header(catalog)
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            singular, plural = message.id[0], message.id[1]
            wanted = tuple([singular] + [plural] * (catalog.num_plurals - 1))
        else:
            wanted = message.id
        if message.string != wanted or message.fuzzy:
            changed += 1
        message.string = wanted
        message.flags.discard("fuzzy")
        message.previous_id = []
    save(catalog, path)
    return changed


def pending(path: Path) -> list[str]:
    catalog = load(path)
    clean_header(catalog)
    save(catalog, path)
    report = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        empty = any(not s for s in strings)
        if not (empty or message.fuzzy):
            continue
        state = "fuzzy" if message.fuzzy else "empty"
        where = ", ".join(f"{f}:{line}" for f, line in message.locations[:2])
        shown = message.id if isinstance(message.id, str) else " | ".join(message.id)
        line = f"  [{state}] {shown!r}  ({where})"
        if message.context:
            line += f"  ctx={message.context!r}"
        if message.fuzzy and message.previous_id:
            line += f"\n           was: {' | '.join(message.previous_id)!r}"
        report.append(line)
    return report


def compile_messages() -> None:
    subprocess.run([str(BIN / "python"), str(ROOT / "scripts" / "compile_messages.py")], cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-extract", action="store_true", help="skip makemessages")
    parser.add_argument("--strict", action="store_true", help="exit 1 when Spanish entries are pending")
    args = parser.parse_args(argv)

    if not args.no_extract:
        extract()
    total_pending = 0
    for po_path in sorted(LOCALE.glob(f"{SOURCE_LANGUAGE}/LC_MESSAGES/*.po")):
        changed = fill_english(po_path)
        print(f"{po_path.relative_to(ROOT)}: {changed} English entries filled")
    for language in TARGET_LANGUAGES:
        for po_path in sorted(LOCALE.glob(f"{language}/LC_MESSAGES/*.po")):
            report = pending(po_path)
            total_pending += len(report)
            print(f"{po_path.relative_to(ROOT)}: {len(report)} entries empty or fuzzy")
            for line in report:
                print(line)
    compile_messages()
    return 1 if (args.strict and total_pending) else 0


if __name__ == "__main__":
    sys.exit(main())
