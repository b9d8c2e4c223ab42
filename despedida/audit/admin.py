"""The audit log in the admin: readable, never editable."""

from django.contrib import admin

from despedida.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("workspace", "sequence", "at", "actor", "action", "kind", "object_id")
    list_filter = ("action", "kind")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
