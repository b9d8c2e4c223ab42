"""Addresses of the lessons pages (under /exits/)."""

from django.urls import path

from despedida.lessons import views

app_name = "lessons"

urlpatterns = [
    path("plans/<int:pk>/lessons/", views.plan_lessons, name="lessons"),
    path("contract-checklist/", views.contract_checklist, name="contract_checklist"),
]
