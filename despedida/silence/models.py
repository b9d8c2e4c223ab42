"""The silence protocol in the store: one state machine per silent client, and every transition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned
from despedida.clients.models import Client, Message

USER = settings.AUTH_USER_MODEL


class SilenceState(models.TextChoices):
    DETECTED = "detected", _("Silence detected")
    CHECKIN_SENT = "checkin_sent", _("Check-in sent")
    ULTIMATUM_SENT = "ultimatum_sent", _("Ultimatum sent")
    CLOSED = "closed", _("Closed: work invoiced")
    PAUSED = "paused", _("Paused")
    RESOLVED = "resolved", _("Resolved: the client answered")


FINISHED_SILENCE_STATES = (SilenceState.CLOSED, SilenceState.RESOLVED)
RUNNING_SILENCE_STATES = (SilenceState.DETECTED, SilenceState.CHECKIN_SENT, SilenceState.ULTIMATUM_SENT)


class SilenceProtocol(WorkspaceOwned):
    """The silence protocol for one client, as a state machine (see silence_protocol.py)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="silence_protocols")
    state = models.CharField(_("state"), max_length=16, choices=SilenceState.choices, default=SilenceState.DETECTED)
    # Where a paused protocol resumes.
    paused_from = models.CharField(max_length=16, choices=SilenceState.choices, blank=True)
    # The worker runs the due steps by itself unless the user prefers to press the buttons.
    automatic = models.BooleanField(_("send the due messages automatically"), default=True)
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    awaiting_since = models.DateField(_("waiting for a reply since"), null=True, blank=True)
    # Our message that waits for an answer: any message from the client after it ends the silence.
    awaiting_message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checkin_due_on = models.DateField(_("check-in due on"))
    checkin_sent_at = models.DateTimeField(_("check-in sent at"), null=True, blank=True)
    ultimatum_due_on = models.DateField(_("ultimatum due on"), null=True, blank=True)
    ultimatum_sent_at = models.DateTimeField(_("ultimatum sent at"), null=True, blank=True)
    deadline = models.DateField(_("reply-by date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    final_invoice = models.JSONField(_("final invoice"), null=True, blank=True)
    # A failed automatic step, shown to the user and not retried until they act.
    problem = models.CharField(max_length=300, blank=True)

    class Meta:
        app_label = "exits"  # tables and migrations kept under the historic label
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=~Q(state__in=["closed", "resolved"]),
                name="one_open_silence_protocol_per_client",
            ),
            models.CheckConstraint(
                condition=Q(state="paused", paused_from__in=["detected", "checkin_sent", "ultimatum_sent"])
                | (~Q(state="paused") & Q(paused_from="")),
                name="paused_protocol_knows_where_to_resume",
            ),
        ]
        verbose_name = _("silence protocol")
        verbose_name_plural = _("silence protocols")

    def __str__(self) -> str:
        return f"{self.client} · {self.state}"

    @property
    def is_open(self) -> bool:
        return self.state not in FINISHED_SILENCE_STATES

    @property
    def next_due_on(self):
        """The day the next step falls due, if the protocol is running."""
        return {
            SilenceState.DETECTED: self.checkin_due_on,
            SilenceState.CHECKIN_SENT: self.ultimatum_due_on,
            SilenceState.ULTIMATUM_SENT: self.deadline,
        }.get(self.state)


class TransitionCause(models.TextChoices):
    DETECTED = "detected", _("Silence detected in the record")
    STARTED_BY_USER = "started_by_user", _("Started by hand")
    CHECKIN_SENT = "checkin_sent", _("Check-in sent")
    ULTIMATUM_SENT = "ultimatum_sent", _("Ultimatum sent")
    DEADLINE_PASSED = "deadline_passed", _("Deadline reached with no reply")
    CLOSED_BY_USER = "closed_by_user", _("Closed by hand")
    CLIENT_REPLIED = "client_replied", _("The client wrote back")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    STOPPED_BY_USER = "stopped_by_user", _("Stopped by hand")


class SilenceTransition(WorkspaceOwned):
    """Every change of state of a protocol, with its time and cause."""

    protocol = models.ForeignKey(SilenceProtocol, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=SilenceState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=SilenceState.choices)
    cause = models.CharField(_("cause"), max_length=20, choices=TransitionCause.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The message sent or received that caused the transition, when there is one.
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        app_label = "exits"  # tables and migrations kept under the historic label
        ordering = ["at", "id"]
        verbose_name = _("silence protocol transition")
        verbose_name_plural = _("silence protocol transitions")
