"""A stored letter as a PDF on the business letterhead; the formal demand with its statement of account.

The letter's text is the draft's text as the user left it (as sent, once
sent). A formal demand adds the statement of account behind it: the parties,
each invoice with its due date, the interest per period with the rate and
its legal basis, the totals, the deadline and the way to pay, computed as
of the day the demand was drafted by the same engine that wrote its text.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from despedida.accounts import clock
from despedida.core.letters import formatting as fmt
from despedida.core.letters.context import DEFAULT_PAY_WITHIN_DAYS
from despedida.core.letters.errors import LetterError
from despedida.documents.demand_sheet import demand_sheet
from despedida.documents.models import letterhead_of
from despedida.documents.pdf import render_pdf
from despedida.letters.models import LetterDraft, LetterKind


def paragraphs(body: str) -> list[list[str]]:
    """The body's paragraphs (blank-line separated), each as its lines."""
    return [[line for line in block.split("\n")] for block in body.replace("\r\n", "\n").split("\n\n") if block.strip()]


def letter_context(draft: LetterDraft) -> dict:
    from despedida.letters.drafts import write_letter

    workspace, client, lang = draft.workspace, draft.client, draft.language
    dated = clock.today_for(workspace, draft.sent_at or draft.created_at)
    context = {
        "lang": lang,
        "workspace": workspace,
        "letterhead": letterhead_of(workspace),
        "client": client,
        "date": fmt.date(dated, lang),
        "subject": draft.subject,
        "paragraphs": paragraphs(draft.body),
        "kind": draft.get_kind_display(),
        "sheet": None,
        "sheet_error": "",
    }
    if draft.kind == LetterKind.FORMAL_DEMAND:
        drafted = clock.today_for(workspace, draft.created_at)
        try:
            letter = write_letter(client, LetterKind.FORMAL_DEMAND, as_of=drafted, lang=lang)
        except LetterError as error:
            context["sheet_error"] = str(error)
        else:
            pay_by = drafted + dt.timedelta(days=DEFAULT_PAY_WITHIN_DAYS)
            context["sheet"] = demand_sheet(letter.demand, lang, pay_by)
    return context


def letter_pdf(draft: LetterDraft) -> bytes:
    with translation.override(draft.language):
        return render_pdf("documents/letter.html", letter_context(draft))


def letter_filename(draft: LetterDraft) -> str:
    return f"despedida-{draft.kind}-{draft.pk}.pdf"


def letter_attachments(message) -> list[tuple[str, bytes, str]]:
    """The letter an outbound message carries, as a PDF on the letterhead (none if it carries no letter)."""
    draft = LetterDraft.objects.filter(outbound=message).select_related("client", "workspace").first()
    return [(letter_filename(draft), letter_pdf(draft), "application/pdf")] if draft is not None else []
