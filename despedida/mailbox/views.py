"""The mail pages: the mailbox settings (owners change them), unknown senders, and the client page's mail actions.

Every URL reaches rows through the request's workspace; a workspace's mail
is its members' only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from despedida import page_progress as progress
from despedida.accounts.access import is_owner, owner_required, workspace_of
from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.stored import recompute_client
from despedida.clients.models import Client, Direction, Message
from despedida.mailbox import imap
from despedida.mailbox.forms import AddressForm, AssignForm, MailboxForm
from despedida.mailbox.imap import MailServerError
from despedida.mailbox.models import MAX_ATTEMPTS, ClientAddress, LedgerEntry, Mailbox, Status, UnknownSender
from despedida.mailbox.recording import explain_reason
from despedida.mailbox.rematch import AddressTaken, add_address, assign_address, remove_address
from despedida.mailbox.sync import Busy, sync_mailbox

FAILED_SHOWN = 50


def _mailbox(workspace) -> Mailbox | None:
    return Mailbox.objects.in_workspace(workspace).first()


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def settings_page(request):
    workspace = workspace_of(request)
    mailbox = _mailbox(workspace)
    owner = is_owner(request)
    form = MailboxForm(instance=mailbox or Mailbox(workspace=workspace)) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        form = MailboxForm(request.POST, instance=mailbox or Mailbox(workspace=workspace))
        if form.is_valid():
            new_account = form.account_changed()
            saved = form.save()
            if new_account:
                # Another account: its folders and UIDs are not the old one's. Stored mail stays.
                LedgerEntry.objects.filter(mailbox=saved).delete()
                Mailbox.objects.filter(pk=saved.pk).update(server_folders=[])
                saved.server_folders = []
            messages.success(request, _("Mail settings saved."))
            if not saved.server_folders:
                _load_folders(request, saved, choose=mailbox is None or new_account)
            return HttpResponseRedirect(reverse("mail:settings"))
    failed = LedgerEntry.objects.in_workspace(workspace).filter(status=Status.FAILED).order_by("-updated_at")
    return render(
        request,
        "mailbox/settings.html",
        {
            "mailbox": mailbox,
            "last_errors": imap.last_errors(mailbox) if mailbox else [],
            "form": form,
            "is_owner": owner,
            "failed": [(row, explain_reason(row.reason)) for row in failed[:FAILED_SHOWN]],
            "failed_count": failed.count(),
            "max_attempts": MAX_ATTEMPTS,
            "unknown_count": UnknownSender.objects.in_workspace(workspace).count(),
            "progress_key": progress.new_key(),
        },
    )


def _load_folders(request, mailbox: Mailbox, choose: bool) -> bool:
    """Ask the server for its folders; with `choose`, pick INBOX and the sent folder. False on failure."""
    try:
        with imap.connect(mailbox) as connection:
            listed = connection.folders()
            sent = connection.sent_folder()
    except MailServerError as error:
        messages.error(request, error.explain())
        return False
    mailbox.server_folders = listed
    if choose:
        mailbox.folders = [name for name in ("INBOX", sent) if name and name in listed] or listed[:1]
    mailbox.save(update_fields=["server_folders", "folders", "updated_at"])
    messages.info(
        request,
        ngettext("The server lists %(count)d folder.", "The server lists %(count)d folders.", len(listed))
        % {"count": len(listed)},
    )
    return True


@owner_required
@require_POST
def load_folders(request):
    mailbox = _mailbox(request.workspace)
    if mailbox is None:
        messages.error(request, _("Save the mail settings first."))
    else:
        _load_folders(request, mailbox, choose=not mailbox.folders)
    return HttpResponseRedirect(reverse("mail:settings"))


@owner_required
@require_POST
def test_connection(request):
    mailbox = _mailbox(request.workspace)
    if mailbox is None:
        messages.error(request, _("Save the mail settings first."))
        return HttpResponseRedirect(reverse("mail:settings"))
    try:
        listed = imap.check(mailbox, mailbox.folders)
    except MailServerError as error:
        messages.error(request, _("The connection test failed. %(reason)s") % {"reason": error.explain()})
    else:
        Mailbox.objects.filter(pk=mailbox.pk).update(server_folders=listed)
        messages.success(
            request,
            _("Connected and logged in; every chosen folder opens (%(folders)s).")
            % {"folders": ", ".join(mailbox.folders)},
        )
    return HttpResponseRedirect(reverse("mail:settings"))


@owner_required
@require_POST
def sync_now(request):
    mailbox = _mailbox(request.workspace)
    if mailbox is None:
        messages.error(request, _("Save the mail settings first."))
        return HttpResponseRedirect(reverse("mail:settings"))
    with progress.tracking(request.workspace, request.POST.get("progress", "")) as tracker:
        try:
            report = sync_mailbox(mailbox, progress=lambda done, total: tracker.report("mail", done, total))
        except Busy:
            messages.error(request, _("Mail is being read right now; try again in a minute."))
            return HttpResponseRedirect(reverse("mail:settings"))
    counts = report.counts
    messages.success(
        request,
        _(
            "%(read)d messages read: %(stored)d added to clients' records, %(skipped)d matched "
            "no client, %(failed)d could not be read."
        )
        % {"read": report.to_read, "stored": counts.stored, "skipped": counts.skipped, "failed": counts.failed},
    )
    for problem in [report.error, *report.folder_problems]:
        if problem is not None:
            messages.error(request, problem.explain())
    return HttpResponseRedirect(reverse("mail:settings"))


@require_GET
def unknown_senders(request):
    workspace = workspace_of(request)
    senders = UnknownSender.objects.in_workspace(workspace)
    return render(
        request,
        "mailbox/unknown.html",
        {
            "senders": senders[:500],
            "count": senders.count(),
            "form": AssignForm(workspace=workspace),
            "has_clients": Client.objects.in_workspace(workspace).exists(),
        },
    )


def _sync_quietly(request, workspace) -> None:
    """Read the messages just sent back to the ledger, if a mailbox is there; say so if not now."""
    mailbox = _mailbox(workspace)
    if mailbox is None:
        messages.info(request, _("Import the mail file again to read those messages."))
        return
    try:
        report = sync_mailbox(mailbox)
    except Busy:
        report = None
    if report is None or report.error is not None:
        messages.info(request, _("Those messages will be read at the next sync."))


@require_POST
def assign(request, pk: int):
    sender = get_scoped_or_404(request, UnknownSender, pk=pk)
    form = AssignForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        messages.error(request, _("Choose a client."))
        return HttpResponseRedirect(reverse("mail:unknown"))
    client = form.cleaned_data["client"]
    try:
        count = assign_address(sender, client)
    except AddressTaken as taken:
        messages.error(
            request,
            _("%(address)s already belongs to %(client)s.") % {"address": sender.address, "client": taken.client.name},
        )
        return HttpResponseRedirect(reverse("mail:unknown"))
    messages.success(
        request,
        ngettext(
            "%(address)s is now %(client)s's; %(count)d message is read again.",
            "%(address)s is now %(client)s's; %(count)d messages are read again.",
            count,
        )
        % {"address": sender.address, "client": client.name, "count": count},
    )
    if count:
        _sync_quietly(request, request.workspace)
    return HttpResponseRedirect(reverse("mail:unknown"))


@require_POST
def dismiss(request, pk: int):
    sender = get_scoped_or_404(request, UnknownSender, pk=pk)
    sender.delete()
    messages.success(request, _("%(address)s removed from the list.") % {"address": sender.address})
    return HttpResponseRedirect(reverse("mail:unknown"))


@require_POST
def address_add(request, key: str):
    client = get_scoped_or_404(request, Client, key=key)
    form = AddressForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["value"]))
        return HttpResponseRedirect(reverse("web:client", args=[client.key]) + "#mail")
    try:
        entry, count = add_address(client, form.cleaned_data["value"])
    except AddressTaken as taken:
        messages.error(request, _("That already belongs to %(client)s.") % {"client": taken.client.name})
    else:
        messages.success(request, _("%(value)s added.") % {"value": entry.value})
        if count:
            _sync_quietly(request, request.workspace)
    return HttpResponseRedirect(reverse("web:client", args=[client.key]) + "#mail")


@require_POST
def address_remove(request, pk: int):
    entry = get_scoped_or_404(request, ClientAddress, pk=pk)
    key = entry.client.key
    remove_address(entry)
    messages.success(request, _("%(value)s removed.") % {"value": entry.value})
    return HttpResponseRedirect(reverse("web:client", args=[key]) + "#mail")


@require_POST
def needs_reply(request, pk: int):
    """The user's word on whether a message we sent needs an answer; later syncs keep it."""
    message = get_scoped_or_404(request, Message, pk=pk, direction=Direction.OUT)
    wanted = request.POST.get("needs_reply") == "yes"
    Message.objects.filter(pk=message.pk).update(needs_reply=wanted, needs_reply_set_by_user=True)
    recompute_client(message.client)
    messages.success(
        request, _("Noted: that message needs a reply.") if wanted else _("Noted: that message needs no reply.")
    )
    return HttpResponseRedirect(reverse("web:client", args=[message.client.key]) + "#timeline-title")
