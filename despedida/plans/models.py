"""Stored exit plans: the dated steps, the reactions met on the way, and the closing.

The pure engine (despedida.core.plans) decides; these rows remember what was
decided, when each step falls due, what was done, by whom and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned
from despedida.clients.models import Client
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
