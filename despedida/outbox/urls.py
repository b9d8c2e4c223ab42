from django.urls import path

from despedida.outbox import views

app_name = "outbox"

urlpatterns = [
    path("", views.outbox, name="list"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/eml/", views.message_eml, name="eml"),
    path("<int:pk>/queue/", views.message_queue, name="queue"),
    path("<int:pk>/cancel/", views.message_cancel, name="cancel"),
    path("<int:pk>/mark-sent/", views.message_mark_sent, name="mark_sent"),
    path("<int:pk>/confirm/", views.message_confirm, name="confirm"),
    path("settings/", views.smtp_settings, name="settings"),
    path("settings/test/", views.smtp_test, name="test"),
]
