from django.contrib import admin

from despedida.outbox.models import OutboundMessage, SmtpAccount


@admin.register(SmtpAccount)
class SmtpAccountAdmin(admin.ModelAdmin):
    # The encrypted password is not editable and never listed: set it on the SMTP settings page.
    list_display = ["workspace", "host", "port", "security", "from_address"]
    exclude = ["password_encrypted"]


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "workspace", "client", "status", "failure", "attempts", "sent_at", "created_at"]
    list_filter = ["status", "failure"]
    search_fields = ["subject", "message_id"]
    # Status moves only through the outbox's compare-and-swap updates, never by hand here.
    readonly_fields = [
        "message_id",
        "status",
        "failure",
        "last_error",
        "attempts",
        "next_attempt_at",
        "claimed_by",
        "claimed_at",
        "claim_token",
        "delivery_started_at",
        "sent_at",
        "timeline_message",
        "confirmed_by",
    ]
    raw_id_fields = ["client", "created_by"]
