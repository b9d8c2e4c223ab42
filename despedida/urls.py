from django.contrib import admin
from django.urls import include, path, register_converter

from despedida.web.converters import ClientKeyConverter

# A client's id in an address (any text the portfolio format allows); used by every app's URLs.
register_converter(ClientKeyConverter, "clientkey")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("despedida.accounts.urls")),
    path("", include("despedida.web.urls")),
    path("clients/", include("despedida.clients.urls")),
    path("assessment/", include("despedida.assessment.urls")),
    path("letters/", include("despedida.letters.urls")),
    path("letters/", include("despedida.documents.urls")),
    path("exits/", include("despedida.plans.urls")),
    path("exits/", include("despedida.silence.urls")),
    path("exits/", include("despedida.intake.urls")),
    path("exits/", include("despedida.lessons.urls")),
    path("outbox/", include("despedida.outbox.urls")),
    path("mail/", include("despedida.mailbox.urls")),
    path("settings/", include("despedida.workspace_settings.urls")),
]
