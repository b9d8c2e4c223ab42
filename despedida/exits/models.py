"""The stored workflows: exit plans, the silence protocol, intake decisions,
lessons learned and the calendar feed.

The pure engines (planning.py, intake.py, clauses.py, assessment/silence.py)
decide; these rows remember what was decided, when each step falls due,
what was done, by whom and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned
from despedida.clients.models import Client, Message
from despedida.core.plans import checklist as checklist_engine
from despedida.core.plans import planning

USER = settings.AUTH_USER_MODEL


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ExitPlan(WorkspaceOwned):
    """One planned ending of a client relationship, with the dates the user chose."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="exit_plans")
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    as_of = models.DateField(_("planned on"))
    notice_on = models.DateField(_("letter sent on"))
    last_work_on = models.DateField(_("last day of work"))
    handover_until = models.DateField(_("handover until"))
    # What the engine proposed; an earlier last day needs the user's reason.
    suggested_last_work_on = models.DateField(_("suggested last day of work"))
    suggested_why = models.CharField(_("why that day"), max_length=300, blank=True)
    last_work_reason = models.TextField(_("reason for an earlier last day"), blank=True)
    final_invoice = models.JSONField(_("final invoice"), null=True, blank=True)
    # The engine's whole suggestion (`despedida.plan/1`), kept as evidence of what was proposed.
    suggestion = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(status="active"), name="one_active_exit_plan_per_client"
            ),
            models.CheckConstraint(
                condition=Q(notice_on__lte=F("last_work_on")) & Q(last_work_on__lte=F("handover_until")),
                name="exit_plan_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(last_work_on__gte=F("suggested_last_work_on")) | ~Q(last_work_reason=""),
                name="early_last_day_has_a_reason",
            ),
        ]
        verbose_name = _("exit plan")
        verbose_name_plural = _("exit plans")

    def __str__(self) -> str:
        return f"{self.client} · {self.notice_on.isoformat()}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE


class StepKind(models.TextChoices):
    """The dated steps of a plan (planning.StepAction) and the post-exit checklist items."""

    DRAFT_LETTER = "draft_letter", _("Draft the letter")
    REVIEW = "review", _("Re-read it and show it to a trusted colleague")
    SEND_LETTER = "send_letter", _("Send the letter")
    FOLLOW_UP = "follow_up", _("Answer their reaction")
    HANDOVER_START = "handover_start", _("Hand over files, access and notes")
    LAST_WORK = "last_work", _("Last day of work")
    FINAL_INVOICE = "final_invoice", _("Issue the final invoice")
    HANDOVER_END = "handover_end", _("End of handover")
    REMOVE_LOGO = "remove_logo", _("Take your logo or credit off their site")
    REMOVE_FROM_PORTFOLIO = "remove_from_portfolio", _("Decide whether their work stays in your portfolio")
    REVOKE_ACCESS = "revoke_access", _("Return or revoke access")
    ARCHIVE_FILES = "archive_files", _("Archive files, contract and messages")
    FUTURE_PROSPECT_DECISION = "future_prospect_decision", _("Once paid, decide whether they stay a prospect")
    NO_PUBLIC_CRITICISM = "no_public_criticism", _("Say nothing against the client in public")
    LESSONS_LEARNED = "lessons_learned", _("Note the lessons for your next contract")


CHECKLIST_KINDS = frozenset(str(item) for item in checklist_engine.ChecklistItem)


class PlanStep(WorkspaceOwned):
    plan = models.ForeignKey(ExitPlan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=32, choices=StepKind.choices)
    on = models.DateField(_("due on"))
    optional = models.BooleanField(_("optional"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["on", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="one_step_of_each_kind_per_plan")]
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.kind}"

    @property
    def is_checklist_item(self) -> bool:
        return self.kind in CHECKLIST_KINDS

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def label(self, language: str = "es") -> str:
        """The engine's own wording, so the web and the command line say the same."""
        if self.is_checklist_item:
            return checklist_engine.label(checklist_engine.ChecklistItem(self.kind), language)
        return planning.STEP_LABELS[planning.StepAction(self.kind)].get(language) or str(self.get_kind_display())


class ReactionKind(models.TextChoices):
    PLEAD = "plead", _("Pleaded for another chance")
    ANGER = "anger", _("Got angry")
    RELIEF = "relief", _("Was relieved")


REPLY_KIND = {ReactionKind.PLEAD: "reply_plead", ReactionKind.ANGER: "reply_anger", ReactionKind.RELIEF: "reply_relief"}


class ReactionRecorded(WorkspaceOwned):
    """How the client took the letter."""

    plan = models.ForeignKey(ExitPlan, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(_("reaction"), max_length=8, choices=ReactionKind.choices)
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")


class FutureProspect(models.TextChoices):
    YES = "yes", _("Yes, they can come back")
    ONCE_PAID = "once_paid", _("Only once everything is paid")
    NO = "no", _("No")


class LessonsLearned(WorkspaceOwned):
    """The short retrospective answered when a plan closes."""

    plan = models.OneToOneField(ExitPlan, on_delete=models.CASCADE, related_name="lessons")
    signals = models.JSONField(_("warning signs behind the ending"), default=list, blank=True)
    what_happened = models.TextField(_("what happened, in a few lines"), blank=True)
    next_time = models.TextField(_("what you will do differently"), blank=True)
    future_prospect = models.CharField(
        _("could they be a client again?"), max_length=10, choices=FutureProspect.choices,
        default=FutureProspect.ONCE_PAID,
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lessons learned")
        verbose_name_plural = _("lessons learned")


class IntakeOutcome(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    DECLINE = "decline", _("Declined")


class IntakeDecision(WorkspaceOwned):
    """What the user decided about a prospect, against what the checklist said."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_decisions")
    outcome = models.CharField(_("decision"), max_length=8, choices=IntakeOutcome.choices)
    checklist_said = models.CharField(_("the checklist said"), max_length=8)
    items = models.JSONField(default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("intake decision")
        verbose_name_plural = _("intake decisions")


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
        ordering = ["at", "id"]
        verbose_name = _("silence protocol transition")
        verbose_name_plural = _("silence protocol transitions")


class CalendarFeed(models.Model):
    """A user's secret iCalendar address; only a hash of its token is kept."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
