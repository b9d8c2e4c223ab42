"""Letter pages: the editor with live tone findings, sending, review links,
the colleague's read-only page, and "check any letter".
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from despedida.accounts import clock
from despedida.accounts.access import require_owner
from despedida.accounts.scoping import get_scoped_or_404
from despedida.clients.models import Client
from despedida.letters import drafts, sending
from despedida.letters.forms import (
    EditLetterForm,
    NewLetterForm,
    ReviewCommentForm,
    ReviewLinkForm,
    SendForm,
    ToneCheckForm,
)
from despedida.letters.highlight import highlight
from despedida.letters.models import DraftStatus, LetterDraft, ReviewLink

REFUSALS = {
    "cool_off": gettext_lazy("The 24-hour cool-off is not over. Wait, or write down why it can't wait."),
    "no_address": gettext_lazy("The client has no e-mail address on record: send it yourself and mark it as sent."),
    "bad_address": gettext_lazy("The client's e-mail address is not valid."),
    "not_a_draft": gettext_lazy("This letter has already left."),
    "tone": gettext_lazy("The tone check still asks you to change something. Change it, or tick “send it anyway”."),
}


def _tone_context(text: str, lang: str, kind: str | None) -> dict:
    report = drafts.check_tone(text, lang=lang or "auto", kind=kind or None) if text.strip() else None
    findings = [f.to_json() for f in report.findings] if report else []
    marked, shown = highlight(text, findings)
    return {
        "report": report,
        "marked": marked,
        "findings": shown,
        "missing": [m.to_json() for m in report.missing] if report else [],
        "text": text,
    }


@require_POST
def new(request, client_pk: int):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    form = NewLetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a kind of letter."))
        return redirect("plans:client", client_pk=client.pk)
    try:
        draft = drafts.create_draft(
            client, form.cleaned_data["kind"], user=request.user, lang=form.cleaned_data["language"] or None
        )
    except drafts.LetterError as error:
        messages.error(request, _("The letter could not be drafted: %(reason)s") % {"reason": error})
        return redirect("plans:client", client_pk=client.pk)
    return redirect("letters:edit", pk=draft.pk)


def _draft(request, pk: int) -> LetterDraft:
    return get_scoped_or_404(request, LetterDraft, pk=pk)


def _editor_context(request, draft: LetterDraft, form=None, send_form=None) -> dict:
    now = clock.now()
    text = form.data.get("body", draft.body) if form is not None and form.is_bound else draft.body
    return {
        "draft": draft,
        "client": draft.client,
        "form": form or EditLetterForm(initial={"subject": draft.subject, "body": draft.body}),
        "send_form": send_form or SendForm(),
        "link_form": ReviewLinkForm(),
        "versions": draft.versions.order_by("-number"),
        "links": draft.review_links.prefetch_related("comments"),
        "cooling_off": draft.cooling_off(now),
        "now": now,
        **_tone_context(text, draft.language, draft.kind),
    }


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    draft = _draft(request, pk)
    if draft.status == DraftStatus.QUEUED:
        sending.sync_one(draft)
        draft.refresh_from_db()
    if request.method == "POST":
        if not draft.is_editable:
            messages.error(request, _("This letter has already left: it can't be changed."))
            return redirect("letters:edit", pk=draft.pk)
        form = EditLetterForm(request.POST)
        if form.is_valid():
            changed = drafts.save_version(
                draft, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], user=request.user
            )
            messages.success(request, _("Saved as a new version.") if changed else _("No changes to save."))
            return redirect("letters:edit", pk=draft.pk)
        return render(request, "letters_web/edit.html", _editor_context(request, draft, form=form), status=400)
    return render(request, "letters_web/edit.html", _editor_context(request, draft))


@require_GET
def version(request, pk: int, number: int):
    draft = _draft(request, pk)
    old = draft.versions.filter(number=number).first()
    if old is None:
        raise Http404
    return render(request, "letters_web/version.html", {"draft": draft, "client": draft.client, "version": old})


@require_POST
def tone(request):
    """The htmx fragment: the text with its findings marked, re-rendered as the user types."""
    if request.workspace is None:
        raise Http404
    form = ToneCheckForm(request.POST)
    if not form.is_valid():
        return render(request, "letters_web/_tone.html", {"errors": form.errors}, status=400)
    data = form.cleaned_data
    return render(
        request, "letters_web/_tone.html", _tone_context(data["body"], data["language"] or "auto", data["kind"] or None)
    )


@require_http_methods(["GET", "POST"])
def check(request):
    """Check any letter: paste it, see what to change."""
    if request.workspace is None:
        raise Http404
    form = ToneCheckForm(request.POST or None, initial={"language": "auto"})
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        context.update(_tone_context(data["body"], data["language"] or "auto", data["kind"] or None))
    return render(request, "letters_web/check.html", context, status=400 if form.errors else 200)


@require_POST
def send(request, pk: int):
    draft = _draft(request, pk)
    form = SendForm(request.POST)
    by_hand = request.POST.get("how") == "by_hand"
    if not form.is_valid():
        return render(request, "letters_web/edit.html", _editor_context(request, draft, send_form=form), status=400)
    reason = form.cleaned_data["override_reason"]
    anyway = form.cleaned_data["send_anyway"]
    if draft.cooling_off() and reason.strip():
        require_owner(request)  # only the owner may skip the cool-off
    try:
        if by_hand:
            sending.mark_sent_by_hand(draft, user=request.user, override_reason=reason, send_anyway=anyway)
            messages.success(request, _("Marked as sent. It is in the client's timeline."))
        else:
            if form.cleaned_data["attach_pdf"]:
                _attach_pdf(draft, request.user)
            sending.queue(draft, user=request.user, override_reason=reason, send_anyway=anyway)
            messages.success(request, _("In the outbox: it will be sent shortly."))
    except sending.SendRefused as refusal:
        if refusal.code in ("cool_off", "tone"):
            form.add_error("override_reason" if refusal.code == "cool_off" else "send_anyway", REFUSALS[refusal.code])
            return render(request, "letters_web/edit.html", _editor_context(request, draft, send_form=form), status=400)
        messages.error(request, REFUSALS.get(refusal.code, refusal.code))
    return redirect("letters:edit", pk=draft.pk)


def _attach_pdf(draft: LetterDraft, user) -> None:
    """Mark the letter's outbox copy to carry the letter as a PDF, before it is queued."""
    from despedida.outbox.models import OutboundMessage

    outbound = sending.outbound_draft(draft, user=user)
    OutboundMessage.objects.filter(pk=outbound.pk).update(attach_letter_pdf=True)


