"""Addresses of a prospect's intake page (under /exits/)."""

from django.urls import path

from despedida.intake import views

app_name = "intake"

urlpatterns = [
    path("clients/<int:client_pk>/intake/", views.intake, name="intake"),
    path("clients/<int:client_pk>/intake/accept/", views.intake_accept, name="intake_accept"),
    path("clients/<int:client_pk>/intake/decline/", views.intake_decline, name="intake_decline"),
]
