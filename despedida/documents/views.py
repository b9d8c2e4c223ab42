"""Downloading a letter as a PDF on the business letterhead."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from despedida.accounts.scoping import get_scoped_or_404
from despedida.documents.letter_document import letter_filename, letter_pdf
from despedida.letters.models import LetterDraft


@require_GET
def letter_pdf_download(request, pk: int):
    """The letter as a PDF on the business letterhead (a formal demand with its statement of account)."""
    draft = get_scoped_or_404(request, LetterDraft, pk=pk)
    response = HttpResponse(letter_pdf(draft), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(draft)}"'
    return response
