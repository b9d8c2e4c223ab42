from django.urls import path

from despedida.mailbox import views

app_name = "mail"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/folders/", views.load_folders, name="folders"),
    path("settings/test/", views.test_connection, name="test"),
    path("sync/", views.sync_now, name="sync"),
    path("unknown/", views.unknown_senders, name="unknown"),
    path("unknown/<int:pk>/assign/", views.assign, name="assign"),
    path("unknown/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("c/<clientkey:key>/addresses/", views.address_add, name="address_add"),
    path("addresses/<int:pk>/remove/", views.address_remove, name="address_remove"),
    path("messages/<int:pk>/needs-reply/", views.needs_reply, name="needs_reply"),
]
