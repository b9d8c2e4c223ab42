"""Addresses of the exit plan pages (under /exits/, where they have always been)."""

from django.urls import path

from despedida.plans import views

app_name = "plans"

urlpatterns = [
    path("clients/<int:client_pk>/", views.client_workflows, name="client"),
    path("clients/<int:client_pk>/plan/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/steps/<int:step_pk>/toggle/", views.plan_step_toggle, name="plan_step_toggle"),
    path("plans/<int:pk>/letter/", views.plan_letter, name="plan_letter"),
    path("plans/<int:pk>/replies/<slug:kind>/", views.plan_reply, name="plan_reply"),
    path("plans/<int:pk>/reaction/", views.plan_reaction, name="plan_reaction"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/cancel/", views.plan_cancel, name="plan_cancel"),
]
