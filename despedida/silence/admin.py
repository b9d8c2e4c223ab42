"""Read-mostly admin views of silence protocols, for support."""

from django.contrib import admin

from despedida.silence.models import SilenceProtocol, SilenceTransition


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
