"""Which column of a file is which of our fields: presets, `--map` files and the web mapper.

A mapping file (YAML or JSON) looks like this:

    kind: invoices
    columns:            # our field: the file's column
      number: Num factura
      client: Cliente
      tax_id: NIF
      issued_on: Fecha
      total: Total
    date_order: dmy     # optional: day first (dmy) or month first (mdy)
    decimal: comma      # optional: comma or point, when the values leave it open
    lines: sum          # optional: rows sharing an invoice number are its lines

Presets are mapping files with a name, a label, the documentation their
columns come from, and `signature`: the columns whose presence in a header
row identifies the tool's export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import yaml

from .dates import DateOrder
from .fields import FIELDS, Kind, missing_groups
from .numbers import COMMA, POINT
from .problems import CsvError, Problem
from .source import Table, normalize_header

DECIMAL_WORDS = {"comma": COMMA, "point": POINT, ",": COMMA, ".": POINT}


@dataclass(slots=True)
class Mapping:
    kind: Kind
    columns: dict[str, str]  # our field -> the file's column name
    date_order: DateOrder | None = None
    decimal: str | None = None  # COMMA or POINT
    lines: str | None = None  # "sum": rows sharing an invoice number add up
    name: str = ""  # the preset's name, "" for a mapping file or the mapper
    label: str = ""
    source: str = ""
    signature: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # the tool's status word -> ours
    optional: set[str] = field(default_factory=set)  # fields used when the file has their column

    def column_indexes(self, table: Table) -> tuple[dict[str, int], list[str]]:
        """Field -> index in the table's rows, and the mapped columns the table lacks."""
        found, missing = {}, []
        for name, column in self.columns.items():
            index = table.column_index(column)
            if index is None:
                if name not in self.optional:
                    missing.append(column)
            else:
                found[name] = index
        return found, missing


def parse_mapping(document: object, origin: str = "") -> Mapping:
    """A mapping from a parsed YAML/JSON document; CsvError naming every problem."""
    problems: list[Problem] = []
    if not isinstance(document, dict):
        raise CsvError([Problem("map_not_object", {"origin": origin})])
    try:
        kind = Kind(document.get("kind"))
    except ValueError:
        raise CsvError([Problem("map_bad_kind", {"origin": origin, "value": document.get("kind")})]) from None
    columns = document.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise CsvError([Problem("map_no_columns", {"origin": origin})])
    known = FIELDS[kind]
    clean: dict[str, str] = {}
    for name, column in columns.items():
        if name is True:  # YAML 1.1 reads a bare `on:` key as true
            name = "on"
        if name not in known:
            problems.append(Problem("map_unknown_field", {"origin": origin, "field": name, "kind": kind.value}))
        elif not isinstance(column, str) or not column.strip():
            problems.append(Problem("map_bad_column", {"origin": origin, "field": name}))
        else:
            clean[name] = column.strip()
    date_order = document.get("date_order")
    if date_order is not None and date_order not in ("dmy", "mdy"):
        problems.append(Problem("map_bad_date_order", {"origin": origin, "value": date_order}))
    decimal = document.get("decimal")
    if decimal is not None and decimal not in DECIMAL_WORDS:
        problems.append(Problem("map_bad_decimal", {"origin": origin, "value": decimal}))
    lines = document.get("lines")
    if lines not in (None, "sum"):
        problems.append(Problem("map_bad_lines", {"origin": origin, "value": lines}))
    for group in missing_groups(kind, set(clean)):
        problems.append(Problem("map_missing_field", {"origin": origin, "fields": " / ".join(group)}))
    if problems:
        raise CsvError(problems)
    statuses = document.get("statuses") or {}
    return Mapping(
        kind=kind,
        columns=clean,
        date_order=DateOrder(date_order) if date_order else None,
        decimal=DECIMAL_WORDS.get(decimal) if decimal else None,
        lines=lines,
        name=str(document.get("name", "")),
        label=str(document.get("label", "")),
        source=str(document.get("source", "")),
        signature=[str(c) for c in document.get("signature") or list(clean.values())],
        statuses={normalize_header(str(k)): str(v) for k, v in statuses.items()},
        optional={str(name) for name in document.get("optional") or []},
    )


def read_mapping_file(path: str) -> Mapping:
    try:
        with open(path, encoding="utf-8") as file:
            document = yaml.safe_load(file)
    except OSError as error:
        raise CsvError([Problem("map_unreadable", {"origin": path, "detail": error.strerror or str(error)})]) from None
    except yaml.YAMLError as error:
        raise CsvError([Problem("map_not_yaml", {"origin": path, "detail": str(error).splitlines()[0]})]) from None
    return parse_mapping(document, path)


def load_presets() -> dict[str, Mapping]:
    """Every preset shipped in `presets/`, by name."""
    presets = {}
    for entry in sorted(resources.files(__package__).joinpath("presets").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            preset = parse_mapping(yaml.safe_load(entry.read_text(encoding="utf-8")), entry.name)
            presets[preset.name] = preset
    return presets


PRESETS = load_presets()


def detect_preset(table: Table, kind: Kind | None = None) -> Mapping | None:
    """The preset whose signature columns are all in the header (the most specific one)."""
    headers = {normalize_header(h) for h in table.header}
    best, best_size = None, 0
    for preset in PRESETS.values():
        if kind is not None and preset.kind != kind:
            continue
        signature = {normalize_header(c) for c in preset.signature}
        if signature <= headers and len(signature) > best_size:
            best, best_size = preset, len(signature)
    return best


def check_columns(mapping: Mapping, table: Table) -> dict[str, int]:
    """Field -> column index; CsvError naming the columns the file lacks."""
    indexes, missing = mapping.column_indexes(table)
    if missing:
        raise CsvError(
            [
                Problem(
                    "missing_columns",
                    {
                        "columns": ", ".join(f"«{c}»" for c in missing),
                        "preset": mapping.label or mapping.name,
                    },
                )
            ]
        )
    return indexes
