"""Read-mostly admin views of exit plans, for support. The pages are the way to work."""

from django.contrib import admin

from despedida.plans.models import ExitPlan, PlanStep, ReactionRecorded


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


admin.site.register(ReactionRecorded, list_display=("plan", "kind", "at"))
