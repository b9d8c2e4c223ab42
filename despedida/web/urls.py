from django.urls import path

from despedida.web import client_views, views

app_name = "web"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("healthz", views.healthz, name="healthz"),
    path("c/<slug:key>/", client_views.client_page, name="client"),
    path("c/<slug:key>/log/<str:form_name>/", client_views.log_record, name="log"),
    path("c/<slug:key>/dossier/", client_views.dossier, name="dossier"),
]
