from django.contrib import admin

from despedida.accounts.models import Membership, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "currency", "language")
    inlines = [MembershipInline]
