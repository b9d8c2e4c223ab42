"""Write the hostile portfolio files of this folder, and `expected.json`.

    .venv/bin/python tests/portability/hostile/make_files.py

Each file is the format's example (tests/portfolio/example.json) with one
thing wrong in it, of a kind testers and attackers have thrown at the
product: numbers no column holds, dates the engine cannot add to, texts
no store keeps, repeated keys, broken encodings, nesting deep enough to
crash a parser... `expected.json` names, for each file, the JSON path its
problem must be reported at ("" for a problem of the whole file) and a
fragment of the English sentence. tests/portability/test_hostile_files.py
throws every file at `despedida import`, `despedida assess FILE` and the
web import preview.

The files are committed, so they can also be thrown by hand:
`despedida import tests/portability/hostile/amount-1e400.json`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "portfolio" / "example.json"
RAW = "@@raw@@"  # a string value replaced by raw JSON text after dumping


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def dump(document: dict, raw: str | None = None) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if raw is not None:
        text = text.replace(json.dumps(RAW), raw)
    return text


CASES: dict[str, tuple[object, str, str]] = {}


def case(name: str, path: str, fragment: str):
    """Register a file: the decorated function returns its text (str) or bytes."""

    def register(make):
        CASES[name] = (make, path, fragment)
        return make

    return register


def client(document: dict) -> dict:
    return document["clients"][0]


def with_value(setter, raw: str | None = None):
    document = example()
    setter(document)
    return dump(document, raw)


def invoice_amount(value, raw=None):
    return with_value(lambda d: client(d)["invoices"][0].__setitem__("amount", value), raw)


INVOICE = "clients[0].invoices[0]"

# -- numbers ----------------------------------------------------------------

case("amount-1e400.json", f"{INVOICE}.amount", "too big")(lambda: invoice_amount("1e400"))
case("amount-1e400-number.json", f"{INVOICE}.amount", "too big")(lambda: invoice_amount(RAW, "1e400"))
case("amount-60-digits.json", f"{INVOICE}.amount", "too big")(lambda: invoice_amount("1" * 60))
case("amount-5001-digit-integer.json", f"{INVOICE}.amount", "too big")(lambda: invoice_amount(RAW, "7" * 5001))
case("amount-5001-digit-decimal.json", f"{INVOICE}.amount", "too big")(lambda: invoice_amount(RAW, "7" * 5001 + ".5"))
case("amount-exponent-999999999.json", f"{INVOICE}.amount", "too big")(lambda: invoice_amount(RAW, "1e999999999"))
case("amount-1e-400.json", f"{INVOICE}.amount", "decimal places")(lambda: invoice_amount("1e-400"))
case("amount-nan-string.json", f"{INVOICE}.amount", "not a finite number")(lambda: invoice_amount("NaN"))
case("amount-minus-infinity-string.json", f"{INVOICE}.amount", "not a finite number")(
    lambda: invoice_amount("-Infinity")
)
case("amount-nan-literal.json", "", "NaN is not a JSON number")(lambda: invoice_amount(RAW, "NaN"))
case("amount-infinity-literal.json", "", "Infinity is not a JSON number")(lambda: invoice_amount(RAW, "Infinity"))
case("amount-negative.json", f"{INVOICE}.amount", "must not be negative")(lambda: invoice_amount("-5.00"))
case("amount-true.json", f"{INVOICE}.amount", "not a decimal number")(lambda: invoice_amount(True))
case("amount-object.json", f"{INVOICE}.amount", "not a decimal number")(lambda: invoice_amount({"value": 1}))
case("amount-leading-zero.json", "", "invalid JSON")(lambda: invoice_amount(RAW, "0123"))
case("payment-12-digits.json", f"{INVOICE}.payments[0].amount", "too big")(
    lambda: with_value(lambda d: client(d)["invoices"][0]["payments"][0].__setitem__("amount", "999999999999"))
)
case("fee-1e15.json", "clients[0].projects[0].fee", "too big")(
    lambda: with_value(lambda d: client(d)["projects"][0].__setitem__("fee", "1e15"))
)
case("hours-million.json", "clients[0].time[0].hours", "too big")(
    lambda: with_value(lambda d: client(d)["time"][0].__setitem__("hours", "1000000"))
)
case("hours-five-places.json", "clients[0].time[0].hours", "decimal places")(
    lambda: with_value(lambda d: client(d)["time"][0].__setitem__("hours", "0.00001"))
)
case("rate-three-places.json", "business.target_hourly_rate", "at most 2")(
    lambda: with_value(lambda d: d["business"].__setitem__("target_hourly_rate", "45.125"))
)


def terms(value, raw=None):
    return with_value(lambda d: d["business"].__setitem__("payment_terms_days", value), raw)


DAYS = "whole number of days"
case("payment-terms-1e30.json", "business.payment_terms_days", DAYS)(lambda: terms(RAW, "1e30"))
case("payment-terms-10-to-the-30.json", "business.payment_terms_days", DAYS)(lambda: terms(RAW, "1" + "0" * 30))
case("payment-terms-5001-digits.json", "business.payment_terms_days", DAYS)(lambda: terms(RAW, "9" * 5001))
case("payment-terms-negative.json", "business.payment_terms_days", DAYS)(lambda: terms(-1))
case("payment-terms-string.json", "business.payment_terms_days", DAYS)(lambda: terms("30"))
case("notice-days-100000.json", "clients[0].contract.notice_days", DAYS)(
    lambda: with_value(lambda d: client(d)["contract"].__setitem__("notice_days", 100000))
)
case("delay-days-2-to-the-40.json", "clients[0].events[1].delay_days", DAYS)(
    lambda: with_value(lambda d: client(d)["events"][1].__setitem__("delay_days", 2**40))
)

# -- dates and instants -------------------------------------------------------

case("as-of-9999-12-31.json", "as_of", "out of range")(
    lambda: with_value(lambda d: d.__setitem__("as_of", "9999-12-31"))
)
case("as-of-0001-01-01.json", "as_of", "out of range")(
    lambda: with_value(lambda d: d.__setitem__("as_of", "0001-01-01"))
)
case("due-on-february-30.json", f"{INVOICE}.due_on", "not a date")(
    lambda: with_value(lambda d: client(d)["invoices"][0].__setitem__("due_on", "2026-02-30"))
)
case("due-on-9999-12-31.json", f"{INVOICE}.due_on", "out of range")(
    lambda: with_value(lambda d: client(d)["invoices"][0].__setitem__("due_on", "9999-12-31"))
)
case("reminder-2300.json", f"{INVOICE}.reminders[0]", "out of range")(
    lambda: with_value(lambda d: client(d)["invoices"][0]["reminders"].__setitem__(0, "2300-01-01"))
)
case("milestone-1800.json", "clients[0].projects[0].milestones[0].due_on", "out of range")(
    lambda: with_value(lambda d: client(d)["projects"][0]["milestones"][0].__setitem__("due_on", "1800-01-01"))
)


def at(value):
    return with_value(lambda d: client(d)["messages"][0].__setitem__("at", value))


AT = "clients[0].messages[0].at"
case("instant-9999-minus-23-59.json", AT, "out of range")(lambda: at("9999-12-31T23:59:59-23:59"))
case("instant-0001-plus-23-59.json", AT, "out of range")(lambda: at("0001-01-01T00:00:00+23:59"))
case("instant-offset-16-hours.json", AT, "offset")(lambda: at("2025-06-01T18:40:00+16:00"))
case("instant-offset-seconds.json", AT, "offset")(lambda: at("2025-06-01T18:40:00+02:00:30"))
case("instant-without-offset.json", AT, "no time zone offset")(lambda: at("2025-06-01T18:40:00"))

# -- currencies and time zones -----------------------------------------------------

case("currency-xyz.json", "business.currency", "not an ISO 4217 currency code")(
    lambda: with_value(lambda d: d["business"].__setitem__("currency", "XYZ"))
)
case("invoice-currency-xyz.json", f"{INVOICE}.currency", "not an ISO 4217 currency code")(
    lambda: with_value(lambda d: client(d)["invoices"][0].__setitem__("currency", "XYZ"))
)
case("currency-lowercase.json", "business.currency", "not a currency code")(
    lambda: with_value(lambda d: d["business"].__setitem__("currency", "eur"))
)
case("time-zone-path.json", "business.timezone", "unknown time zone")(
    lambda: with_value(lambda d: d["business"].__setitem__("timezone", "../../../etc/passwd"))
)
case("time-zone-300-characters.json", "business.timezone", "unknown time zone")(
    lambda: with_value(lambda d: d["business"].__setitem__("timezone", "Europe/" + "x" * 300))
)

# -- texts ---------------------------------------------------------------------


def name(raw):
    """The client's name as raw JSON text (an escape the dumper would not write)."""
    return with_value(lambda d: client(d).__setitem__("name", RAW), raw)


