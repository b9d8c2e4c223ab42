"""The review step of a CSV import: the column mapper's state and the preview it gives.

`build_review` reads the uploaded file with the owner's choices (a preset,
which column is which field, the date order), and returns what the page
shows: each column of the file with sample values and the field it feeds,
the first records as they will be stored, every row problem, the close
client names to confirm and the new clients. Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from despedida.csv_import.dates import DateOrder
from despedida.csv_import.fields import FIELDS, Kind, missing_groups
from despedida.csv_import.mapping import PRESETS, Mapping, detect_preset
from despedida.csv_import.problems import CsvError, Problem
from despedida.csv_import.reading import Reading, read_records
from despedida.csv_import.records import InvoiceRecord, PaymentRecord, TimeRecord
from despedida.csv_import.source import Table, read_table
from despedida.portability.csv_messages import FIELD_LABELS, missing_fields_text, notice_text, problem_text
from despedida.portability.csv_store import Plan, plan_import

PREVIEW_ROWS = 10
MAX_PROBLEMS_SHOWN = 500
AUTO = "auto"


@dataclass
class Column:
    index: int
    name: str
    samples: list[str]
    field: str = ""


@dataclass
class Review:
    kind: Kind
    file_problems: list[str] = field(default_factory=list)
    preset: Mapping | None = None
    columns: list[Column] = field(default_factory=list)
    mapping_problems: list[str] = field(default_factory=list)
    reading: Reading | None = None
    plan: Plan | None = None
    date_order: str = ""
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    notices: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def needs_date_order(self) -> bool:
        return self.reading is not None and self.reading.needs_date_order

    @property
    def ready(self) -> bool:
        """Nothing stands in the way of importing (close names are confirmed on the same form)."""
        return self.plan is not None and not self.problems and not self.mapping_problems

    def field_choices(self) -> list[tuple[str, str]]:
        return [(name, str(FIELD_LABELS[name])) for name in FIELDS[self.kind]]


def presets_for(kind: Kind) -> list[Mapping]:
    return [p for p in PRESETS.values() if p.kind == kind]


def build_review(workspace, data: bytes, kind: Kind, choices: dict) -> Review:
    """`choices`: "preset" (a name, "" for none, absent or "auto" to detect), "columns"
    ({column index: field}, absent to take the preset's), "date_order" ("", "dmy", "mdy")."""
    review = Review(kind=kind, date_order=choices.get("date_order") or "")
    try:
        table = read_table(data)
    except CsvError as error:
        review.file_problems = [problem_text(p) for p in error.problems]
        return review
    chosen = choices.get("preset", AUTO)
    if chosen == AUTO:
        review.preset = detect_preset(table, kind)
    else:
        preset = PRESETS.get(chosen)
        review.preset = preset if preset is not None and preset.kind == kind else None
    review.columns = [Column(i, name, table.samples(i)) for i, name in enumerate(table.header)]
    fields_by_index = _columns_chosen(table, review.preset, choices.get("columns"))
    for column in review.columns:
        column.field = fields_by_index.get(column.index, "")
    mapping = _mapping(review, table)
    if mapping is None:
        return review
    order = DateOrder(review.date_order) if review.date_order in ("dmy", "mdy") else None
    try:
        review.reading = read_records(table, mapping, order)
    except CsvError as error:
        review.mapping_problems = [problem_text(p) for p in error.problems]
        return review
    reading = review.reading
    review.problem_count = len(reading.problems)
    review.problems = [problem_text(p) for p in reading.problems[:MAX_PROBLEMS_SHOWN]]
    review.notices = [notice_text(n) for n in reading.notices]
    if reading.ok:
        review.plan = plan_import(workspace, reading)
        review.rows = [_row(record, review.plan) for record in reading.records[:PREVIEW_ROWS]]
    return review


def _columns_chosen(table: Table, preset: Mapping | None, posted: dict | None) -> dict[int, str]:
    if posted is not None:
        return {int(index): name for index, name in posted.items() if name}
    if preset is None:
        return {}
    found = {}
    for name, column in preset.columns.items():
        index = table.column_index(column)
        if index is not None:
            found[index] = name
    return found


def _mapping(review: Review, table: Table) -> Mapping | None:
    chosen = [(c.field, c) for c in review.columns if c.field]
    known = FIELDS[review.kind]
    seen: dict[str, Column] = {}
    for name, column in chosen:
        if name not in known:
            continue
        if name in seen:
            review.mapping_problems.append(
                problem_text(
                    Problem(
                        "mapper_field_twice",
                        {"field": FIELD_LABELS[name], "first": seen[name].name},
                        column=column.name,
                    )
                )
            )
        seen[name] = column
    missing = missing_groups(review.kind, set(seen))
    if missing:
        review.mapping_problems.append(
            problem_text(Problem("mapper_missing", {"fields": missing_fields_text(missing)}))
        )
    if review.mapping_problems:
        return None
    preset = review.preset
    columns = {name: column.name for name, column in seen.items()}
    return Mapping(
        kind=review.kind,
        columns=columns,
        date_order=preset.date_order if preset else None,
        decimal=preset.decimal if preset else None,
        lines=preset.lines if preset else None,
        name=preset.name if preset else "",
        label=preset.label if preset else "",
        statuses=dict(preset.statuses) if preset else {},
    )


def _row(record, plan: Plan) -> dict:
    match = plan.matches.get((getattr(record, "client", ""), getattr(record, "tax_id", "")))
    base = {"row": record.row, "client": getattr(record, "client", "") or getattr(record, "tax_id", ""), "match": match}
    if isinstance(record, InvoiceRecord):
        return {
            **base,
            "number": record.number,
            "issued_on": record.issued_on,
            "due_on": record.due_on,
            "amount": record.total,
            "subtotal": record.subtotal,
            "currency": record.currency,
            "paid_on": record.paid_on,
            "paid_amount": record.paid_amount,
            "assumed": record.paid_on_assumed,
            "credit_note": record.is_credit_note,
        }
    if isinstance(record, PaymentRecord):
        return {
            **base,
            "number": record.invoice,
            "paid_on": record.on,
            "amount": record.amount,
            "currency": record.currency,
        }
    assert isinstance(record, TimeRecord)
    return {**base, "on": record.on, "hours": record.hours, "project": record.project, "note": record.note}
