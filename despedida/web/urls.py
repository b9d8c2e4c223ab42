from django.urls import path

from despedida.web import calendar_views, client_views, first_business, record_views, timeline_views, views

app_name = "web"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("healthz", views.healthz, name="healthz"),
    path("business/new/", first_business.business_new, name="business_new"),
    path("clients/new/", record_views.client_new, name="client_new"),
    path("c/<clientkey:key>/", client_views.client_page, name="client"),
    path("c/<clientkey:key>/edit/", record_views.client_edit, name="client_edit"),
    path("c/<clientkey:key>/archive/", record_views.client_archive, name="client_archive"),
    path("c/<clientkey:key>/entries/<str:kind>/<int:pk>/edit/", timeline_views.entry_edit, name="entry_edit"),
    path("c/<clientkey:key>/entries/<str:kind>/<int:pk>/delete/", timeline_views.entry_delete, name="entry_delete"),
    path("c/<clientkey:key>/undo/<str:token>/", timeline_views.entry_undo, name="entry_undo"),
    path("c/<clientkey:key>/contract/", record_views.contract_edit, name="contract_edit"),
    path("c/<clientkey:key>/projects/new/", record_views.project_edit, name="project_new"),
    path("c/<clientkey:key>/projects/<int:pk>/", record_views.project_edit, name="project_edit"),
    path(
        "c/<clientkey:key>/projects/<int:project_pk>/milestones/new/", record_views.milestone_edit, name="milestone_new"
    ),
    path(
        "c/<clientkey:key>/projects/<int:project_pk>/milestones/<int:pk>/",
        record_views.milestone_edit,
        name="milestone_edit",
    ),
    path("c/<clientkey:key>/log/<str:form_name>/", client_views.log_record, name="log"),
    path("c/<clientkey:key>/dossier/", client_views.dossier, name="dossier"),
    # The calendar feed (its addresses predate the web app).
    path("exits/calendar/", calendar_views.calendar_settings, name="calendar"),
    path("exits/calendar/new/", calendar_views.calendar_regenerate, name="calendar_regenerate"),
    path("exits/calendar/revoke/", calendar_views.calendar_revoke, name="calendar_revoke"),
    path("exits/calendar/<str:token>.ics", calendar_views.calendar_ics, name="calendar_feed"),
]
