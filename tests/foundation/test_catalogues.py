"""The translation catalogues are complete, consistent and compile.

Spanish is the default interface language, English the source language. Every
message must have a non-empty, non-fuzzy translation in both catalogues, keep
the same placeholders and HTML tags, and the catalogues must compile to .mo
files that gettext can load. The last test extracts the strings from the code
again, so a string added without translating it fails here even if nobody ran
scripts/update_catalogues.py.

To fix a failure: run `.venv/bin/python scripts/update_catalogues.py`, translate
what it lists in despedida/locale/es/LC_MESSAGES/django.po, and run it again.
"""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2] / "despedida"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("es", "en")
FIX = "run scripts/update_catalogues.py and translate what it lists"

# %(name)s, %s, %d, %.2f …; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def catalogue_paths() -> list[Path]:
    return sorted(path for language in LANGUAGES for path in LOCALE.glob(f"{language}/LC_MESSAGES/*.po"))


def load(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name, abort_invalid=True)


def messages(path: Path):
    return [message for message in load(path) if message.id]


def label(message) -> str:
    text = message.id if isinstance(message.id, str) else message.id[0]
    where = ", ".join(f"{file}:{line}" for file, line in message.locations[:1])
    return f"{text!r} ({where})"


def as_list(value) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def placeholders(text: str) -> list[str]:
    found = []
    for match in PLACEHOLDER.finditer(text):
        if match.group("type") == "%":
            continue
        found.append(f"%({match.group('name')})" if match.group("name") is not None else "%" + match.group("type"))
    return sorted(found)


def source_for_each_form(message, count: int) -> list[str]:
    """The msgid each translated form has to match: msgstr[0] the singular, the rest the plural."""
    if isinstance(message.id, str):
        return [message.id]
    singular, plural = message.id[0], message.id[1]
    return [singular] + [plural] * (count - 1)


def test_both_catalogues_exist():
    for language in LANGUAGES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file(), f"no {language} catalogue: {FIX}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_names_the_language_and_its_plural_rule(language):
    for path in LOCALE.glob(f"{language}/LC_MESSAGES/*.po"):
        catalog = load(path)
        headers = dict(catalog.mime_headers)
        assert headers.get("Language") == language, path
        assert "nplurals=" in headers.get("Plural-Forms", ""), path
        assert "charset=utf-8" in headers.get("Content-Type", "").lower(), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    untranslated = [
        f"{path.name}: {label(message)}"
        for path in LOCALE.glob(f"{language}/LC_MESSAGES/*.po")
        for message in messages(path)
        if not all(form.strip() for form in as_list(message.string))
    ]
    assert not untranslated, f"{len(untranslated)} {language} messages without a translation ({FIX}):\n" + "\n".join(
        untranslated
    )


def test_every_spanish_message_is_translated():
    test_every_message_is_translated("es")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_fuzzy(language):
    fuzzy = [
        f"{path.name}: {label(message)}"
        for path in LOCALE.glob(f"{language}/LC_MESSAGES/*.po")
        for message in messages(path)
        if message.fuzzy
    ]
    assert not fuzzy, f"{len(fuzzy)} {language} messages are fuzzy (a guess gettext will not use): check them:\n" + (
        "\n".join(fuzzy)
    )


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_plural_messages_have_every_form(path):
    catalog = load(path)
    wrong = [
        label(message)
        for message in catalog
        if message.id and not isinstance(message.id, str) and len(as_list(message.string)) != catalog.num_plurals
    ]
    assert not wrong, f"plural messages without {catalog.num_plurals} forms: {wrong}"


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_translations_keep_the_placeholders(path):
    catalog = load(path)
    wrong = []
    for message in catalog:
        if not message.id or "python-format" not in message.flags:
            continue
        forms = as_list(message.string)
        for source, translated in zip(source_for_each_form(message, len(forms)), forms):
            if translated and placeholders(source) != placeholders(translated):
                wrong.append(
                    f"{label(message)}: {placeholders(source)} became {placeholders(translated)} in {translated!r}"
                )
    assert not wrong, "placeholders changed in translation:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_translations_keep_the_html_tags(path):
    wrong = []
    for message in messages(path):
        forms = as_list(message.string)
        for source, translated in zip(source_for_each_form(message, len(forms)), forms):
            if translated and sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(translated)):
                wrong.append(f"{label(message)}: {translated!r}")
    assert not wrong, "HTML tags changed in translation:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_the_catalogue_compiles_and_gettext_finds_every_translation(path, tmp_path):
    catalog = load(path)
    mo_path = tmp_path / "django.mo"
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    with mo_path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.info().get("language") == path.parent.parent.name
    missing = []
    for message in catalog:
        if not message.id:
            continue
        forms = as_list(message.string)
        if isinstance(message.id, str):
            got = (
                translations.pgettext(message.context, message.id)
                if message.context
                else translations.gettext(message.id)
            )
            if got != forms[0]:
                missing.append(label(message))
        else:
            singular, plural = message.id[0], message.id[1]
            for n in (1, 2, 5):
                if message.context:
                    got = translations.npgettext(message.context, singular, plural, n)
                else:
                    got = translations.ngettext(singular, plural, n)
                if got not in forms:
                    missing.append(f"{label(message)} (n={n})")
    assert not missing, "the compiled catalogue does not return these translations:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_the_compiled_catalogue_is_up_to_date(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run scripts/compile_messages.py"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        label(message)
        for message in load(path)
        if message.id
        and isinstance(message.id, str)
        and not message.context
        and message.string
        and compiled.gettext(message.id) != message.string
    ]
    assert not stale, (
        f"{mo_path.name} is older than the .po ({len(stale)} messages differ): run scripts/compile_messages.py"
    )


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path, settings, monkeypatch):
    """Extract the strings again from a copy of the code, merge them into a copy
    of the catalogues, and check nothing comes out untranslated or fuzzy."""
    copy = tmp_path / "despedida"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=list(LANGUAGES), no_obsolete=True, verbosity=0)
    problems = []
    for language in LANGUAGES:
        path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{language}, fuzzy: {label(message)}")
            elif language == "es" and not all(as_list(message.string)):
                problems.append(f"{language}, untranslated: {label(message)}")
            elif language == "en" and not any(as_list(message.string)):
                problems.append(f"{language}, not filled in: {label(message)}")
    assert not problems, f"strings in the code missing from the catalogues ({FIX}):\n" + "\n".join(problems)
