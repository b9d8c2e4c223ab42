from django.urls import path

from despedida.web import views

app_name = "web"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
]
