"""The outbox pages. Every message URL goes through `get_scoped_or_404`;
SMTP settings are the owner's to change (members may look)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from despedida.accounts.scoping import get_scoped_or_404
from despedida.outbox import services
from despedida.outbox.forms import SmtpAccountForm, TestMessageForm
from despedida.outbox.models import OutboundMessage, SmtpAccount, Status
from despedida.outbox.smtp import SmtpProblem, send_test_message

PAGE_SIZE = 50


def _workspace(request):
    if request.workspace is None:
        raise Http404
    return request.workspace


def _is_owner(request) -> bool:
    return request.membership is not None and request.membership.is_owner


@require_GET
def outbox(request):
    workspace = _workspace(request)
    rows = OutboundMessage.objects.in_workspace(workspace).select_related("client")
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outbox/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "query": f"status={status}" if status else "",
            "has_account": SmtpAccount.objects.in_workspace(workspace).exists(),
        },
    )


@require_GET
def message_detail(request, pk: int):
    message = get_scoped_or_404(request, OutboundMessage, pk=pk)
    return render(request, "outbox/detail.html", {"message": message})


@require_GET
def message_eml(request, pk: int):
    message = get_scoped_or_404(request, OutboundMessage, pk=pk)
    response = HttpResponse(services.eml_bytes(message), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="message-{message.pk}.eml"'
    return response


def _back(request, message: OutboundMessage) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("outbox:detail", args=[message.pk])
    return HttpResponseRedirect(target)


def _act(request, pk: int, action, done: str) -> HttpResponseRedirect:
    message = get_scoped_or_404(request, OutboundMessage, pk=pk)
    try:
        action(message)
    except services.StaleMessage:
        messages.error(
            request,
            _("This message changed meanwhile (it is now: %(status)s); nothing was done.")
            % {"status": message.get_status_display()},
        )
    else:
        messages.success(request, done)
    return _back(request, message)


@require_POST
def message_queue(request, pk: int):
    return _act(request, pk, services.queue, _("Queued: the worker will send it."))


@require_POST
def message_cancel(request, pk: int):
    return _act(request, pk, services.cancel, _("Cancelled: it is a draft again and will not be sent."))


@require_POST
def message_mark_sent(request, pk: int):
    return _act(
        request,
        pk,
        lambda m: services.mark_sent_by_hand(m, request.user),
        _("Marked as sent by hand; it is in the client's timeline."),
    )


@require_POST
def message_confirm(request, pk: int):
    return _act(
        request,
        pk,
        lambda m: services.confirm_delivered(m, request.user),
        _("Confirmed as delivered; it is in the client's timeline."),
    )


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def smtp_settings(request):
    workspace = _workspace(request)
    account = SmtpAccount.objects.in_workspace(workspace).first()
    is_owner = _is_owner(request)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied
        form = SmtpAccountForm(request.POST, instance=account or SmtpAccount(workspace=workspace))
        if form.is_valid():
            form.save()
            messages.success(request, _("SMTP settings saved."))
            return HttpResponseRedirect(reverse("outbox:settings"))
    else:
        form = SmtpAccountForm(instance=account or SmtpAccount(workspace=workspace)) if is_owner else None
    test_form = TestMessageForm(initial={"to": request.user.email or (account.from_address if account else "")})
    return render(
        request,
        "outbox/settings.html",
        {
            "account": account,
            "form": form,
            "test_form": test_form,
            "is_owner": is_owner,
        },
    )


@require_POST
def smtp_test(request):
    workspace = _workspace(request)
    if not _is_owner(request):
        raise PermissionDenied
    account = SmtpAccount.objects.in_workspace(workspace).first()
    if account is None:
        messages.error(request, _("Save the SMTP settings first."))
        return HttpResponseRedirect(reverse("outbox:settings"))
    form = TestMessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid address for the test message."))
    else:
        try:
            send_test_message(account, form.cleaned_data["to"])
        except SmtpProblem as problem:
            messages.error(request, _("The test message could not be sent: %(reason)s") % {"reason": problem})
        else:
            messages.success(request, _("Test message sent to %(to)s.") % {"to": form.cleaned_data["to"]})
    return HttpResponseRedirect(reverse("outbox:settings"))