case("name-lone-surrogate.json", "clients[0].name", "surrogate")(lambda: name(r'"\ud800"'))
case("name-lone-low-surrogate.json", "clients[0].name", "surrogate")(lambda: name(r'"Acme \udfff SL"'))
case("name-reversed-surrogate-pair.json", "clients[0].name", "surrogate")(lambda: name(r'"\ude00\ud83d"'))
case("name-nul-escape.json", "clients[0].name", "NUL")(lambda: name(r'"Acme\u0000"'))
case("name-escape-sequence.json", "clients[0].name", "control character")(lambda: name(r'"\u001b[31mAcme"'))
case("subject-backspace.json", "clients[0].messages[0].subject", "control character")(
    lambda: with_value(lambda d: client(d)["messages"][0].__setitem__("subject", RAW), r'"Entrega\b\b\b"')
)
case("note-lone-surrogate.json", "clients[0].time[0].note", "surrogate")(
    lambda: with_value(lambda d: client(d)["time"][0].__setitem__("note", RAW), r'"a\udbffb"')
)
case("unknown-key-lone-surrogate.json", 'clients[0]["x-\\udc00"]', "surrogate")(
    lambda: dump(example()).replace('"id": "acme",', '"id": "acme", "x-\\udc00": 1,', 1)
)
case("unknown-value-nul.json", "clients[0].x-memo", "NUL")(
    lambda: with_value(lambda d: client(d).__setitem__("x-memo", RAW), r'"a\u0000b"')
)
case("name-201-characters.json", "clients[0].name", "too long")(
    lambda: with_value(lambda d: client(d).__setitem__("name", "N" * 201))
)
case("name-100000-characters.json", "clients[0].name", "too long")(
    lambda: with_value(lambda d: client(d).__setitem__("name", "Ñ" * 100_000))
)
case("subject-501-characters.json", "clients[0].messages[0].subject", "too long")(
    lambda: with_value(lambda d: client(d)["messages"][0].__setitem__("subject", "s" * 501))
)
case("email-300-characters.json", "clients[0].contact.email", "too long")(
    lambda: with_value(lambda d: client(d)["contact"].__setitem__("email", "a" * 290 + "@acme.example"))
)
case("client-id-121-characters.json", "clients[0].id", "too long")(
    lambda: with_value(lambda d: client(d).__setitem__("id", "a" * 121))
)
case("invoice-id-121-characters.json", f"{INVOICE}.id", "too long")(
    lambda: with_value(lambda d: client(d)["invoices"][0].__setitem__("id", "F" * 121))
)
case("client-id-empty.json", "clients[0].id", "must not be empty")(
    lambda: with_value(lambda d: client(d).__setitem__("id", ""))
)
case("name-a-number.json", "clients[0].name", "must be a string")(
    lambda: with_value(lambda d: client(d).__setitem__("name", 123))
)

