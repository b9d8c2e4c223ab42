from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from despedida.accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspaces/<int:workspace_id>/switch/", views.switch_workspace, name="switch_workspace"),
    # The language can be chosen on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
