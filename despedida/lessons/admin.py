"""Read-mostly admin view of lessons learned, for support."""

from django.contrib import admin

from despedida.lessons.models import LessonsLearned

admin.site.register(LessonsLearned, list_display=("plan", "future_prospect", "created_at"))