# -- structure -------------------------------------------------------------------

case("duplicate-key-amount.json", f"{INVOICE}.amount", "appears 2 times")(
    lambda: dump(example()).replace('"amount": "2400.00",', '"amount": "1.00", "amount": "2400.00",', 1)
)
case("duplicate-key-as-of.json", "as_of", "appears 2 times")(
    lambda: dump(example()).replace('"as_of": "2026-11-22",', '"as_of": "2020-01-01", "as_of": "2026-11-22",', 1)
)
case("duplicate-key-clients.json", "clients", "appears 2 times")(
    lambda: dump(example())[:-2] + ',\n "clients": []\n}\n'
)
case("duplicate-key-in-unknown-object.json", "clients[0].x-meta.a", "appears 3 times")(
    lambda: with_value(lambda d: client(d).__setitem__("x-meta", RAW), '{"a": 1, "a": 2, "a": 3}')
)
case("duplicate-client-id.json", "clients[1].id", "duplicate id")(
    lambda: with_value(lambda d: d["clients"].append(copy.deepcopy(client(d))))
)
case("clients-an-object.json", "clients", "must be a list")(
    lambda: with_value(lambda d: d.__setitem__("clients", {"acme": client(d)}))
)
case("business-a-list.json", "business", "must be an object")(
    lambda: with_value(lambda d: d.__setitem__("business", []))
)
case("invoices-a-string.json", "clients[0].invoices", "must be a list")(
    lambda: with_value(lambda d: client(d).__setitem__("invoices", "none"))
)
case("time-entry-a-string.json", "clients[0].time[0]", "must be an object")(
    lambda: with_value(lambda d: client(d)["time"].__setitem__(0, "6 horas"))
)
case("nested-100000-deep-at-the-top.json", "", "nested too deeply")(
    lambda: with_value(lambda d: d.__setitem__("x-deep", RAW), "[" * 100_000 + "]" * 100_000)
)
case("nested-100000-deep-in-a-client.json", "", "nested too deeply")(
    lambda: with_value(lambda d: client(d).__setitem__("x-deep", RAW), '{"a":' * 100_000 + "1" + "}" * 100_000)
)
case("unknown-key-nested-40-deep.json", "clients[0].x-deep" + "[0]" * 32, "nested more than 32 levels")(
    lambda: with_value(lambda d: client(d).__setitem__("x-deep", RAW), "[" * 40 + "]" * 40)
)
case("unknown-key-1e400.json", "clients[0].x-weight", "number under a key")(
    lambda: with_value(lambda d: client(d).__setitem__("x-weight", RAW), "1e400")
)
case("unknown-key-200-digit-integer.json", "business.x-big", "number under a key")(
    lambda: with_value(lambda d: d["business"].__setitem__("x-big", RAW), "9" * 200)
)
case("unknown-key-1e-400.json", "clients[0].projects[0].x-tiny", "number under a key")(
    lambda: with_value(lambda d: client(d)["projects"][0].__setitem__("x-tiny", RAW), "1e-400")
)
case("top-level-array.json", "", "top level must be a JSON object")(lambda: "[" + dump(example()) + "]")
case("top-level-string.json", "", "top level must be a JSON object")(lambda: '"despedida.portfolio/1"')
case("format-version-2.json", "format", "must be")(
    lambda: with_value(lambda d: d.__setitem__("format", "despedida.portfolio/2"))
)

