"""The silence protocol's page and its buttons."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from despedida.accounts.clock import today_for
from despedida.accounts.scoping import get_scoped_or_404
from despedida.clients.models import Client
from despedida.letters.drafts import LetterError
from despedida.letters.sending import SendRefused
from despedida.silence import protocol as protocols
from despedida.silence.forms import NoteForm, StartSilenceForm
from despedida.silence.models import SilenceProtocol

PROBLEMS = {
    "already_open": gettext_lazy("A silence protocol is already running for this client."),
    "not_running": gettext_lazy("The protocol is not running: resume it first."),
    "not_paused": gettext_lazy("The protocol is not paused."),
    "finished": gettext_lazy("The protocol has already ended."),
    "no_step": gettext_lazy("There is no step to run now."),
    "moved_on": gettext_lazy("The protocol moved on meanwhile: check where it stands before sending anything."),
    "no_address": gettext_lazy("The client has no e-mail address: send it yourself and mark it as sent."),
    "cool_off": gettext_lazy("The letter is still in its cool-off period."),
    "not_a_draft": gettext_lazy("This letter has already left."),
}


def silence(request, client_pk: int):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    protocol = protocols.open_protocol(client)
    if protocol is not None and protocols.stop_if_client_replied(protocol):
        messages.info(request, _("The client wrote back: the protocol stopped by itself."))
        protocol = None
    today = today_for(request.workspace)
    history = SilenceProtocol.objects.filter(client=client).prefetch_related("transitions")
    return render(
        request,
        "silence/silence.html",
        {
            "client": client,
            "protocol": protocol,
            "reading": protocols.record_reading(client, today),
            "due": protocol is not None and protocols.is_due(protocol, today),
            "next_kind": protocols.next_letter_kind(protocol) if protocol else None,
            "history": history,
            "start_form": StartSilenceForm(),
            "note_form": NoteForm(),
            "today": today,
        },
    )


@require_POST
def silence_start(request, client_pk: int):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    form = StartSilenceForm(request.POST)
    if form.is_valid():
        try:
            protocols.start(
                client, user=request.user, automatic=form.cleaned_data["automatic"], note=form.cleaned_data["note"]
            )
            messages.success(request, _("Silence protocol started."))
        except protocols.ProtocolError as error:
            messages.error(request, PROBLEMS.get(str(error), str(error)))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("silence:silence", client_pk=client.pk)


ACTIONS = ("send", "sent_by_hand", "draft", "pause", "resume", "stop", "automatic")


@require_POST
def silence_action(request, pk: int, action: str):
    protocol = get_scoped_or_404(request, SilenceProtocol, pk=pk)
    if action not in ACTIONS:
        raise Http404
    note_form = NoteForm(request.POST)
    note = note_form.cleaned_data["note"] if note_form.is_valid() else ""
    try:
        if action == "draft":
            draft = protocols.draft_step_letter(protocol, user=request.user)
            return redirect("letters:edit", pk=draft.pk)
        if action in ("send", "sent_by_hand"):
            protocols.run_step(
                protocol, user=request.user, by_hand=action == "sent_by_hand", expect=request.POST.get("state") or None
            )
            messages.success(request, _("Done: the protocol moved on."))
        elif action == "pause":
            protocols.pause(protocol, user=request.user, note=note)
        elif action == "resume":
            protocols.resume(protocol, user=request.user)
        elif action == "stop":
            protocols.stop(protocol, user=request.user, note=note)
        elif action == "automatic":
            protocol.automatic = request.POST.get("automatic") == "on"
            protocol.problem = ""
            protocol.save(update_fields=["automatic", "problem"])
    except (protocols.ProtocolError, SendRefused) as error:
        messages.error(request, PROBLEMS.get(str(error), str(error)))
    except LetterError as error:
        messages.error(request, _("The letter could not be drafted: %(reason)s") % {"reason": error})
    return redirect("silence:silence", client_pk=protocol.client_id)