@require_GET
def eml(request, pk: int):
    """The letter as an .eml file, to send from one's own mail client."""
    from despedida.outbox.services import eml_bytes

    draft = _draft(request, pk)
    try:
        outbound = sending.outbound_draft(draft, user=request.user) if draft.is_editable else draft.outbound
    except sending.SendRefused as refusal:
        messages.error(request, REFUSALS.get(refusal.code, refusal.code))
        return redirect("letters:edit", pk=draft.pk)
    if outbound is None:
        raise Http404
    response = HttpResponse(eml_bytes(outbound), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="despedida-{draft.kind}-{draft.pk}.eml"'
    return response


@require_POST
def discard(request, pk: int):
    draft = _draft(request, pk)
    require_owner(request)
    if draft.is_editable:
        LetterDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.DISCARDED)
        messages.success(request, _("Letter discarded."))
    return redirect("plans:client", client_pk=draft.client_id)


@require_POST
def review_link_new(request, pk: int):
    draft = _draft(request, pk)
    form = ReviewLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how many days the link is valid (1 to 30)."))
        return redirect("letters:edit", pk=draft.pk)
    link, token = drafts.create_review_link(
        draft, user=request.user, days=form.cleaned_data["days"], label=form.cleaned_data["label"]
    )
    context = _editor_context(request, draft)
    # Shown on this response only: the token is never stored in clear.
    context["new_link"] = request.build_absolute_uri(reverse("letters:review", args=[token]))
    return render(request, "letters_web/edit.html", context)


@require_POST
def review_link_revoke(request, pk: int, link_pk: int):
    draft = _draft(request, pk)
    link = ReviewLink.objects.filter(draft=draft, pk=link_pk).first()
    if link is None:
        raise Http404
    drafts.revoke_review_link(link)
    messages.success(request, _("The review link no longer works."))
    return redirect("letters:edit", pk=draft.pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def review(request, token: str):
    """The colleague's page: the letter, read-only, and a box for a comment. No account needed."""
    link = drafts.usable_link(token)
    if link is None:
        raise Http404
    # No one is signed in here, so no workspace set the time zone: use the letter's.
    timezone.activate(ZoneInfo(link.draft.workspace.timezone))
    form = ReviewCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                drafts.add_comment(link, author=form.cleaned_data["author"], body=form.cleaned_data["body"])
                messages.success(request, _("Thank you: your comment was passed on."))
                return redirect("letters:review", token=token)
            except drafts.CommentRefused as refusal:
                form.add_error(
                    None,
                    _("This link takes no more comments.")
                    if str(refusal) == "too_many"
                    else _("Please wait a few seconds before commenting again."),
                )
        status = 400
    response = render(
        request,
        "letters_web/review.html",
        {
            "draft": link.draft,
            "link": link,
            "form": form,
            "comments": link.comments.all(),
            "business": link.draft.workspace.name,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