# -- the file's bytes -------------------------------------------------------------

case("empty.json", "", "empty file")(lambda: "")
case("only-whitespace.json", "", "empty file")(lambda: " \n\t\n")
case("two-byte-order-marks.json", "", "invalid JSON")(lambda: ("\ufeff\ufeff" + dump(example())).encode("utf-8"))
case("trailing-garbage.json", "", "Extra data")(lambda: dump(example()) + "\nxyz")
case("two-documents.json", "", "Extra data")(lambda: dump(example()) + "\n{}")
case("truncated.json", "", "invalid JSON")(lambda: dump(example())[: len(dump(example())) // 2])
case("latin-1.json", "", "not UTF-8 text")(lambda: dump(example()).encode("latin-1"))
case("utf-16.json", "", "binary file")(lambda: dump(example()).encode("utf-16"))
case("gzip.json", "", "binary file")(lambda: b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 20)
case("encoded-surrogate-bytes.json", "", "not UTF-8 text")(
    lambda: dump(example()).encode("utf-8").replace(b"Acme Retail SL", b"Acme \xed\xa0\x80 SL", 1)
)
case("raw-nul-after-8-kilobytes.json", "", "invalid JSON")(
    lambda: with_value(lambda d: client(d)["time"][0].__setitem__("note", RAW), '"' + "n" * 9000 + '\x00"')
)
case("raw-control-character.json", "", "invalid JSON")(
    lambda: with_value(lambda d: client(d)["time"][0].__setitem__("note", RAW), '"a\x01b"')
)


def main() -> None:
    expected = {}
    for name, (make, path, fragment) in CASES.items():
        content = make()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (HERE / name).write_bytes(data)
        expected[name] = {"path": path, "fragment": fragment}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(expected)} files written to {HERE}")


if __name__ == "__main__":
    main()
