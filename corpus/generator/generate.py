"""The letter generator: composes the labelled corpus from hand-written sentence banks.

    python corpus/generator/generate.py            # rewrite corpus/letters/{train,dev,test}/g-*.txt
    python corpus/generator/generate.py --check    # exit 1 if the files on disk differ from what it writes

Every sentence comes from a bank written by hand (banks/<lang>/<pool>/*.yaml);
the generator only picks sentences, fills names, dates, amounts and invoice
numbers, and writes the YAML front matter the corpus needs (see
docs/tone.md): the category and exact phrase of every problem it put in, and
the elements it left out. Same banks, same letters: every choice comes from a
random generator seeded with the letter's name.

Honesty of the split. Each split has its own pool of sentences, written
apart: `main` for train, `dev` for dev, `test` for test. So the dev figure
(used to choose the classifier's threshold and to see what rules miss) and
the test figure (never used to tune anything) measure sentences the rules
and the model have not seen, not what they memorised. Only the fillers
(names, dates, amounts) are shared.

Bank syntax (one YAML mapping of slot name to a list of variants per file):
- `[tag,tag] text`: the variant fits only letters with these tags: a form of
  address (tu, usted, vos, vosotros, ustedes), a region (ES, MX, AR, CO, PE,
  CL, UK, US) or a family of kinds (end, pay, silence, decline, reneg, reply).
  Tags of one sort are alternatives; every sort named must fit.
- `<a|b|c|d|e>`: Spanish forms of address in the order tu|usted|vos|vosotros|ustedes;
  `<a|b>` in English: US|UK spelling. Shortcuts: <te> <tu> <tus> <ti> <tú>
  <contigo> <H> (has/ha/...), <V:verb> (present tense of a verb).
- `[[a|b|c]]`: one of these, at random (may nest inside a variant, not in itself).
- `{name}`: a filler (client, date, amount, invoice...; see `Letter.fill`).
- `⟦...⟧` in a problem variant: the annotated phrase, when it is not the whole sentence.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "corpus" / "letters"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

from addressing import ADDRESSES, expand_address  # noqa: E402
from fillers import Fillers  # noqa: E402

# The letter kinds are the checker's contract's, in its order.
from despedida.core.tone.model import KINDS  # noqa: E402

SPLITS = {"train": 480, "dev": 96, "test": 96}
POOL = {"train": "main", "dev": "dev", "test": "test"}
LANGS = ("es", "en")
REQUIRED = yaml.safe_load((ROOT / "despedida" / "core" / "tone" / "rules" / "kinds.yaml").read_text(encoding="utf-8"))[
    "kinds"
]
PLANS = yaml.safe_load((HERE / "plans.yaml").read_text(encoding="utf-8"))

# How often each problem is chosen: the subtle ones the checker used to miss
# (issue 14) weigh most.
PROBLEM_WEIGHTS = {
    "sarcasm.polite": 12,
    "sarcasm.condescension": 6,
    "blame.story": 8,
    "blame.direct": 5,
    "threat.veiled": 9,
    "threat.explicit": 5,
    "emotional.guilt": 6,
    "emotional.venting": 6,
    "emotional.apology": 4,
    "attack": 5,
    "absolute": 5,
    "us_vs_them": 3,
    "jargon": 3,
    "shouting": 3,
}
REGIONS = {
    "es": {"ES": 32, "MX": 25, "AR": 18, "CO": 17, "PE": 4, "CL": 4},
    "en": {"UK": 45, "US": 55},
}
REGION_ADDRESS = {
    "ES": {"tu": 45, "usted": 20, "vosotros": 35},
    "MX": {"usted": 50, "tu": 30, "ustedes": 20},
    "AR": {"vos": 80, "ustedes": 20},
    "CO": {"usted": 70, "tu": 15, "ustedes": 15},
    "PE": {"usted": 70, "ustedes": 30},
    "CL": {"tu": 60, "usted": 40},
    "UK": {"you": 1},
    "US": {"you": 1},
}
TAG_SORTS = {
    "address": set(ADDRESSES) | {"you"},
    "region": {"ES", "MX", "AR", "CO", "PE", "CL", "UK", "US"},
    "family": {"end", "pay", "silence", "decline", "reneg", "reply"},
}
_TAGS = re.compile(r"^\[([A-Za-z,]+)\]\s*")
_CHOICE = re.compile(r"\[\[([^\[\]]*)\]\]")
_FILL = re.compile(r"\{(\w+)\}")
_MARK = re.compile(r"⟦(.*?)⟧", re.S)


class BankError(ValueError):
    pass


def stable(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Variant:
    text: str
    tags: dict[str, frozenset[str]]

    def fits(self, letter_tags: dict[str, frozenset[str]]) -> bool:
        return all(allowed & letter_tags.get(sort, frozenset()) for sort, allowed in self.tags.items())


def parse_variant(path: Path, slot: str, raw: object) -> Variant:
    if not isinstance(raw, str) or not raw.strip():
        raise BankError(f"{path}: {slot}: a variant must be a non-empty string")
    text = raw.strip()
    tags: dict[str, set[str]] = {}
    match = _TAGS.match(text)
    if match and not text.startswith("[["):
        for tag in match.group(1).split(","):
            sort = next((s for s, names in TAG_SORTS.items() if tag in names), None)
            if sort is None:
                raise BankError(f"{path}: {slot}: unknown tag {tag!r} in {text[:60]!r}")
            tags.setdefault(sort, set()).add(tag)
        text = text[match.end() :]
    return Variant(text, {sort: frozenset(names) for sort, names in tags.items()})


def load_pool(lang: str, pool: str) -> dict[str, list[Variant]]:
    banks: dict[str, list[Variant]] = {}
    folder = HERE / "banks" / lang / pool
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for slot, variants in data.items():
            if not isinstance(variants, list) or not variants:
                raise BankError(f"{path}: {slot}: expected a non-empty list")
            # A slot may continue in another file of the pool (a later batch of sentences).
            banks.setdefault(slot, []).extend(parse_variant(path, slot, raw) for raw in variants)
    if not banks:
        raise BankError(f"{folder}: no banks")
    return banks


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = sorted(weights)
    return rng.choices(names, [weights[n] for n in names])[0]


@dataclass
class Piece:
    """A sentence (or a paragraph) of a letter, with the problem it carries, if any."""

    text: str
    category: str | None = None
    phrase: str | None = None


@dataclass
class Letter:
    lang: str
    kind: str
    split: str
    name: str
    rng: random.Random
    tags: dict[str, frozenset[str]]
    address: str
    fill: Fillers
    banks: dict[str, list[Variant]]  # the split's pool of sentences
    provided: set[str] = field(default_factory=set)
    triggers_terms: bool = False
    whole_letter_problems: list[str] = field(default_factory=list)  # categories without a phrase (length)

    def candidates(self, slot: str) -> list[Variant]:
        """The variants of "<kind>.<slot>" that fit the letter, else those of the generic "<slot>"."""
        for name in (f"{self.kind}.{slot}", slot):
            found = [v for v in self.banks.get(name, []) if v.fits(self.tags)]
            if found:
                return found
        return []

    def has(self, slot: str) -> bool:
        return bool(self.candidates(slot))

    def render(self, text: str) -> str:
        for _ in range(5):  # choices may hold fillers and the other way round
            text = _CHOICE.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
        text = expand_address(text, self.lang, self.address, self.fill.region)
        text = _FILL.sub(lambda m: self.fill.value(m.group(1)), text)
        if self.lang == "es":
            text = re.sub(r"\b([Dd])e el\b", r"\1el", text)
            text = re.sub(r"\b([Aa]) el\b", r"\1l", text)
        if re.search(r"[{}<>]|\[\[|\]\]", text):
            raise BankError(f"{self.name}: unexpanded markup in {text!r}")
        return text

    def pick(self, slot: str) -> str:
        options = self.candidates(slot)
        if not options:
            raise BankError(f"{self.name}: no variant of {slot!r} fits {self.tags} ({self.split})")
        return self.render(self.rng.choice(options).text)

    def problem(self, name: str) -> Piece | None:
        family_slots = [f"{family}.problem.{name}" for family in sorted(self.tags["family"])]
        options = []
        for slot in [f"problem.{name}", *family_slots]:
            options += [v for v in self.banks.get(slot, []) if v.fits(self.tags)]
        if not options:
            return None
        text = self.render(self.rng.choice(options).text)
        marked = _MARK.search(text)
        phrase = marked.group(1) if marked else text.rstrip(" .")
        text = _MARK.sub(lambda m: m.group(1), text)
        return Piece(text, name.split(".")[0], phrase.strip())


def providing_slots(element: str) -> set[str]:
    """The bank slots ("<kind>.<slot>") whose sentences give a letter the element,
    the replacements written for another dropped element included."""
    slots = set()
    for kind, plan in PLANS.items():
        for spec in plan["slots"]:
            slot, options = next(iter(spec.items())) if isinstance(spec, dict) else (spec, {})
            provides = set((options or {}).get("provides", []))
            if element not in provides:
                continue
            slots.add(f"{kind}.{slot}")
            for dropped, how in (plan.get("drop") or {}).items():
                if dropped in provides and dropped != element and how != "omit":
                    slots.add(f"{kind}.{how}")
    return slots


def variant_tags(
    lang: str, slot: str, variant: Variant, rng: random.Random
) -> tuple[dict[str, frozenset[str]], str, str]:
    """Tags, region and form of address of a letter the variant fits, to render it on its own."""
    kind = slot.split(".")[0]
    families = variant.tags.get("family") or frozenset(PLANS.get(kind, {}).get("families", ("end",)))
    regions = sorted(variant.tags.get("region") or REGIONS[lang])
    for _ in range(50):
        region = rng.choice(regions)
        addresses = sorted(set(REGION_ADDRESS[region]) & set(variant.tags.get("address") or REGION_ADDRESS[region]))
        if addresses:
            address = rng.choice(addresses)
            tags = {"region": frozenset([region]), "address": frozenset([address]), "family": frozenset(families)}
            return tags, region, address
    raise BankError(f"{slot}: no region fits {variant.text[:60]!r}")


def letter_tags(lang: str, kind: str, rng: random.Random) -> dict[str, frozenset[str]]:
    region = weighted(rng, REGIONS[lang])
    address = weighted(rng, REGION_ADDRESS[region])
    return {
        "region": frozenset([region]),
        "address": frozenset([address]),
        "family": frozenset(PLANS[kind]["families"]),
    }


def compose(lang: str, kind: str, split: str, index: int, banks: dict[str, list[Variant]]) -> tuple[str, str]:
    """One letter: its file name and its text with front matter."""
    name = f"g-{lang}-{kind}-{split}-{index:04d}"
    rng = random.Random(stable(name))
    tags = letter_tags(lang, kind, rng)
    (region,), (address,) = tags["region"], tags["address"]
    letter = Letter(lang, kind, split, name, rng, tags, address, Fillers(lang, region, rng), banks)
    plan = PLANS[kind]
    clean = rng.random() < 0.45
    body: list[Piece] = []
    dropped: str | None = None
    if not clean and rng.random() < 0.3:
        droppable = list(plan.get("drop", {}))
        if droppable:
            dropped = rng.choice(sorted(droppable))

    for spec in plan["slots"]:
        slot, options = next(iter(spec.items())) if isinstance(spec, dict) else (spec, {})
        options = options or {}
        provides = set(options.get("provides", []))
        if dropped and dropped in provides:
            how = plan["drop"][dropped]
            if how == "omit":
                continue
            slot, provides = how, provides - {dropped}
        elif rng.random() >= options.get("p", 1.0):
            continue
        if not letter.has(slot):
            raise BankError(f"{name}: no bank for slot {slot!r} ({tags})")
        body.append(Piece(letter.pick(slot)))
        letter.provided |= provides
        if options.get("triggers"):
            letter.triggers_terms = True

    if rng.random() < 0.35 and letter.has("hardneg"):
        body.insert(rng.randint(0, len(body)), Piece(letter.pick("hardneg")))
    # Ordinary sentences of a working letter, so clean text is as varied as the problems.
    # (Only pools that have such sentences draw for them, so adding them to one
    # pool leaves the letters of the other unchanged.)
    if letter.has("neutral"):
        for _ in range(rng.choices([0, 1, 2], [35, 45, 20])[0]):
            body.insert(rng.randint(0, len(body)), Piece(letter.pick("neutral")))

    if not clean:
        count = rng.choices([1, 2, 3], [45, 35, 20])[0]
        used: set[str] = set()
        for _ in range(count * 3):
            if len(used) >= count:
                break
            problem_name = weighted(rng, PROBLEM_WEIGHTS)
            if problem_name in used or (kind == "formal_demand" and problem_name == "threat.explicit"):
                continue  # naming the legal step is what a formal demand is for
            piece = letter.problem(problem_name)
            if piece is None:
                continue
            used.add(problem_name)
            body.insert(rng.randint(0, len(body)), piece)
        if not used and dropped is None:
            piece = letter.problem("sarcasm.polite")
            body.insert(len(body), piece)

    greeting = letter.pick("greeting")
    closing_lines = []
    if dropped != "courtesy":
        closing_lines.append(letter.pick("signoff"))
        letter.provided.add("courtesy")
    closing_lines.append(letter.fill.value("me"))
    subject = letter.pick("subject")

    # Long letters: a few carry the length problem on purpose.
    long_letter = not clean and rng.random() < 0.04 and letter.has("ramble")
    if long_letter:
        limit = PLANS[kind].get("limit")
        if limit:
            while sum(len(re.findall(r"\w+", p.text)) for p in body) <= limit + 20:
                body.insert(rng.randint(1, len(body)), Piece(letter.pick("ramble")))
            letter.whole_letter_problems.append("length")

    # Sentences run together into paragraphs now and then, as people write.
    paragraphs: list[str] = []
    for piece in body:
        if paragraphs and rng.random() < 0.4:
            paragraphs[-1] += " " + piece.text
        else:
            paragraphs.append(piece.text)
    text_parts = [("Asunto: " if lang == "es" else "Subject: ") + subject, "", greeting, ""]
    for paragraph in paragraphs:
        text_parts += [paragraph, ""]
    text_parts += closing_lines
    text = "\n".join(text_parts) + "\n"

    problems = []
    for piece in body:
        if piece.category:
            problems.append({"category": piece.category, "phrase": piece.phrase})
    problems += [{"category": category} for category in letter.whole_letter_problems]
    mentions_money = letter.triggers_terms or bool(
        re.search(
            r"factur|invoic|\d[\d.,]*\s?(?:€|eur|usd|mxn|ars|cop|pen|clp|gbp)|[€$£]\s?\d|S/\.?\s?\d",
            "\n".join(p.text for p in body),
            re.I,
        )
    )
    # Thanks anywhere in the writer's own sentences (not an ironic one) is courtesy, whatever the slot.
    plain = [subject] + [piece.text for piece in body if piece.category is None]
    if any(re.search(r"gracias|agradec|\bthank|grateful|\bappreciate", text, re.I) for text in plain):
        letter.provided.add("courtesy")
    required = set(REQUIRED[kind]["elements"])
    if not mentions_money:
        required.discard("invoice_terms")
    missing = sorted(required - letter.provided)
    if clean and (problems or missing):
        raise BankError(f"{name}: a clean letter lacks {missing}")
    meta = {
        "lang": lang,
        "kind": kind,
        "clean": not problems and not missing,
        "voice": f"{region} {address}",
        "problems": problems,
        "missing": missing,
    }
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return name, f"---\n{head}---\n{text}"


def generate() -> dict[Path, str]:
    files: dict[Path, str] = {}
    for lang in LANGS:
        pools = {pool: load_pool(lang, pool) for pool in sorted(set(POOL.values()))}
        for split, count in SPLITS.items():
            pool = pools[POOL[split]]
            for index in range(count):
                kind = KINDS[index % len(KINDS)]
                name, content = compose(lang, kind, split, index, pool)
                files[OUT / split / f"{name}.txt"] = content
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args(argv)
    files = generate()
    on_disk = {path: path.read_text(encoding="utf-8") for split in SPLITS for path in (OUT / split).glob("g-*.txt")}
    if args.check:
        differ = sorted(str(p.relative_to(ROOT)) for p in set(files) | set(on_disk) if files.get(p) != on_disk.get(p))
        for path in differ[:20]:
            print(f"differs: {path}")
        return 1 if differ else 0
    for path in on_disk.keys() - files.keys():
        path.unlink()
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if on_disk.get(path) != content:
            path.write_text(content, encoding="utf-8")
    print(f"{len(files)} letters in {OUT.relative_to(ROOT)}/{{{','.join(SPLITS)}}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
