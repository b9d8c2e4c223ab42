"""`despedida plan FILE --client ID [--as-of DATE] [--format text|json]`:
the exit plan of one client, read from a portfolio file alone (no store).

Bad input (an unreadable file, an unknown client, a bad date) prints one
line per problem on stderr and exits 2 with nothing on stdout.
"""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand

from despedida.core.assessment.record import default_as_of
from despedida.core.plans.checklist import label as checklist_label
from despedida.core.plans.planning import ExitPlan, PlanInputError, UnknownClientError, plan_exit_for
from despedida.core.portfolio.input_errors import InputError, dump_json, exit_input_error, exit_usage
from despedida.core.portfolio.reader import read_portfolio
from despedida.core.portfolio.values import day_argument

TEXT = {
    "es": {
        "title": "Plan de salida: {name} ({id}), a {as_of}",
        "notice": "Aviso por escrito",
        "last_work": "Último día de trabajo",
        "handover": "Traspaso hasta",
        "invoice": "Factura final",
        "no_invoice": "ninguna: no se debe nada ni queda nada por facturar",
        "due": "emitida el {issued}, vence el {due}",
        "steps": "Pasos",
        "checklist": "Lista de cierre",
        "notes": "Notas",
        "open_invoice": "Factura {ref} pendiente",
        "credit": "Saldo a favor del cliente en {ref}",
        "unbilled_hours": "Horas sin facturar en {ref} ({hours} h × {rate})",
        "unbilled_milestones": "Hitos entregados sin facturar en {ref} ({earned} ganado − {invoiced} facturado)",
    },
    "en": {
        "title": "Exit plan: {name} ({id}), as of {as_of}",
        "notice": "Written notice",
        "last_work": "Last day of work",
        "handover": "Handover until",
        "invoice": "Final invoice",
        "no_invoice": "none: nothing is owed or left to bill",
        "due": "issued {issued}, due {due}",
        "steps": "Steps",
        "checklist": "Closing checklist",
        "notes": "Notes",
        "open_invoice": "Invoice {ref} outstanding",
        "credit": "Client's credit on {ref}",
        "unbilled_hours": "Unbilled hours on {ref} ({hours} h × {rate})",
        "unbilled_milestones": "Delivered milestones not yet billed on {ref} ({earned} earned − {invoiced} invoiced)",
    },
}


def render_text(plan: ExitPlan) -> str:
    lang = plan.language if plan.language in TEXT else "en"
    t = TEXT[lang]
    lines = [
        t["title"].format(name=plan.client_name, id=plan.client, as_of=plan.as_of.isoformat()),
        "",
        f"{t['notice']}: {plan.notice_on.isoformat()}",
        f"{t['last_work']}: {plan.last_work_on.isoformat()} ({plan.decided_by.why(lang)})",
        f"{t['handover']}: {plan.handover_until.isoformat()}",
    ]
    invoice = plan.final_invoice
    if invoice is None:
        lines.append(f"{t['invoice']}: {t['no_invoice']}")
    else:
        when = t["due"].format(issued=invoice.issued_on.isoformat(), due=invoice.due_on.isoformat())
        owed = " + ".join(f"{part.amount} {part.currency}" for part in invoice.parts)
        lines.append(f"{t['invoice']}: {owed}, {when}")
        for line in invoice.lines:
            what = t[str(line.kind)].format(
                ref=line.ref, hours=line.hours, rate=line.rate, earned=line.earned, invoiced=line.invoiced
            )
            lines.append(f"  - {what}: {line.amount} {line.currency}")
    lines += ["", f"{t['steps']}:"]
    lines += [f"  {step.on.isoformat()}  {step.label(lang)}" for step in plan.steps]
    lines += ["", f"{t['checklist']}:"]
    lines += [f"  [ ] {checklist_label(item, lang)}" for item in plan.checklist]
    if plan.notes:
        lines += ["", f"{t['notes']}:"]
        lines += [f"  - {note.message(lang)}" for note in plan.notes]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "The exit plan for one client, from a portfolio file alone: when to send the letter, "
        "the last day of work (never mid-job), the handover window, the final invoice and the "
        "closing checklist."
    )
    # It reads a file and touches no model: the store's checks are not its business.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # The contract wants one line on stderr and exit 2, not argparse's usage block.
        parser.error = lambda message: exit_usage(f"despedida plan: {message}")
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="The portfolio file (despedida.portfolio/1), or - for standard input.")
        parser.add_argument("--client", required=True, help="The id of the client to plan for.")
        parser.add_argument(
            "--as-of",
            type=day_argument,
            help="Plan as of this date (YYYY-MM-DD); default: the file's as_of, else today.",
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, file, client, as_of, format, **options):
        try:
            portfolio = read_portfolio(file)
        except InputError as error:
            exit_input_error(error)
        as_of = as_of or default_as_of(portfolio)
        try:
            plan = plan_exit_for(portfolio, client, as_of)
        except UnknownClientError:
            exit_usage(f"{file}: clients: no client with id {client!r}")
        except PlanInputError as error:
            exit_usage(f"{file}: {error}")
        if format == "json":
            document = io.StringIO()
            dump_json(plan.to_json(), document)
            self.stdout.write(document.getvalue(), ending="")
        else:
            self.stdout.write(render_text(plan), ending="")
