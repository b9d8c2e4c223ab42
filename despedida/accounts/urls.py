from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from despedida.accounts import account_views, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/code/", account_views.two_factor_verify, name="two_factor_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspaces/<int:workspace_id>/switch/", views.switch_workspace, name="switch_workspace"),
    # The language can be chosen on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("account/", account_views.account, name="account"),
    path("account/password/", account_views.PasswordChange.as_view(), name="password_change"),
    path("account/notices/read/", account_views.notices_read, name="notices_read"),
    path("account/sessions/end/", account_views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/two-factor/", account_views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/two-factor/recovery-codes/", account_views.two_factor_recovery_codes, name="two_factor_recovery_codes"
    ),
    path("account/two-factor/off/", account_views.two_factor_disable, name="two_factor_disable"),
    path("password-reset/", account_views.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent/", account_views.PasswordResetDone.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/", account_views.PasswordResetConfirm.as_view(), name="password_reset_confirm"
    ),
    path("password-reset/done/", account_views.PasswordResetComplete.as_view(), name="password_reset_complete"),
]
