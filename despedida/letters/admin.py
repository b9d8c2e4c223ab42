"""Read-mostly admin views of letter drafts and review links, for support."""

from django.contrib import admin

from despedida.letters.models import LetterDraft, LetterVersion, ReviewComment, ReviewLink


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
    raw_id_fields = (
        "client",
        "plan",
        "silence_protocol",
        "outbound",
        "message",
        "created_by",
        "cool_off_overridden_by",
    )
    inlines = [LetterVersionInline]


@admin.register(ReviewLink)
class ReviewLinkAdmin(admin.ModelAdmin):
    list_display = ("draft", "label", "created_at", "expires_at", "revoked_at")
    # The hash is useless to anyone; the token itself was never stored.
    exclude = ("token_hash",)


admin.site.register(ReviewComment, list_display=("link", "author", "created_at"))
