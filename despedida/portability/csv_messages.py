"""The sentences of CSV imports, in the reader's language: problems, notices, summaries.

The pure reader (`despedida.csv_import`) gives codes and values; this is
the one place they become words, for the command line and the web alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from despedida.csv_import.problems import Problem
from despedida.csv_import.reading import Notice

PROBLEMS = {
    "empty_file": gettext_lazy("the file is empty"),
    "binary_file": gettext_lazy("not a text file: save the export as CSV"),
    "bad_encoding": gettext_lazy("cannot be read as %(encoding)s text (byte %(offset)s)"),
    "bad_csv": gettext_lazy("not a CSV file: %(detail)s"),
    "no_header": gettext_lazy("the first row must name the columns"),
    "missing_columns": gettext_lazy(
        "the file lacks the columns %(columns)s that %(preset)s needs: is it the right export or preset?"
    ),
    "date_orders_mixed": gettext_lazy(
        "the dates of %(columns)s are written day first in some rows and month first in others"
    ),
    "date_order_needed": gettext_lazy(
        "every date fits both day/month and month/day: say which the file uses (--date-order dmy or mdy)"
    ),
    "decimal_marks_mixed": gettext_lazy(
        "amounts are written with a decimal comma in some rows and a decimal point in others"
    ),
    "required": gettext_lazy("empty, and it is needed"),
    "not_a_date": gettext_lazy("«%(value)s» is not a date"),
    "date_order_unknown": gettext_lazy("«%(value)s»: day first or month first?"),
    "not_an_amount": gettext_lazy("«%(value)s» is not an amount"),
    "too_many_places": gettext_lazy("«%(value)s» has more than %(places)s decimal places"),
    "not_a_duration": gettext_lazy("«%(value)s» is not a duration (1:30:00 or 1.5)"),
    "not_a_currency": gettext_lazy("«%(value)s» is not a currency code (such as EUR)"),
    "not_positive": gettext_lazy("«%(value)s»: a payment must be more than zero"),
    "duplicate_invoice": gettext_lazy(
        "invoice %(number)s appears again with another total or client (first in row %(first_row)s)"
    ),
    "invoice_lines_disagree": gettext_lazy(
        "a line of invoice %(number)s names another client or date than its first line (row %(first_row)s)"
    ),
    "duplicate_entry": gettext_lazy("entry %(value)s appears twice"),
    "unknown_invoice": gettext_lazy("no invoice numbered %(number)s: import the invoices first"),
    "ambiguous_invoice": gettext_lazy("several clients have an invoice numbered %(number)s: map the client column"),
    "mapper_field_twice": gettext_lazy("%(field)s is already the column «%(first)s»: choose it once"),
    "mapper_missing": gettext_lazy("choose the columns for: %(fields)s"),
    "map_not_object": gettext_lazy("the mapping file must be a YAML or JSON object"),
    "map_bad_kind": gettext_lazy("kind must be invoices, payments or time, not «%(value)s»"),
    "map_no_columns": gettext_lazy("the mapping file needs a columns section (our field: the file's column)"),
    "map_unknown_field": gettext_lazy("«%(field)s» is not one of our fields for %(kind)s"),
    "map_bad_column": gettext_lazy("the column for %(field)s must be a column name"),
    "map_bad_date_order": gettext_lazy("date_order must be dmy or mdy, not «%(value)s»"),
    "map_bad_decimal": gettext_lazy("decimal must be comma or point, not «%(value)s»"),
    "map_bad_lines": gettext_lazy("lines can only be sum, not «%(value)s»"),
    "map_missing_field": gettext_lazy("no column is mapped to %(fields)s"),
    "map_unreadable": gettext_lazy("cannot read the mapping file: %(detail)s"),
    "map_not_yaml": gettext_lazy("the mapping file is not YAML or JSON: %(detail)s"),
}


def problem_text(problem: Problem) -> str:
    """The problem as one sentence, with its row and column when it has them."""
    template = PROBLEMS.get(problem.code)
    text = str(template) % problem.params if template is not None else problem.code
    if problem.row is not None and problem.column:
        return _("row %(row)s, column «%(column)s»: %(text)s") % {
            "row": problem.row,
            "column": problem.column,
            "text": text,
        }
    if problem.row is not None:
        return _("row %(row)s: %(text)s") % {"row": problem.row, "text": text}
    if problem.column:
        return _("column «%(column)s»: %(text)s") % {"column": problem.column, "text": text}
    return text


def notice_text(notice: Notice) -> str:
    count = notice.params.get("count", 0)
    if notice.code == "skipped_void":
        return ngettext("%(count)d cancelled invoice left out.", "%(count)d cancelled invoices left out.", count) % {
            "count": count
        }
    if notice.code == "skipped_draft":
        return ngettext("%(count)d draft left out.", "%(count)d drafts left out.", count) % {"count": count}
    if notice.code == "paid_on_assumed":
        return ngettext(
            "%(count)d invoice is marked paid without a date: recorded as paid on its due date until a payments export says when.",
            "%(count)d invoices are marked paid without a date: recorded as paid on their due date until a payments export says when.",
            count,
        ) % {"count": count}
    if notice.code == "time_without_client":
        return ngettext(
            "%(count)d entry has no client (internal time) and is left out.",
            "%(count)d entries have no client (internal time) and are left out.",
            count,
        ) % {"count": count}
    if notice.code == "credit_notes_unmatched":
        return ngettext(
            "%(count)d credit note names no invoice of this file and matches none by amount: left out.",
            "%(count)d credit notes name no invoice of this file and match none by amount: left out.",
            count,
        ) % {"count": count}
    return notice.code


def summary_text(counts: dict, dry_run: bool = False) -> str:
    """What an import did (or would do), as the dashboard and the command line say it."""
    get = counts.get
    # Each sentence spelled out: a translator sees every one, with its plural.
    phrases = [
        (get("new_invoices", 0), lambda n: ngettext("%(n)d new invoice", "%(n)d new invoices", n)),
        (get("updated_invoices", 0), lambda n: ngettext("%(n)d invoice updated", "%(n)d invoices updated", n)),
        (get("now_paid", 0), lambda n: ngettext("%(n)d now paid", "%(n)d now paid", n)),
        (get("credit_notes", 0), lambda n: ngettext("%(n)d credit note applied", "%(n)d credit notes applied", n)),
        (get("new_payments", 0), lambda n: ngettext("%(n)d new payment", "%(n)d new payments", n)),
        (get("new_time", 0), lambda n: ngettext("%(n)d new time entry", "%(n)d new time entries", n)),
        (get("new_clients", 0), lambda n: ngettext("%(n)d new client", "%(n)d new clients", n)),
    ]
    parts = [phrase(value) % {"n": value} for value, phrase in phrases if value]
    if not parts:
        return _("Nothing new: everything in the file was already here.")
    text = ", ".join(parts)
    if dry_run:
        return _("Would import: %(changes)s (dry run, nothing written).") % {"changes": text}
    return _("Imported: %(changes)s.") % {"changes": text}


# Our fields, as the column mapper names them.
FIELD_LABELS = {
    "number": gettext_lazy("Invoice number"),
    "client": gettext_lazy("Client name"),
    "tax_id": gettext_lazy("Client tax id"),
    "issued_on": gettext_lazy("Issue date"),
    "due_on": gettext_lazy("Due date"),
    "total": gettext_lazy("Total due (tax included)"),
    "subtotal": gettext_lazy("Amount before tax"),
    "tax": gettext_lazy("Tax"),
    "line_total": gettext_lazy("Line total (lines add up)"),
    "paid_amount": gettext_lazy("Amount paid"),
    "balance": gettext_lazy("Balance still due"),
    "paid_on": gettext_lazy("Paid on"),
    "status": gettext_lazy("Status (paid, draft, void...)"),
    "currency": gettext_lazy("Currency"),
    "project": gettext_lazy("Project"),
    "reminders": gettext_lazy("Reminder dates"),
    "corrects": gettext_lazy("Invoice a credit note corrects"),
    "invoice": gettext_lazy("Invoice number"),
    "amount": gettext_lazy("Amount paid"),
    "payment_id": gettext_lazy("Payment id"),
    "on": gettext_lazy("Date"),
    "hours": gettext_lazy("Duration or hours"),
    "note": gettext_lazy("Description"),
    "entry_id": gettext_lazy("Entry id"),
    "start_time": gettext_lazy("Start time"),
    "user": gettext_lazy("Person"),
}


def missing_fields_text(groups) -> str:
    return ", ".join(" / ".join(str(FIELD_LABELS[name]) for name in group) for group in groups)


def announce_imports(request, workspace) -> None:
    """Say on the dashboard, once, what the imports made since the last visit changed."""
    from django.contrib import messages

    from despedida.portability.models import CsvImport

    pending = list(CsvImport.objects.in_workspace(workspace).filter(shown=False).order_by("created_at", "id"))
    for entry in pending:
        text = _("«%(file)s»: %(summary)s") % {"file": entry.file_name, "summary": summary_text(entry.summary)}
        if entry.summary.get("clients_affected"):
            text += " " + _("%(n)d clients assessed again.") % {"n": entry.summary["clients_affected"]}
        messages.info(request, text)
    if pending:
        CsvImport.objects.filter(pk__in=[e.pk for e in pending]).update(shown=True)
