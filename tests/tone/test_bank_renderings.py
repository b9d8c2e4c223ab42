"""What a letter says is read whatever it names: every project, date, amount and invoice style.

The corpus generator fills its sentences with names, dates, amounts and
invoice numbers the way each region writes them (corpus/generator/fillers.py).
A sentence the checker reads with one project or one date style must be read
with all of them: "I'll close the intranet and invoice what's done" is as
much an end as "I'll close the online shop and invoice what's done", and "el
24/11 termino" as "el 24 de noviembre termino". Only the train (`main`) and
dev pools are rendered here; the test pool is never read.
"""

from __future__ import annotations

import random
import sys

import pytest

from despedida.core.tone.checker import element_status
from despedida.core.tone.evaluation import evaluate, parse_letter
from despedida.core.tone.rulebook import load_rulebook
from despedida.core.tone.scanner import Prepared

from .generator_module import load_generator, unload_generator

POOLS = ("main", "dev")
STYLES = 5  # the date styles of fillers.py; money and invoice styles go round with them
ELEMENTS = (
    "end_statement",
    "effective_date",
    "handover",
    "invoice_terms",
    "courtesy",
    "question",
    "decline_statement",
    "proposal",
    "acknowledgement",
    "invoice_reference",
    "amount",
    "legal_basis",
)
# A conditional element (invoice terms) is judged after a sentence that triggers it.
TRIGGER = {"es": "Adjunto la factura.", "en": "The invoice is attached."}


@pytest.fixture(scope="module")
def generator():
    module = load_generator()
    yield module, sys.modules["fillers"]
    unload_generator()


def renderings(generator, lang: str, element: str):
    """(where, text) for each providing variant under each project and style."""
    generate, fillers = generator
    for pool in POOLS:
        banks = generate.load_pool(lang, pool)
        for slot in sorted(generate.providing_slots(element) & set(banks)):
            kind = slot.split(".")[0]
            for number, variant in enumerate(banks[slot]):
                for project in fillers.PROJECTS[lang]:
                    for style in range(STYLES):
                        rng = random.Random(f"{lang}{pool}{slot}{number}{project}{style}")
                        tags, region, address = generate.variant_tags(lang, slot, variant, rng)
                        fill = fillers.Fillers(lang, region, rng)
                        fill.values["project"] = project
                        fill.date_style = fill.money_style = fill.invoice_style = style
                        letter = generate.Letter(lang, kind, pool, slot, rng, tags, address, fill, banks)
                        text = generate._MARK.sub(lambda m: m.group(1), letter.render(variant.text))
                        yield f"{pool}:{slot}#{number}", text


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("element", ELEMENTS)
def test_each_sentence_giving_an_element_is_read_with_every_filler(generator, lang, element):
    book = load_rulebook(lang)
    unread = []
    count = 0
    for where, text in renderings(generator, lang, element):
        if book.elements[element].when:
            text = f"{TRIGGER[lang]} {text}"
        count += 1
        if element_status(book.elements[element], Prepared(text), book) != "present":
            unread.append(f"{where}: {text}")
    assert count > 0
    assert unread == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_clean_letters_composed_afresh_from_the_train_and_dev_pools_get_no_error_and_miss_nothing(
    generator, lang, tmp_path
):
    """New letters (new seeds, so new mixes of sentences and fillers) from the pools the rules
    were written from: none may be taken for incomplete or get an error."""
    generate, _ = generator
    letters = []
    for pool in POOLS:
        banks = generate.load_pool(lang, pool)
        for index in range(240):
            kind = generate.KINDS[index % len(generate.KINDS)]
            name, content = generate.compose(lang, kind, f"afresh-{pool}", index, banks)
            path = tmp_path / f"{name}.txt"
            path.write_text(content, encoding="utf-8")
            letters.append(parse_letter(path))
    assert sum(letter.clean for letter in letters) > 150
    assert evaluate(letters).errors_on_clean == []
