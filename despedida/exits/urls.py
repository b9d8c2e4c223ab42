from django.urls import path

from despedida.exits import views, views_calendar, views_intake, views_silence

app_name = "exits"

urlpatterns = [
    path("clients/<int:client_pk>/", views.client_workflows, name="client"),
    # Exit plans.
    path("clients/<int:client_pk>/plan/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/steps/<int:step_pk>/toggle/", views.plan_step_toggle, name="plan_step_toggle"),
    path("plans/<int:pk>/letter/", views.plan_letter, name="plan_letter"),
    path("plans/<int:pk>/replies/<slug:kind>/", views.plan_reply, name="plan_reply"),
    path("plans/<int:pk>/reaction/", views.plan_reaction, name="plan_reaction"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/lessons/", views.plan_lessons, name="lessons"),
    path("plans/<int:pk>/cancel/", views.plan_cancel, name="plan_cancel"),
    path("contract-checklist/", views.contract_checklist, name="contract_checklist"),
    # The silence protocol.
    path("clients/<int:client_pk>/silence/", views_silence.silence, name="silence"),
    path("clients/<int:client_pk>/silence/start/", views_silence.silence_start, name="silence_start"),
    path("silence/<int:pk>/<slug:action>/", views_silence.silence_action, name="silence_action"),
    # Intake.
    path("clients/<int:client_pk>/intake/", views_intake.intake, name="intake"),
    path("clients/<int:client_pk>/intake/accept/", views_intake.intake_accept, name="intake_accept"),
    path("clients/<int:client_pk>/intake/decline/", views_intake.intake_decline, name="intake_decline"),
    # The calendar feed.
    path("calendar/", views_calendar.calendar_settings, name="calendar"),
    path("calendar/new/", views_calendar.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/revoke/", views_calendar.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views_calendar.calendar_ics, name="calendar_feed"),
]
