from django.urls import path

from despedida.workspace_settings import (
    csv_views,
    join_views,
    letterhead_views,
    team_views,
    transfer_views,
    views,
)

app_name = "settings"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("profile/", views.profile, name="profile"),
    path("letterhead/", letterhead_views.letterhead, name="letterhead"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("thresholds/reset/", views.thresholds_reset, name="thresholds_reset"),
    path("assess/", views.assess_all, name="assess_all"),
    path("demo/refresh/", views.demo_refresh, name="demo_refresh"),
    path("progress/<str:key>/", views.progress_status, name="progress"),
    path("team/", team_views.team_page, name="team"),
    path("team/invite/", team_views.invite, name="invite"),
    path("team/<int:pk>/role/", team_views.change_role, name="change_role"),
    path("team/<int:pk>/remove/", team_views.remove_member, name="remove_member"),
    path("team/invitations/<int:pk>/revoke/", team_views.revoke_invitation, name="revoke_invitation"),
    path("join/<str:token>/", join_views.join, name="join"),
    path("import/", transfer_views.import_page, name="import"),
    path("import/confirm/", transfer_views.import_confirm, name="import_confirm"),
    path("import/cancel/", transfer_views.import_cancel, name="import_cancel"),
    path("import/csv/", csv_views.upload, name="import_csv"),
    path("import/csv/review/", csv_views.review, name="import_csv_review"),
    path("import/csv/cancel/", csv_views.cancel, name="import_csv_cancel"),
    path("export/", transfer_views.export_page, name="export"),
    path("export/download/", transfer_views.export_download, name="export_download"),
]
