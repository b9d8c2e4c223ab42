"""Addresses of the silence protocol's page and buttons (under /exits/)."""

from django.urls import path

from despedida.silence import views

app_name = "silence"

urlpatterns = [
    path("clients/<int:client_pk>/silence/", views.silence, name="silence"),
    path("clients/<int:client_pk>/silence/start/", views.silence_start, name="silence_start"),
    path("silence/<int:pk>/<slug:action>/", views.silence_action, name="silence_action"),
]
