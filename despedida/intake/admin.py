"""Read-mostly admin view of intake decisions, for support."""

from django.contrib import admin

from despedida.intake.models import IntakeDecision

admin.site.register(IntakeDecision, list_display=("client", "outcome", "checklist_said", "decided_at"))
