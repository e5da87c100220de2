from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .oidc import oidc_callback, oidc_start

urlpatterns = [
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("clave/", views.PasswordChangeView.as_view(), name="password_change"),
    path("clave/lista/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("clave/restablecer/", views.PasswordResetView.as_view(), name="password_reset"),
    path("clave/restablecer/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "clave/restablecer/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "clave/restablecer/listo/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tokens/", views.tokens, name="account_tokens"),
    path("tokens/<str:digest>/revocar/", views.token_revoke_view, name="account_token_revoke"),
]

# --- sign-in with the entity's directory and two-factor (issue 10 items 5-7) ---
urlpatterns += [
    path("oidc/ingresar/", oidc_start, name="oidc_login"),
    path("oidc/callback/", oidc_callback, name="oidc_callback"),
    path("dos-factores/", views.two_factor_home, name="two_factor"),
    path("dos-factores/activar/", views.two_factor_enrol, name="two_factor_enrol"),
    path("dos-factores/verificar/", views.two_factor_verify, name="two_factor_verify"),
    path("dos-factores/codigos/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
]
