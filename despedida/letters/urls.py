from django.urls import path

from despedida.letters import views

app_name = "letters"

urlpatterns = [
    path("new/<int:client_pk>/", views.new, name="new"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/eml/", views.eml, name="eml"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/review-links/", views.review_link_new, name="review_link_new"),
    path("<int:pk>/review-links/<int:link_pk>/revoke/", views.review_link_revoke, name="review_link_revoke"),
    path("tone/", views.tone, name="tone"),
    path("check/", views.check, name="check"),
    path("review/<str:token>/", views.review, name="review"),
]
