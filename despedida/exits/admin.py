"""Read-mostly admin views of the workflows, for support. The pages are the way to work."""

from django.contrib import admin

from despedida.exits.models import (
    ExitPlan,
    IntakeDecision,
    LessonsLearned,
    PlanStep,
    ReactionRecorded,
    SilenceProtocol,
    SilenceTransition,
)
from despedida.letters.models import LetterDraft, LetterVersion, ReviewComment, ReviewLink


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0
    fields = ("kind", "on", "optional", "done_at", "done_by")
    readonly_fields = ("done_by",)


@admin.register(ExitPlan)
class ExitPlanAdmin(admin.ModelAdmin):
    list_display = ("client", "workspace", "status", "notice_on", "last_work_on", "handover_until")
    list_filter = ("status",)
    search_fields = ("client__name",)
    raw_id_fields = ("client", "created_by")
    readonly_fields = ("suggestion", "final_invoice")
    inlines = [PlanStepInline]


class SilenceTransitionInline(admin.TabularInline):
    model = SilenceTransition
    extra = 0
    can_delete = False
    fields = ("at", "from_state", "to_state", "cause", "by", "note")
    readonly_fields = fields


@admin.register(SilenceProtocol)
class SilenceProtocolAdmin(admin.ModelAdmin):
    list_display = ("client", "workspace", "state", "automatic", "checkin_due_on", "deadline")
    list_filter = ("state", "automatic")
    search_fields = ("client__name",)
    raw_id_fields = ("client", "started_by", "awaiting_message")
    inlines = [SilenceTransitionInline]


admin.site.register(ReactionRecorded, list_display=("plan", "kind", "at"))
admin.site.register(LessonsLearned, list_display=("plan", "future_prospect", "created_at"))
admin.site.register(IntakeDecision, list_display=("client", "outcome", "checklist_said", "decided_at"))


# The stored letter drafts live in the letters app; their admin sits here with the workflows.
class LetterVersionInline(admin.TabularInline):
    model = LetterVersion
    extra = 0
    can_delete = False
    fields = ("number", "subject", "created_at", "created_by")
    readonly_fields = fields


@admin.register(LetterDraft)
class LetterDraftAdmin(admin.ModelAdmin):
    list_display = ("subject", "client", "kind", "status", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("subject", "client__name")
    raw_id_fields = ("client", "plan", "silence_protocol", "outbound", "message", "created_by",
                     "cool_off_overridden_by")
    inlines = [LetterVersionInline]


@admin.register(ReviewLink)
class ReviewLinkAdmin(admin.ModelAdmin):
    list_display = ("draft", "label", "created_at", "expires_at", "revoked_at")
    # The hash is useless to anyone; the token itself was never stored.
    exclude = ("token_hash",)


admin.site.register(ReviewComment, list_display=("link", "author", "created_at"))
